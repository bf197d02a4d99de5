"""A group's keywords (pure): compiled once, matched against titles and abstracts, scored on a
bounded scale so that many broad keywords cannot swamp the similarity to the catalog.

Keywords refine, expansions count less: a Chinese keyword's English forms from the glossary
("微调" → "fine-tuning") count EXPANSION_HITS of a match as typed, and all a paper's glossary
hits together stay below one typed abstract match (EXPANSION_CAP), so a paper found only
through the glossary ranks below any paper matching a keyword as typed. Keywords that share a
spelling ("rag" and "检索增强", whose forms include "rag") are one concept and count once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from store.chinese import has_cjk
from store.parse.glossary import english_forms

TITLE_HITS = 2  # a keyword in the title counts as two in the abstract
EXPANSION_HITS = 0.25  # a glossary form counts this much of the keyword as typed
EXPANSION_CAP = 0.75  # all glossary hits of a paper: less than one typed abstract match


@dataclass(frozen=True)
class Keyword:
    """One of the group's keywords: a phrase to find, or (leading "-") to exclude."""

    text: str
    exclude: bool
    pattern: re.Pattern[str]
    needle: str  # a lower-case substring any match contains: a cheap test before the regex
    english: tuple[tuple[str, re.Pattern[str]], ...] = ()  # a Chinese keyword's English forms
    forms: tuple[str, ...] = ()  # those forms as written in the glossary
    concept: int = 0  # keywords of one concept share this number (set by compile_keywords)

    def found_in(self, lowered: str, original: str) -> bool:
        """Whether the keyword occurs in `original` (whose lower-case form is `lowered`)."""
        return self.match_in(lowered, original) is not None

    def match_in(self, lowered: str, original: str) -> str | None:
        """ "" when the keyword occurs as typed, the glossary form found instead, or None."""
        if self.needle in lowered and self.pattern.search(original) is not None:
            return ""
        for form, (needle, pattern) in zip(self.forms, self.english, strict=True):
            if needle in lowered and pattern.search(lowered):
                return form
        return None

    def spellings(self) -> frozenset[str]:
        """Every spelling of the concept, normalised (lower case, one space between words)."""
        return frozenset(_spelling(text) for text in (self.text, *self.forms))


@dataclass(frozen=True)
class KeywordSet:
    """A group's keywords split into the wanted and the excluded."""

    wanted: tuple[Keyword, ...]
    excluded: tuple[Keyword, ...]


def is_cjk(text: str) -> bool:
    """Whether a keyword is written in Chinese (or Japanese/Korean) characters."""
    return has_cjk(text)


def compile_keyword(text: str) -> Keyword:
    """Case-insensitive whole words and phrases (hyphen or space between words, plural -s);
    CJK keywords match as substrings since Chinese has no spaces between words, and also
    their English forms from the glossary, since arXiv's titles and abstracts are English."""
    exclude = text.startswith("-")
    phrase = text.removeprefix("-").strip()
    if is_cjk(phrase):
        pattern = re.compile(re.escape(phrase), re.IGNORECASE)
        english = tuple(
            (_first_word(form), re.compile(_english_pattern(form.lower())))
            for form in english_forms(phrase)
        )
        forms = english_forms(phrase)
        return Keyword(phrase, exclude, pattern, phrase.lower(), english, forms)
    words = [word for word in re.split(r"[\s\-]+", phrase) if word]
    pattern = re.compile(_english_pattern(phrase), re.IGNORECASE)
    return Keyword(phrase, exclude, pattern, words[0].lower() if words else phrase.lower())


def _spelling(text: str) -> str:
    return " ".join(word for word in re.split(r"[\s\-]+", text.lower()) if word)


def _concepts(keywords: Sequence[Keyword]) -> list[Keyword]:
    """The keywords numbered by concept: two that share a spelling (directly or through a
    third) get the number of the first of them."""
    numbers = list(range(len(keywords)))
    spellings = [k.spellings() for k in keywords]
    for later in range(len(keywords)):
        for earlier in range(later):
            if spellings[later] & spellings[earlier]:
                old, new = numbers[later], numbers[earlier]
                numbers = [new if n == old else n for n in numbers]
                break
    return [replace(k, concept=n) for k, n in zip(keywords, numbers, strict=True)]


def _first_word(phrase: str) -> str:
    return next((word.lower() for word in re.split(r"[\s\-]+", phrase) if word), phrase)


def _english_pattern(phrase: str) -> str:
    """Whole words, any run of spaces or hyphens between them, an optional plural ending."""
    words = [word for word in re.split(r"[\s\-]+", phrase) if word]
    body = r"[\s\-]+".join(re.escape(word) for word in words)
    return rf"(?<!\w){body}(?:e?s)?(?!\w)"


def compile_keywords(keywords: Sequence[str]) -> KeywordSet:
    """The group's keyword strings, compiled; blank ones are ignored."""
    compiled = [compile_keyword(k) for k in keywords if k.strip().removeprefix("-").strip()]
    wanted = _concepts([k for k in compiled if not k.exclude])
    return KeywordSet(tuple(wanted), tuple(k for k in compiled if k.exclude))


def matches(keywords: Sequence[Keyword], title: str, abstract: str) -> tuple[list[str], float]:
    """What a paper matches, one phrase per concept ("lora", or "微调 → fine-tuning" for a
    glossary form), and its hits: per concept its best match, TITLE_HITS in the title, 1 in the
    abstract, EXPANSION_HITS of that for a glossary form, glossary hits capped at EXPANSION_CAP."""
    lowered_title, lowered_abstract = title.lower(), abstract.lower()
    best: dict[int, tuple[float, str, bool]] = {}  # concept: hits, phrase, through the glossary
    for keyword in keywords:
        for place, lowered, original in ((TITLE_HITS, lowered_title, title),
                                         (1, lowered_abstract, abstract)):  # fmt: skip
            form = keyword.match_in(lowered, original)
            if form is None:
                continue
            hits = place * (EXPANSION_HITS if form else 1.0)
            if hits > best.get(keyword.concept, (0.0, "", False))[0]:
                phrase = f"{keyword.text} → {form}" if form else keyword.text
                best[keyword.concept] = (hits, phrase, bool(form))
    typed = sum(hits for hits, _, glossary in best.values() if not glossary)
    expanded = sum(hits for hits, _, glossary in best.values() if glossary)
    return [phrase for _, phrase, _ in best.values()], typed + min(expanded, EXPANSION_CAP)


def keyword_score(hits: float) -> float:
    """hits / (hits + 2), in [0, 1): one title match is 0.5, and more matches add ever less."""
    return hits / (hits + 2)


def excluded(keywords: Sequence[Keyword], title: str, abstract: str) -> bool:
    """Whether any exclusion occurs in the title or abstract."""
    lowered_title, lowered_abstract = title.lower(), abstract.lower()
    return any(
        k.found_in(lowered_title, title) or k.found_in(lowered_abstract, abstract) for k in keywords
    )
