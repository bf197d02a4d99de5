"""arXiv's category taxonomy (shipped as arxiv_categories.txt) and validating what admins type."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TAXONOMY_FILE = Path(__file__).with_name("arxiv_categories.txt")
MAX_TRACKED = 10  # the feed URL joins them; more than this is rarely a study group's focus


@cache
def taxonomy() -> dict[str, str]:
    """Every known category, keyed by its lower-case form (so `cs.cl` finds `cs.CL`)."""
    codes = (
        line.strip()
        for line in TAXONOMY_FILE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )
    return {code.lower(): code for code in codes}


@dataclass(frozen=True)
class CategoryCheck:
    """Typed categories split into the canonical known ones and the unknown ones."""

    known: tuple[str, ...]
    unknown: tuple[str, ...]


def check_categories(typed: Iterable[str]) -> CategoryCheck:
    """Canonicalise typed categories (`cs.cl` → `cs.CL`, commas allowed), keeping order."""
    known: list[str] = []
    unknown: list[str] = []
    for word in typed:
        for raw in word.replace(",", " ").split():
            code = taxonomy().get(raw.strip().lower())
            if code is None:
                unknown.append(raw.strip())
            elif code not in known:
                known.append(code)
    return CategoryCheck(tuple(known), tuple(unknown))


def feed_key(categories: Iterable[str]) -> str:
    """The category set as arXiv's RSS URL takes it: sorted, joined by `+` (cs.AI+cs.CL)."""
    return "+".join(sorted(set(categories)))
