"""Which language a web page speaks, and its words: the bot's gettext catalogs, handed in.

The strings live in bot/texts (web_pages.py) with the bot's, translated in the same .po files;
store/ may not import bot/, so `paperclub web` (bot/cli/web.py) hands the web a `PageTexts`
that looks them up, and the pages only ever ask for a key. A page's language: the reader's
switch (a cookie), else the language of the group the page is about, else Accept-Language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date
from markupsafe import Markup, escape

COOKIE = "paperclub_lang"


@dataclass(frozen=True)
class PageTexts:
    """The web's words: `gettext(language, key)`, `ngettext(language, key, n)`, the languages."""

    gettext: Callable[[str, str], str]
    ngettext: Callable[[str, str, int], str]
    locales: Mapping[str, str]  # language code -> Babel locale ("zh" -> "zh_Hans")
    names: Mapping[str, str]  # language code -> its own name ("中文")
    default: str = "en"


def accepted_language(header: str, languages: Mapping[str, str]) -> str | None:
    """The first language of an Accept-Language header we speak (`zh-CN,zh;q=0.9` -> zh)."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        tag, _, weight = part.strip().partition(";q=")
        try:
            quality = float(weight) if weight else 1.0
        except ValueError:
            continue
        primary = tag.strip().split("-")[0].lower()
        if primary in languages and quality > 0:
            ranked.append((-quality, index, primary))
    return min(ranked)[2] if ranked else None


def page_language(
    chosen: str | None, group_language: str | None, accept: str, texts: PageTexts
) -> str:
    """The reader's choice, else the group's language, else the browser's, else the default."""
    for language in (chosen, group_language):
        if language in texts.locales:
            return str(language)
    return accepted_language(accept, texts.locales) or texts.default


@dataclass(frozen=True)
class Speaker:
    """What a template calls to write in one language: `_("key", name=value)`."""

    texts: PageTexts
    language: str

    def __call__(self, key: str, count: int | None = None, **values: object) -> Markup:
        if count is None:
            template = self.texts.gettext(self.language, key)
        else:
            template = self.texts.ngettext(self.language, key, count)
            values.setdefault("count", count)
        return Markup(template).format(**{k: escape(v) for k, v in values.items()})

    def day(self, value: object) -> str:
        """`2026-12-01` as the language writes a date (Dec 1, 2026 / 2026年12月1日)."""
        text = str(value or "")[:10]
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return text
        return str(format_date(day, "medium", locale=self.texts.locales[self.language]))
