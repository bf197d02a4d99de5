"""A group's keywords (pure): compiled once, matched against titles and abstracts, scored on a
bounded scale so that many broad keywords cannot swamp the similarity to the catalog."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from store.parse.glossary import english_forms

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
TITLE_HITS = 2  # a keyword in the title counts as two in the abstract


@dataclass(frozen=True)
class Keyword:
    """One of the group's keywords: a phrase to find, or (leading "-") to exclude."""

    text: str
    exclude: bool
    pattern: re.Pattern[str]
    needle: str  # a lower-case substring any match contains: a cheap test before the regex
    english: tuple[tuple[str, re.Pattern[str]], ...] = ()  # a Chinese keyword's English forms

    def found_in(self, lowered: str, original: str) -> bool:
        """Whether the keyword occurs in `original` (whose lower-case form is `lowered`)."""
        if self.needle in lowered and self.pattern.search(original) is not None:
            return True
        return any(needle in lowered and p.search(lowered) for needle, p in self.english)


@dataclass(frozen=True)
class KeywordSet:
    """A group's keywords split into the wanted and the excluded."""

    wanted: tuple[Keyword, ...]
    excluded: tuple[Keyword, ...]


def is_cjk(text: str) -> bool:
    """Whether a keyword is written in Chinese (or Japanese/Korean) characters."""
    return _CJK.search(text) is not None


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
        return Keyword(phrase, exclude, pattern, phrase.lower(), english)
    words = [word for word in re.split(r"[\s\-]+", phrase) if word]
    pattern = re.compile(_english_pattern(phrase), re.IGNORECASE)
    return Keyword(phrase, exclude, pattern, words[0].lower() if words else phrase.lower())


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
    return KeywordSet(
        tuple(k for k in compiled if not k.exclude), tuple(k for k in compiled if k.exclude)
    )


def matches(keywords: Sequence[Keyword], title: str, abstract: str) -> tuple[list[str], int]:
    """The keywords found in a paper, and its hits (TITLE_HITS per title match, 1 per abstract)."""
    lowered_title, lowered_abstract = title.lower(), abstract.lower()
    found: list[str] = []
    hits = 0
    for keyword in keywords:
        if keyword.found_in(lowered_title, title):
            found.append(keyword.text)
            hits += TITLE_HITS
        elif keyword.found_in(lowered_abstract, abstract):
            found.append(keyword.text)
            hits += 1
    return found, hits


def keyword_score(hits: int) -> float:
    """hits / (hits + 2), in [0, 1): one title match is 0.5, and more matches add ever less."""
    return hits / (hits + 2)


def excluded(keywords: Sequence[Keyword], title: str, abstract: str) -> bool:
    """Whether any exclusion occurs in the title or abstract."""
    lowered_title, lowered_abstract = title.lower(), abstract.lower()
    return any(
        k.found_in(lowered_title, title) or k.found_in(lowered_abstract, abstract) for k in keywords
    )
