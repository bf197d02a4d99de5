"""Which language a web page speaks: the reader's switch, the group's, the browser's."""

from __future__ import annotations

import pytest

from bot.cli.web import web_texts
from store.web.language import Speaker, accepted_language, page_language

TEXTS = web_texts()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("en-US,en;q=0.9", "en"),
        ("fr-FR,fr;q=0.9,zh-Hans;q=0.5", "zh"),
        ("de, en;q=0.1, zh;q=0.7", "zh"),
        ("zh;q=0, en", "en"),
        ("fr", None),
        ("", None),
        ("zh;q=abc, en", "en"),
    ],
)
def test_accept_language_picks_the_best_language_we_speak(
    header: str, expected: str | None
) -> None:
    assert accepted_language(header, TEXTS.locales) == expected


@pytest.mark.parametrize(
    ("chosen", "group", "accept", "expected"),
    [
        ("en", "zh", "zh-CN", "en"),  # the switch wins
        (None, "zh", "en-US", "zh"),  # then the group's language
        (None, None, "zh-CN", "zh"),  # then the browser's
        ("xx", None, "fr", "en"),  # nothing we speak: English
    ],
)
def test_a_page_speaks_the_switch_then_the_group_then_the_browser(
    chosen: str | None, group: str | None, accept: str, expected: str
) -> None:
    assert page_language(chosen, group, accept, TEXTS) == expected


def test_the_web_speaks_from_the_bots_catalogs_with_dates_in_the_locale() -> None:
    chinese, english = Speaker(TEXTS, "zh"), Speaker(TEXTS, "en")
    assert chinese("page.nav.search") == "搜索" and english("page.nav.search") == "Search"
    assert english("page.results", count=2) == "2 results"
    assert chinese("page.paper.presenting", presenter="<b>", group="g", due="d") == (
        "分享：&lt;b&gt;（g，d）"
    )  # values are escaped
    assert chinese.day("2026-12-01") == "2026年12月1日" and english.day("2026-12-01") == (
        "Dec 1, 2026"
    )
    assert english.day("someday") == "someday"
