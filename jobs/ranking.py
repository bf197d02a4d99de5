"""Rank a day's candidates for one group (pure): its keywords, similarity to its own catalog
(papers it claimed or noted, and the notes), and a small preference for new over cross-lists.

Similarity to the catalog is a Rocchio profile: the centroid of the catalog entries' TF-IDF
vectors (each cut to its strongest terms), against which every candidate is scored in one pass.
The "close to notes on …" reason names the nearest single entry, found through an inverted index
for the few candidates that are shown.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter

KEYWORD_TITLE_WEIGHT = 3.0
KEYWORD_ABSTRACT_WEIGHT = 1.0
SIMILARITY_WEIGHT = 4.0
SIMILARITY_REASON = 0.12  # below this cosine, "close to notes on …" would be noise
NEW_BONUS = 0.25
TOP_TERMS = 16
# A term in the strongest terms of more catalog entries than this says little about which entry
# is nearest, and its long posting list would dominate the cost: it is left out of the index.
MAX_POSTINGS = 48

_WORD = re.compile(r"[a-z][a-z0-9]+|[0-9]+[a-z][a-z0-9]*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_STOPWORDS_TEXT = """a about above across after again against all also although am among an and
    any are as at
    based be been being between both but by can could did do does doing done due during each either
    et etc even ever few for from further given had has have having here how however i if in into is
    it its itself just large less many may more most much must new no nor not novel of off often on
    once one only or other our out over own paper per propose proposed rather results same several
    should show shows significantly since so some such than that the their them then there these
    they this those though through thus to too under until up upon us use used uses using various
    very via was we well were what when where whether which while who whose why will with within
    without would yet you"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


@dataclass(frozen=True)
class Keyword:
    """One of the group's keywords: a phrase to find, or (leading "-") to exclude."""

    text: str
    exclude: bool
    pattern: re.Pattern[str]
    needle: str  # a lower-case substring any match contains: a cheap test before the regex

    def found_in(self, lowered: str, original: str) -> bool:
        """Whether the keyword occurs in `original` (whose lower-case form is `lowered`)."""
        return self.needle in lowered and self.pattern.search(original) is not None


@dataclass(frozen=True)
class CatalogEntry:
    """One paper of the group's catalog with the text it is known by (title, abstract, notes)."""

    key: str  # arXiv id, or the note's entry key
    text: str
    has_notes: bool = True


@dataclass(frozen=True)
class RankInput:
    """A candidate as ranking sees it."""

    arxiv_id: str
    title: str
    abstract: str
    announce_type: str  # new | cross
    position: int


@dataclass(frozen=True)
class Reason:
    """Why a paper was chosen: keyword matches, or closeness to a catalog entry."""

    kind: str  # "match" | "close"
    value: str  # "lora, rag" | "2312.10997"
    notes: bool = True  # for "close": the entry has notes (else it was only claimed)


@dataclass(frozen=True)
class Ranked:
    """A candidate with its score and reasons."""

    arxiv_id: str
    score: float
    reasons: tuple[Reason, ...] = ()
    position: int = 0


@dataclass
class CatalogModel:
    """The catalog as truncated, normalised TF-IDF vectors behind an inverted index."""

    idf: dict[str, float]
    default_idf: float
    keys: list[str] = field(default_factory=list)
    has_notes: list[bool] = field(default_factory=list)
    postings: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    profile: dict[str, float] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.keys


def compile_keyword(text: str) -> Keyword:
    """Case-insensitive whole words and phrases (hyphen or space between words, plural -s);
    CJK keywords match as substrings since Chinese has no spaces between words."""
    exclude = text.startswith("-")
    phrase = text.removeprefix("-").strip()
    if _CJK.search(phrase):
        pattern = re.compile(re.escape(phrase), re.IGNORECASE)
        return Keyword(phrase, exclude, pattern, phrase.lower())
    words = [word for word in re.split(r"[\s\-]+", phrase) if word]
    body = r"[\s\-]+".join(re.escape(word) for word in words)
    pattern = re.compile(rf"(?<!\w){body}(?:e?s)?(?!\w)", re.IGNORECASE)
    return Keyword(phrase, exclude, pattern, words[0].lower() if words else phrase.lower())


def tokens(text: str) -> list[str]:
    """Lower-case word tokens without stopwords, for similarity."""
    return [word for word in _WORD.findall(text.lower()) if word not in STOPWORDS]


_TF = [0.0] + [1 + math.log(n) for n in range(1, 64)]  # sublinear term frequency, precomputed


def _vector(counts: Counter[str], idf: dict[str, float], default: float) -> dict[str, float]:
    get = idf.get
    weights = {term: _TF[n if n < 64 else 63] * get(term, default) for term, n in counts.items()}
    top = heapq.nlargest(TOP_TERMS, weights.items(), key=itemgetter(1))
    norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
    return {term: w / norm for term, w in top}


def build_catalog_model(
    entries: Sequence[CatalogEntry], extra_docs: Sequence[str] = ()
) -> CatalogModel:
    """Index the catalog; document frequencies also count the day's candidates (`extra_docs`)."""
    entry_counts = [Counter(tokens(entry.text)) for entry in entries]
    df: Counter[str] = Counter()
    for counts in entry_counts:
        df.update(counts.keys())
    for text in extra_docs:
        df.update(set(tokens(text)))
    total = len(entries) + len(extra_docs) + 1
    idf = {term: math.log(total / (1 + n)) + 1 for term, n in df.items()}
    model = CatalogModel(idf, math.log(total) + 1)
    centroid: defaultdict[str, float] = defaultdict(float)
    for index, (entry, counts) in enumerate(zip(entries, entry_counts, strict=True)):
        model.keys.append(entry.key)
        model.has_notes.append(entry.has_notes)
        for term, weight in _vector(counts, idf, model.default_idf).items():
            model.postings.setdefault(term, []).append((index, weight))
            centroid[term] += weight
    norm = math.sqrt(sum(w * w for w in centroid.values())) or 1.0
    model.profile = {term: w / norm for term, w in centroid.items()}
    model.postings = {t: p for t, p in model.postings.items() if len(p) <= MAX_POSTINGS}
    return model


def nearest_entry(model: CatalogModel, text: str, skip: str = "") -> tuple[int, float] | None:
    """The catalog entry closest to `text` (cosine of truncated vectors), or None."""
    if model.empty:
        return None
    vector = _vector(Counter(tokens(text)), model.idf, model.default_idf)
    scores: defaultdict[int, float] = defaultdict(float)
    postings = model.postings
    for term, weight in vector.items():
        posting = postings.get(term)
        if posting is not None:
            for index, other in posting:
                scores[index] += weight * other
    best: tuple[int, float] | None = None
    for index, score in scores.items():
        if model.keys[index] != skip and (best is None or score > best[1]):
            best = (index, score)
    return best


def profile_similarity(model: CatalogModel, text: str) -> float:
    """How much of the catalog's profile a text covers (distinct terms, length-normalised)."""
    unique = set(_WORD.findall(text.lower())) - STOPWORDS  # = set(tokens(text)), in C
    profile = model.profile
    if not unique or not profile:
        return 0.0
    return sum(map(profile.__getitem__, unique & profile.keys())) / math.sqrt(len(unique))


def rank_candidates(
    candidates: Sequence[RankInput],
    keywords: Sequence[str],
    model: CatalogModel,
    *,
    explain: int = 50,
) -> list[Ranked]:
    """Score and order candidates, best first, exclusions removed; the first `explain` get
    their nearest catalog entry as a reason. With neither keywords nor catalog: arXiv's order."""
    compiled = [compile_keyword(k) for k in keywords if k.strip().removeprefix("-").strip()]
    wanted = [k for k in compiled if not k.exclude]
    excluded = [k for k in compiled if k.exclude]
    kept = [c for c in candidates if not _excluded(c, excluded)]
    if not wanted and model.empty:
        ordered = sorted(kept, key=lambda c: c.position)
        return [Ranked(c.arxiv_id, 0.0, (), c.position) for c in ordered]
    similarity = [profile_similarity(model, f"{c.title} {c.abstract}") for c in kept]
    top_similarity = max(similarity, default=0.0) or 1.0
    ranked: list[Ranked] = []
    for candidate, close in zip(kept, similarity, strict=True):
        score = NEW_BONUS if candidate.announce_type == "new" else 0.0
        score += SIMILARITY_WEIGHT * close / top_similarity
        title, abstract = candidate.title.lower(), candidate.abstract.lower()
        matched: list[str] = []
        for keyword in wanted:
            in_title = keyword.found_in(title, candidate.title)
            in_abstract = keyword.found_in(abstract, candidate.abstract)
            if in_title or in_abstract:
                matched.append(keyword.text)
                score += KEYWORD_TITLE_WEIGHT * in_title + KEYWORD_ABSTRACT_WEIGHT * in_abstract
        reasons = (Reason("match", ", ".join(matched)),) if matched else ()
        ranked.append(Ranked(candidate.arxiv_id, round(score, 4), reasons, candidate.position))
    ranked.sort(key=lambda r: (-r.score, r.position))
    by_id = {c.arxiv_id: c for c in kept}
    for index, item in enumerate(ranked[:explain]):
        candidate = by_id[item.arxiv_id]
        near = nearest_entry(model, f"{candidate.title} {candidate.abstract}", item.arxiv_id)
        if near is not None and near[1] >= SIMILARITY_REASON:
            reason = Reason("close", model.keys[near[0]], model.has_notes[near[0]])
            ranked[index] = Ranked(
                item.arxiv_id, item.score, (*item.reasons, reason), item.position
            )
    return ranked


def _excluded(candidate: RankInput, excluded: Sequence[Keyword]) -> bool:
    title, abstract = candidate.title.lower(), candidate.abstract.lower()
    return any(
        k.found_in(title, candidate.title) or k.found_in(abstract, candidate.abstract)
        for k in excluded
    )
