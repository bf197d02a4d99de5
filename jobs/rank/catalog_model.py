"""A group's catalog as the lexical ranker sees it (pure), built when the catalog changes and
reused by every digest until it changes again (it does not depend on the day).

Each entry's words (title, abstract and notes, untruncated) are kept as unit-length sublinear
term frequencies in flat arrays (the words of entry i are `words[starts[i]:starts[i+1]]`),
with their sum per word (the centroid before the day's IDF weighs it) and the same weights by
word (an inverted index). A 5,000-note catalog takes about 10 MB this way, against ~60 MB as
dictionaries, and packs into one blob that loads in milliseconds (jobs/rank/model_blob.py). A
rebuild re-reads only the entries whose text changed: an unchanged entry's words are copied
from the previous model by its text's hash."""

from __future__ import annotations

import hashlib
import math
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate

from jobs.rank.terms import sublinear, term_counts


@dataclass(frozen=True)
class CatalogEntry:
    """One paper of the group's catalog with the text it is known by (title, abstract, notes)."""

    key: str  # arXiv id, or the note's entry key
    text: str
    has_notes: bool = True
    title: str = ""  # what a member knows it by; never the key


def _ids() -> array[int]:
    return array("I")


def _floats() -> array[float]:
    return array("d")


@dataclass(frozen=True, eq=False)
class CatalogModel:
    """The catalog's entries as unit term-frequency vectors in flat arrays, and their sum."""

    keys: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    has_notes: tuple[bool, ...] = ()
    hashes: tuple[str, ...] = ()  # of each entry's text: what a rebuild may copy
    terms: tuple[str, ...] = ()  # the vocabulary: a word's id is its place here
    starts: array[int] = field(default_factory=lambda: array("I", [0]))
    words: array[int] = field(default_factory=_ids)  # word ids, entry after entry
    weights: array[float] = field(default_factory=_floats)  # their unit-length weights
    mass: array[float] = field(default_factory=_floats)  # per word id: the entries' sum
    counts: array[int] = field(default_factory=_ids)  # per word id: entries using it
    mass_square: float = 0.0  # the sum of the squares of `mass`
    # The same weights by word (an inverted index): word w's entries are
    # posting_entries[posting_starts[w]:posting_starts[w + 1]], in entry order.
    posting_starts: array[int] = field(default_factory=lambda: array("I", [0]))
    posting_entries: array[int] = field(default_factory=_ids)
    posting_weights: array[float] = field(default_factory=_floats)

    @property
    def empty(self) -> bool:
        return not self.keys

    @cached_property
    def term_ids(self) -> dict[str, int]:
        """Each word's id."""
        return {term: number for number, term in enumerate(self.terms)}

    def entry(self, number: int) -> dict[str, float]:
        """One entry's unit vector, by word."""
        start, end = self.starts[number], self.starts[number + 1]
        words, weights, terms = self.words[start:end], self.weights[start:end], self.terms
        return {terms[w]: x for w, x in zip(words, weights, strict=True)}

    def posting(self, term: str) -> zip[tuple[int, float]]:
        """The entries using a word, with its weight in each."""
        number = self.term_ids.get(term)
        if number is None:
            return zip((), (), strict=True)
        start, end = self.posting_starts[number], self.posting_starts[number + 1]
        entries, weights = self.posting_entries[start:end], self.posting_weights[start:end]
        return zip(entries, weights, strict=True)

    def mass_of(self, term: str) -> float:
        """The centroid's (unweighed) value for a word; 0 for a word no entry uses."""
        number = self.term_ids.get(term)
        return 0.0 if number is None else self.mass[number]

    @property
    def size(self) -> int:
        """How many word weights the model holds (its memory is about 24 bytes each)."""
        return len(self.words)


def text_hash(text: str) -> str:
    """A short fingerprint of an entry's text: equal texts, equal vectors."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()


def build_catalog_model(
    entries: Sequence[CatalogEntry], previous: CatalogModel | None = None
) -> CatalogModel:
    """Index a group's catalog; with `previous`, entries whose text is unchanged are copied."""
    copied: dict[str, int] = {}
    if previous is not None:
        copied = {digest: number for number, digest in enumerate(previous.hashes)}
    terms = list(previous.terms) if previous is not None else []
    term_ids = dict(previous.term_ids) if previous is not None else {}
    starts, words, weights = array("I", [0]), array("I"), array("d")
    hashes: list[str] = []
    for entry in entries:
        digest = text_hash(entry.text)
        hashes.append(digest)
        old = copied.get(digest)
        if previous is not None and old is not None:
            start, end = previous.starts[old], previous.starts[old + 1]
            words.extend(previous.words[start:end])
            weights.extend(previous.weights[start:end])
        else:
            raw = {term: sublinear(n) for term, n in term_counts(entry.text).items()}
            norm = math.sqrt(sum(w * w for w in raw.values())) or 1.0
            for term, weight in raw.items():
                number = term_ids.get(term)
                if number is None:
                    number = term_ids[term] = len(terms)
                    terms.append(term)
                words.append(number)
                weights.append(weight / norm)
        starts.append(len(words))
    if len(terms) > 2 * len(set(words)) + 1000:  # many words no entry uses any more
        terms, words = _compact(terms, words)
    mass, counts = array("d", [0.0]) * len(terms), array("I", [0]) * len(terms)
    for number, weight in zip(words, weights, strict=True):
        mass[number] += weight
        counts[number] += 1
    posting_starts = array("I", accumulate(counts, initial=0))
    posting_entries, posting_weights = _invert(starts, words, weights, posting_starts)
    return CatalogModel(
        tuple(entry.key for entry in entries),
        tuple(entry.title or entry.key for entry in entries),
        tuple(entry.has_notes for entry in entries),
        tuple(hashes),
        tuple(terms),
        starts,
        words,
        weights,
        mass,
        counts,
        sum(w * w for w in mass),
        posting_starts,
        posting_entries,
        posting_weights,
    )


def _invert(
    starts: array[int], words: array[int], weights: array[float], posting_starts: array[int]
) -> tuple[array[int], array[float]]:
    """The weights by word, each word's entries in entry order (a counting sort: no list of
    every position is ever held, so a big catalog's rebuild stays small in memory)."""
    free = array("I", posting_starts[:-1])  # each word's next free slot
    entries, weighed = array("I", [0]) * len(words), array("d", [0.0]) * len(words)
    for entry in range(len(starts) - 1):
        for place in range(starts[entry], starts[entry + 1]):
            number = words[place]
            slot = free[number]
            free[number] = slot + 1
            entries[slot], weighed[slot] = entry, weights[place]
    return entries, weighed


def _compact(terms: list[str], words: array[int]) -> tuple[list[str], array[int]]:
    """The vocabulary without the words no entry uses, and the word ids renumbered."""
    used = sorted(set(words))
    renumber = {old: new for new, old in enumerate(used)}
    return [terms[old] for old in used], array("I", (renumber[w] for w in words))
