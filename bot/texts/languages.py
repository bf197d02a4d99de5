"""The languages the bot speaks, their compiled catalogs, and the language of the moment.

A language is a short code members use (`/language zh`); its catalog lives in
bot/locale/<locale>/LC_MESSAGES/paperclub.mo. Adding one is: a catalog, its translations, and an
entry in LANGUAGES (README: "Adding a language").
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel import Locale

DOMAIN = "paperclub"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DEFAULT_LANGUAGE = "en"

# Language code (as typed in /language and stored per group) -> catalog locale (Babel/CLDR).
LANGUAGES: dict[str, str] = {"en": "en", "zh": "zh_Hans"}

# The language replies are written in: set per update (from the group or the member) and per
# scheduled job (from its group). A job runs in its own task, so it must set it again.
current_language: ContextVar[str] = ContextVar("current_language", default=DEFAULT_LANGUAGE)


def supported_language(language_code: str | None) -> str | None:
    """The language we speak for a Telegram `language_code` (zh-hans -> zh), or None."""
    if not language_code:
        return None
    primary = language_code.replace("_", "-").split("-")[0].lower()
    return primary if primary in LANGUAGES else None


def language_or_default(language_code: str | None) -> str:
    """Like supported_language, English when we do not speak it."""
    return supported_language(language_code) or DEFAULT_LANGUAGE


# What members may type after /language besides the code itself.
_NAMES = {
    "中文": "zh",
    "汉语": "zh",
    "简体": "zh",
    "chinese": "zh",
    "english": "en",
    "英文": "en",
    "英语": "en",
}


def chosen_language(text: str) -> str | None:
    """The language a member asked for in `/language ...` (`zh`, `zh-hans`, `中文`, `English`)."""
    word = text.strip().lower()
    return _NAMES.get(word) or supported_language(word)


def language_name(language: str) -> str:
    """The language's own name (CLDR): `English`, `中文 (简体)`."""
    return str(Locale.parse(catalog_locale(language)).get_display_name())


@cache
def translations(language: str) -> gettext.GNUTranslations:
    """The compiled catalog of `language` (read once)."""
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[LANGUAGES[language]])


def catalog_locale(language: str) -> str:
    """The Babel locale of `language`, for dates."""
    return LANGUAGES.get(language, LANGUAGES[DEFAULT_LANGUAGE])


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Write in `language` inside the block (scheduled jobs, per-language menus)."""
    token = current_language.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        current_language.reset(token)
