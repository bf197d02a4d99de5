"""Every user-facing string lives in this package, one module per feature, as gettext messages.

Each module maps a key to its English template, marked with `N_`/`NP_` so `pybabel extract`
finds it; bot/locale holds the catalogs (README: "Translations"). `t(key, **values)` translates
the template into the current language (a ContextVar set per update and per job) and fills it
in, HTML-escaping every value not already marked as markup with `Html`, so escaping happens
where data meets markup.
"""

from __future__ import annotations

import html
from typing import Any

from bot.texts import (
    catalog,
    claims,
    core,
    notes,
    ops,
    reminders,
    search,
    sessions,
    topics,
    web,
    web_pages,
    welcome,
)
from bot.texts import digest as digest_texts
from bot.texts import settings as settings_texts
from bot.texts import summaries as summaries_texts
from bot.texts.languages import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    current_language,
    speaking,
    translations,
)
from bot.texts.markers import Message, Plural

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "MESSAGES",
    "Html",
    "current_language",
    "escape",
    "has_text",
    "languages",
    "speaking",
    "t",
    "tn",
]

MESSAGES: dict[str, Message] = {}
_MODULES = (
    core,
    search,
    claims,
    notes,
    catalog,
    digest_texts,
    settings_texts,
    reminders,
    sessions,
    topics,
    summaries_texts,
    ops,
    web,
    web_pages,
    welcome,
)
for _module in _MODULES:
    _duplicates = MESSAGES.keys() & _module.STRINGS.keys()
    if _duplicates:
        raise RuntimeError(f"text keys defined twice: {sorted(_duplicates)}")
    MESSAGES.update(_module.STRINGS)


class Html(str):
    """A string that is already valid Telegram HTML and must not be escaped again."""


def escape(value: object) -> Html:
    """Escape plain text for Telegram's HTML parse mode (quotes too: it may land in an href)."""
    return value if isinstance(value, Html) else Html(html.escape(str(value), quote=True))


def _fill(template: str, values: dict[str, Any]) -> Html:
    return Html(template.format(**{name: escape(value) for name, value in values.items()}))


def t(key: str, lang: str | None = None, **values: Any) -> Html:
    """The message `key` in `lang` (default: the current language), with `values` escaped."""
    message = MESSAGES[key]
    if isinstance(message, Plural):
        raise TypeError(f"{key} has plural forms: use tn({key!r}, n, ...)")
    catalog_ = translations(lang or current_language.get())
    return _fill(catalog_.gettext(message), values)


def tn(key: str, n: int, lang: str | None = None, **values: Any) -> Html:
    """The plural message `key` for the number `n` (filled in as {count} unless given)."""
    message = MESSAGES[key]
    if not isinstance(message, Plural):
        raise TypeError(f"{key} has no plural forms: use t({key!r}, ...)")
    catalog_ = translations(lang or current_language.get())
    values.setdefault("count", n)
    return _fill(catalog_.ngettext(message.singular, message.plural, n), values)


def languages() -> frozenset[str]:
    """The languages with a catalog."""
    return frozenset(LANGUAGES)


def has_text(key: str) -> bool:
    """Whether `key` exists (the README/help consistency test uses it)."""
    return key in MESSAGES
