"""Lists in the reader's language: Chinese writes "lora、rag" and "；" where English writes ", "
and "; " (pure)."""

from __future__ import annotations

from collections.abc import Iterable

from bot.texts import Html, t


def listed(items: Iterable[str]) -> str:
    """Items joined as the current language lists them."""
    return str(t("list.separator")).join(items)


def listed_html(items: Iterable[Html]) -> Html:
    """Already-escaped items joined as the current language lists them."""
    return Html(listed(items))


def clauses(items: Iterable[str]) -> str:
    """Clauses joined as the current language separates them ("; " or "；")."""
    return str(t("list.clause_separator")).join(items)
