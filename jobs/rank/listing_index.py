"""A listing's candidates as the lexical ranker sees them (pure), built once per listing and
shared by every group that ranks it: each paper tokenised once, the day's document frequencies,
and each paper's normalised TF-IDF vector over its title and abstract, untruncated."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from jobs.rank.terms import sublinear, term_counts


@dataclass(frozen=True)
class RankInput:
    """A candidate as ranking sees it."""

    arxiv_id: str
    title: str
    abstract: str
    announce_type: str  # new | cross
    position: int


@dataclass(frozen=True)
class ListingIndex:
    """The day's candidates, their TF-IDF vectors (unit length), the day's IDF, and the day's
    centroid: what the whole listing is about, which says nothing about one group's taste."""

    candidates: tuple[RankInput, ...]
    vectors: tuple[dict[str, float], ...]
    idf: dict[str, float]
    unseen_idf: float  # the IDF of a word no candidate uses
    day: dict[str, float]  # the unit-length sum of the candidates' vectors

    def idf_of(self, term: str) -> float:
        """The day's IDF of a word (the largest for a word no candidate uses)."""
        return self.idf.get(term, self.unseen_idf)


def build_listing_index(candidates: Sequence[RankInput]) -> ListingIndex:
    """Tokenise each candidate once and weigh its words by how rare they are that day."""
    counts = [term_counts(f"{c.title} {c.abstract}") for c in candidates]
    df: Counter[str] = Counter()
    for terms in counts:
        df.update(terms.keys())
    total = len(candidates) + 1
    idf = {term: math.log(total / (1 + n)) + 1 for term, n in df.items()}
    vectors: list[dict[str, float]] = []
    day: dict[str, float] = {}
    for terms in counts:
        weights = {term: sublinear(n) * idf[term] for term, n in terms.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vector = {term: w / norm for term, w in weights.items()}
        vectors.append(vector)
        for term, weight in vector.items():
            day[term] = day.get(term, 0.0) + weight
    day_norm = math.sqrt(sum(w * w for w in day.values())) or 1.0
    day = {term: w / day_norm for term, w in day.items()}
    return ListingIndex(tuple(candidates), tuple(vectors), idf, math.log(total) + 1, day)
