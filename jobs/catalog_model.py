"""A group's catalog as the lexical ranker sees it (pure), built once per catalog and reusable
across digests (it does not depend on the day): each entry's words (title, abstract and notes,
untruncated) with unit-length sublinear term frequencies, their sum (the centroid before the
day's IDF weighs it) and an inverted index to find an entry close to a paper."""

from __future__ import annotations

import hashlib
import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from jobs.listing_index import ListingIndex
from jobs.terms import sublinear, term_counts


@dataclass(frozen=True)
class CatalogEntry:
    """One paper of the group's catalog with the text it is known by (title, abstract, notes)."""

    key: str  # arXiv id, or the note's entry key
    text: str
    has_notes: bool = True
    title: str = ""  # what a member knows it by; never the key


@dataclass(frozen=True)
class CatalogModel:
    """The catalog's entries as unit term-frequency vectors, their sum and an inverted index."""

    titles: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    has_notes: tuple[bool, ...] = ()
    weights: tuple[dict[str, float], ...] = ()
    mass: dict[str, float] = field(default_factory=dict)  # the sum of the entries' vectors
    postings: dict[str, list[int]] = field(default_factory=dict)  # word -> entries using it
    mass_square: float = 0.0  # the sum of the squares of `mass`

    @property
    def empty(self) -> bool:
        return not self.keys


def build_catalog_model(entries: Sequence[CatalogEntry]) -> CatalogModel:
    """Index a group's catalog once; reuse it for every listing until the catalog changes."""
    weights: list[dict[str, float]] = []
    mass: dict[str, float] = {}
    postings: dict[str, list[int]] = {}
    for index, entry in enumerate(entries):
        counts = term_counts(entry.text)
        raw = {term: sublinear(n) for term, n in counts.items()}
        norm = math.sqrt(sum(w * w for w in raw.values())) or 1.0
        vector = {term: w / norm for term, w in raw.items()}
        weights.append(vector)
        for term, weight in vector.items():
            mass[term] = mass.get(term, 0.0) + weight
            postings.setdefault(term, []).append(index)
    return CatalogModel(
        tuple(entry.title or entry.key for entry in entries),
        tuple(entry.key for entry in entries),
        tuple(entry.has_notes for entry in entries),
        tuple(weights),
        mass,
        postings,
        sum(w * w for w in mass.values()),
    )


def catalog_fingerprint(entries: Sequence[CatalogEntry]) -> str:
    """A digest of everything the model is built from: equal fingerprints, equal models."""
    digest = hashlib.sha256()
    for entry in entries:
        for part in (entry.key, entry.title, entry.text, "1" if entry.has_notes else "0"):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\x00")
    return digest.hexdigest()


def profile(model: CatalogModel, index: ListingIndex) -> dict[str, float]:
    """The catalog's centroid weighed by the day's IDF, at unit length, over the day's words
    (a word no candidate uses adds to the length only)."""
    idf, unseen, mass = index.idf, index.unseen_idf, model.mass
    shared = idf.keys() & mass.keys()
    raw = {term: mass[term] * idf[term] for term in shared}
    inside = sum(mass[term] ** 2 for term in shared)
    outside = max(model.mass_square - inside, 0.0) * unseen * unseen
    norm = math.sqrt(sum(w * w for w in raw.values()) + outside) or 1.0
    return {term: w / norm for term, w in raw.items()}


def nearest_entry(
    model: CatalogModel,
    index: ListingIndex,
    vector: dict[str, float],
    contrast: float = 0.0,
    seen: dict[int, tuple[float, float]] | None = None,
) -> tuple[int, float] | None:
    """The entry closest to a candidate and their cosine (TF-IDF vectors under the day's IDF).
    Entries are short-listed by the candidate's strongest words that few entries use (a word
    in many entries says little about which is nearest), then compared in full; `contrast` times an
    entry's cosine to the whole day is taken off, so a generic entry is not everyone's nearest.
    `seen` keeps each entry's length and cosine to the day across the candidates of one day."""
    if model.empty:
        return None
    idf_of = index.idf_of
    postings, weights = model.postings, model.weights
    limit = max(MIN_POSTINGS, int(len(model.keys) * POSTINGS_SHARE))
    partial: dict[int, float] = {}
    for term in heapq.nlargest(SEARCH_WORDS, vector, key=vector.__getitem__):
        weight = vector[term]
        posting = postings.get(term)
        if posting is None or len(posting) > limit:
            continue
        boost = weight * idf_of(term)
        for entry in posting:
            partial[entry] = partial.get(entry, 0.0) + boost * weights[entry][term]
    known = {} if seen is None else seen
    best: tuple[int, float] | None = None
    best_score = 0.0
    for entry in heapq.nlargest(SHORTLIST, partial, key=partial.__getitem__):
        if entry not in known:
            known[entry] = entry_measures(weights[entry], index)
        norm, day = known[entry]
        get = weights[entry].get
        close = sum(w * idf_of(term) * get(term, 0.0) for term, w in vector.items()) / norm
        score = close - contrast * day
        if best is None or score > best_score:
            best, best_score = (entry, close), score
    return best


MIN_POSTINGS = 64
POSTINGS_SHARE = 0.02
SHORTLIST = 8
SEARCH_WORDS = 16


def entry_measures(entry: dict[str, float], index: ListingIndex) -> tuple[float, float]:
    """An entry's length under the day's IDF, and its cosine to the day's centroid."""
    idf, unseen, day = index.idf, index.unseen_idf, index.day
    weighted = [(w * idf.get(term, unseen), day.get(term, 0.0)) for term, w in entry.items()]
    norm = math.sqrt(sum(w * w for w, _ in weighted)) or 1.0
    return norm, sum(w * d for w, d in weighted) / norm
