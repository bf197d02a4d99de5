"""Which words of a search to mark in its results: the bot bolds them, the web marks them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from store.chinese import has_cjk

_SUFFIXES = ("ations", "ation", "ings", "ing", "ers", "er", "es", "ed", "s")


def highlight_pattern(highlights: Sequence[str]) -> re.Pattern[str] | None:
    """One regex for every word to bold; English words match their other forms (adapter/s)."""
    parts: list[str] = []
    for text in highlights:
        for word in re.findall(r"\w+", text):
            if has_cjk(word):
                parts.append(re.escape(word))
                continue
            root = word.lower()
            for suffix in _SUFFIXES:
                if root.endswith(suffix) and len(root) - len(suffix) >= 3:
                    root = root[: -len(suffix)]
                    break
            parts.append(rf"\b{re.escape(root)}\w*" if len(root) > 1 else rf"\b{re.escape(root)}\b")
    if not parts:
        return None
    parts.sort(key=len, reverse=True)
    return re.compile("|".join(parts), re.IGNORECASE)
