"""How a day's listing meets a group's catalog model (pure): the catalog's profile under the
day's IDF, and the catalog entry closest to a candidate, for the reason a digest gives."""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable

from jobs.rank.catalog_model import CatalogModel
from jobs.rank.listing_index import ListingIndex

MIN_POSTINGS = 64
POSTINGS_SHARE = 0.02
SHORTLIST = 8
SEARCH_WORDS = 16

Seen = dict[int, tuple[float, float, dict[str, float]]]  # entry -> length, day cosine, vector


def profile(model: CatalogModel, index: ListingIndex) -> dict[str, float]:
    """The catalog's centroid weighed by the day's IDF, at unit length, over the day's words
    (a word no candidate uses adds to the length only)."""
    ids, mass = model.term_ids, model.mass
    raw: dict[str, float] = {}
    inside = 0.0
    for term, idf in index.idf.items():
        number = ids.get(term)
        if number is not None and (weight := mass[number]):
            raw[term] = weight * idf
            inside += weight * weight
    outside = max(model.mass_square - inside, 0.0) * index.unseen_idf * index.unseen_idf
    norm = math.sqrt(sum(w * w for w in raw.values()) + outside) or 1.0
    return {term: w / norm for term, w in raw.items()}


def search_words(model: CatalogModel, vector: dict[str, float]) -> list[str]:
    """A candidate's strongest words that few entries use: a word in many entries says little
    about which is nearest, so only these short-list the entries."""
    limit = rare_limit(model)
    ids, counts = model.term_ids, model.counts
    strongest = heapq.nlargest(SEARCH_WORDS, vector, key=vector.__getitem__)
    return [t for t in strongest if (n := ids.get(t)) is not None and 0 < counts[n] <= limit]


def rare_limit(model: CatalogModel) -> int:
    """How many entries may use a word for it to short-list them."""
    return max(MIN_POSTINGS, int(len(model.keys) * POSTINGS_SHARE))


def nearest_entry(
    model: CatalogModel,
    index: ListingIndex,
    vector: dict[str, float],
    words: Iterable[str],
    contrast: float = 0.0,
    seen: Seen | None = None,
) -> tuple[int, float] | None:
    """The entry closest to a candidate and their cosine (TF-IDF vectors under the day's IDF).
    Entries are short-listed by the candidate's search `words` (see `search_words`), then
    compared in full; `contrast` times an entry's cosine to the whole day is taken off, so a
    generic entry is not everyone's nearest. `seen` keeps what was learnt of each entry across
    the candidates of one day."""
    if model.empty:
        return None
    idf_of = index.idf_of
    partial: dict[int, float] = {}
    for term in words:
        boost = vector[term] * idf_of(term)
        for entry, weight in model.posting(term):
            partial[entry] = partial.get(entry, 0.0) + boost * weight
    known: Seen = {} if seen is None else seen
    best: tuple[int, float] | None = None
    best_score = 0.0
    for entry in heapq.nlargest(SHORTLIST, partial, key=partial.__getitem__):
        if entry not in known:
            known[entry] = entry_measures(model.entry(entry), index)
        norm, day, weights = known[entry]
        get = weights.get
        close = sum(w * idf_of(term) * get(term, 0.0) for term, w in vector.items()) / norm
        score = close - contrast * day
        if best is None or score > best_score:
            best, best_score = (entry, close), score
    return best


def entry_measures(
    entry: dict[str, float], index: ListingIndex
) -> tuple[float, float, dict[str, float]]:
    """An entry's length under the day's IDF, its cosine to the day's centroid, and itself."""
    idf, unseen, day = index.idf, index.unseen_idf, index.day
    weighted = [(w * idf.get(term, unseen), day.get(term, 0.0)) for term, w in entry.items()]
    norm = math.sqrt(sum(w * w for w, _ in weighted)) or 1.0
    return norm, sum(w * d for w, d in weighted) / norm, entry
