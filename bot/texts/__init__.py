"""Every user-facing string lives in this package, one module per feature, one dict per language.

`t(key, **values)` looks a string up and fills it in, HTML-escaping every value that is not
already marked as markup with `Html`, so escaping happens where data meets markup.
"""

from __future__ import annotations

import html
from contextvars import ContextVar
from typing import Any

from bot.texts import catalog, claims, core, notes, reminders, search
from bot.texts import digest as digest_texts
from bot.texts import settings as settings_texts

DEFAULT_LANGUAGE = "en"
# The language to answer in, set per update (bot/here.py) and per group job (jobs/schedule.py).
current_language: ContextVar[str] = ContextVar("current_language", default=DEFAULT_LANGUAGE)

_CATALOGS: dict[str, dict[str, str]] = {"en": {}, "zh": {}}
for _module in (core, search, claims, notes, catalog, digest_texts, settings_texts, reminders):
    for _lang, _strings in _module.STRINGS.items():
        _duplicates = _CATALOGS.setdefault(_lang, {}).keys() & _strings.keys()
        if _duplicates:
            raise RuntimeError(f"text keys defined twice: {sorted(_duplicates)}")
        _CATALOGS[_lang].update(_strings)


class Html(str):
    """A string that is already valid Telegram HTML and must not be escaped again."""


def escape(value: object) -> Html:
    """Escape plain text for Telegram's HTML parse mode (quotes too: it may land in an href)."""
    return value if isinstance(value, Html) else Html(html.escape(str(value), quote=True))


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: Any) -> Html:
    """The string `key` in `lang` (English when missing), with `values` escaped and filled in."""
    template = _CATALOGS.get(lang, {}).get(key) or _CATALOGS[DEFAULT_LANGUAGE][key]
    return Html(template.format(**{name: escape(value) for name, value in values.items()}))


def languages() -> frozenset[str]:
    """The languages with a catalog."""
    return frozenset(_CATALOGS)


def has_text(key: str) -> bool:
    """Whether `key` exists (the README/help consistency test uses it)."""
    return key in _CATALOGS[DEFAULT_LANGUAGE]
