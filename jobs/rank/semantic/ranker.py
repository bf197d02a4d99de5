"""The semantic side of a digest (pure; numpy): how close each candidate is in meaning to the
group's catalog and to its keyword phrases, and the lexical order fused with that one.

- Catalog: a candidate's cosine to the catalog's centroid (the mean of its entries' vectors,
  Rocchio's form); the nearest entry still names the reason ("close to …").
- Keywords: a candidate's best cosine to any keyword phrase, so `retrieval augmented` also finds
  a paper that only says "RAG", and a group with keywords and no catalog gets a good digest.
- The two are added (both are cosines of the same model), then the candidates' order by that
  score is fused with the lexical order by reciprocal rank (jobs/rank/semantic/fusion.py).

The rule has no tuned weight: RRF's usual k = 60 and the plain sum were fixed before any bench
was run. The catalog's form was chosen on bench_relevance's "picks" protocol (four categories,
the catalog as it stood the day before, 22 papers the club went on to note) by a fixed rule: the
highest (R@10 + R@20) / 2 with the catalog; a tie goes to the row whose paired difference against
lexical is evidence (its 90 % interval excludes 0). Fused with the centroid: R@10 0.27, R@20 0.68
(ΔR@20 +0.18 [+0.05, +0.32] against lexical 0.50); semantic alone with the centroid ties at
0.475 without evidence; the nearest-entries form gives 0.27 / 0.59. Cutting texts at 128 tokens
instead of 256 saved about a third of the CPU but lost R@10 on the held-out protocol, so the
model's 256 stays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from jobs.rank.lexical import Ranked, Reason
from jobs.rank.semantic.bert import Array
from jobs.rank.semantic.fusion import fuse_orders, rrf_scores

CATALOG_TOP = 3
# "centroid": the cosine to the catalog's mean vector (Rocchio); "nearest": the mean of the
# CATALOG_TOP best cosines to single entries. Chosen on the club's picks (module docstring).
CATALOG_FORM = "centroid"
CLOSE_FLOOR = 0.45  # a cosine this high between two abstracts: the same topic, worth saying
MEANING_FLOOR = 0.35  # a paper this close to a keyword phrase is about it


@dataclass(frozen=True)
class EmbeddedListing:
    """A listing's candidates as unit vectors, one row per arXiv id (built once per listing)."""

    ids: tuple[str, ...]
    vectors: Array


@dataclass(frozen=True)
class SemanticProfile:
    """A group's catalog entries and keyword phrases as unit vectors."""

    titles: tuple[str, ...]
    has_notes: tuple[bool, ...]
    catalog: Array  # (entries, dimensions)
    keywords: tuple[str, ...]
    keyword_vectors: Array  # (keywords, dimensions)

    @property
    def empty(self) -> bool:
        return not self.titles and not self.keywords


@dataclass(frozen=True)
class Closeness:
    """Each candidate's semantic score, nearest catalog entry and nearest keyword."""

    score: Array
    nearest: Array  # index into the profile's catalog, -1 without a catalog
    nearest_cosine: Array
    keyword: Array  # index into the profile's keywords, -1 without keywords
    keyword_cosine: Array


def closeness(vectors: Array, profile: SemanticProfile) -> Closeness:
    """Score every candidate against the group's catalog and keywords at once."""
    count = len(vectors)
    score = np.zeros(count, dtype=np.float32)
    nearest = np.full(count, -1)
    nearest_cosine = np.zeros(count, dtype=np.float32)
    keyword = np.full(count, -1)
    keyword_cosine = np.zeros(count, dtype=np.float32)
    if len(profile.catalog) and count:
        cosines = vectors @ profile.catalog.T
        if CATALOG_FORM == "centroid":
            centre = profile.catalog.mean(axis=0)
            score += vectors @ (centre / max(float(np.linalg.norm(centre)), 1e-9))
        else:
            top = min(CATALOG_TOP, cosines.shape[1])
            score += np.sort(cosines, axis=1)[:, -top:].mean(axis=1)
        nearest = cosines.argmax(axis=1)
        nearest_cosine = cosines[np.arange(count), nearest]
    if len(profile.keyword_vectors) and count:
        cosines = vectors @ profile.keyword_vectors.T
        keyword = cosines.argmax(axis=1)
        keyword_cosine = cosines[np.arange(count), keyword]
        score += keyword_cosine
    return Closeness(score, nearest, nearest_cosine, keyword, keyword_cosine)


def fuse(
    lexical: Sequence[Ranked], listing: EmbeddedListing, profile: SemanticProfile
) -> list[Ranked]:
    """The lexical order (exclusions already removed) fused with the semantic one; each item's
    score becomes its fused score. With neither catalog nor keywords, arXiv's order stays."""
    if profile.empty or not lexical:
        return list(lexical)
    rows = {arxiv_id: row for row, arxiv_id in enumerate(listing.ids)}
    kept = [item for item in lexical if item.arxiv_id in rows]
    if not kept:
        return list(lexical)
    found = closeness(listing.vectors[[rows[item.arxiv_id] for item in kept]], profile)
    semantic = [kept[i].arxiv_id for i in np.argsort(-found.score, kind="stable")]
    orders = [[item.arxiv_id for item in lexical], semantic]
    scores = rrf_scores(orders)
    by_id = {item.arxiv_id: item for item in lexical}
    return [replace(by_id[i], score=round(scores[i], 6)) for i in fuse_orders(orders)]


def add_meaning_reasons(
    ranked: Sequence[Ranked], listing: EmbeddedListing, profile: SemanticProfile, count: int
) -> list[Ranked]:
    """For the first `count` items with no lexical reason (only arXiv's order), say which
    catalog paper or keyword phrase they are close to in meaning, when close enough."""
    result = list(ranked)
    rows = {arxiv_id: row for row, arxiv_id in enumerate(listing.ids)}
    places = [
        place
        for place, item in enumerate(result[:count])
        if item.arxiv_id in rows and all(r.kind == "order" for r in item.reasons)
    ]
    if not places or profile.empty:
        return result
    found = closeness(listing.vectors[[rows[result[p].arxiv_id] for p in places]], profile)
    for i, place in enumerate(places):
        reasons: list[Reason] = []
        if found.keyword[i] >= 0 and found.keyword_cosine[i] >= MEANING_FLOOR:
            reasons.append(Reason("meaning", profile.keywords[int(found.keyword[i])]))
        if found.nearest[i] >= 0 and found.nearest_cosine[i] >= CLOSE_FLOOR:
            entry = int(found.nearest[i])
            reasons.append(Reason("close", profile.titles[entry], profile.has_notes[entry]))
        if reasons:
            result[place] = replace(result[place], reasons=tuple(reasons))
    return result
