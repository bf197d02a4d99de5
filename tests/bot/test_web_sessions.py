"""Meetings on the web: a group's page (upcoming meetings in the group's zone and language,
each slot's presenter, paper and note; the archive), and its iCalendar feed at an unguessable
address that `/session ics` hands out (a wrong token is a 404). Served by `build_datasette`,
as `paperclub web` serves it, through Datasette's in-process client; the server's clock is
the real one, so the catalog's dates are relative to it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

pytest.importorskip("datasette", reason="paperclub[web] (Datasette) is not installed")

from bot.cli.web import web_texts
from bot.config import Settings
from store.calendar_feed import calendar_token, new_token
from store.claims import claim_paper
from store.db import open_db
from store.groups import ensure_group, record_member
from store.papers import Paper, upsert_papers
from store.sessions import set_weekly
from store.web.server import build_datasette
from tests.bot.test_i18n import ask, chinese_group
from tests.bot.test_web import note
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.telegram import FakeTelegram
from tests.harness import running_bot

SHANGHAI = ZoneInfo("Asia/Shanghai")
CLUB, OTHER = -1001234567001, -1001234567002
ADA, BO = 777000111, 777000222  # never on a page
NOW = datetime.now(UTC)
PAST, NEXT = "2401.00001", "2401.00002"


def local_wednesday(weeks: int) -> date:
    """A Wednesday `weeks` from this week's (negative: before), in Shanghai."""
    today = NOW.astimezone(SHANGHAI).date()
    return today + timedelta(days=(3 - today.isoweekday()) + 7 * weeks)


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web-sessions") / "catalog.db"
    db = open_db(path)
    ensure_group(db, CLUB, "大模型读书会", "supergroup", "Asia/Shanghai", NOW, language="zh")
    ensure_group(db, OTHER, "Reading Circle", "supergroup", "UTC", NOW, language="en")
    upsert_papers(db, [Paper(PAST, "Sparse experts, revisited"), Paper(NEXT, "长上下文")], NOW)
    record_member(db, ADA, "李雷", None, NOW, chat_id=CLUB)
    record_member(db, BO, "", None, NOW, chat_id=CLUB)  # no name: "a member", never the id
    set_weekly(db, CLUB, 3, "20:00", "腾讯会议 123", NOW - timedelta(days=30))
    claim_paper(db, CLUB, PAST, ADA, local_wednesday(-2), NOW - timedelta(days=20))
    claim_paper(db, CLUB, NEXT, BO, local_wednesday(2), NOW)
    note(db, ADA, "李雷", PAST, "论文方法: 稀疏混合专家", CLUB)
    db.conn.commit()
    db.close()
    return path


@pytest.fixture(scope="module")
def datasette(catalog: Path) -> Any:
    return build_datasette(catalog, web_texts())


async def test_a_groups_meetings_page_in_its_language_and_zone(datasette: Any) -> None:
    response = await datasette.client.get("/catalog/sessions?group=大模型读书会")
    assert response.status_code == 200
    page = response.text
    assert "<h1>大模型读书会 的会议</h1>" in page
    assert "接下来的会议" in page and "以往的会议" in page
    assert "20:00（Asia/Shanghai）" in page and "腾讯会议 123" in page
    upcoming, archive = page.split("以往的会议")
    assert "长上下文</a> — 一位成员 · 还没有笔记" in upcoming  # Bo has no name: never his id
    assert "还有 1 个空位" in upcoming and "还有 2 个空位" in upcoming
    assert "Sparse experts, revisited</a> — 李雷" in archive
    assert f"/catalog/paper?id={PAST}#notes" in archive
    assert str(ADA) not in page and str(BO) not in page and str(CLUB) not in page
    assert (await datasette.client.get("/catalog/sessions?group=Nobody")).status_code == 404
    home = (await datasette.client.get("/")).text
    assert "/catalog/sessions?group=" in home  # the meeting group links its meetings


async def test_the_feed_answers_only_at_its_groups_token(datasette: Any, catalog: Path) -> None:
    db = open_db(catalog)
    token, other = calendar_token(db, CLUB, NOW), calendar_token(db, OTHER, NOW)
    assert calendar_token(db, CLUB, NOW) == token  # stable
    db.close()
    assert len(token) >= 32 and token != other
    response = await datasette.client.get(f"/-/calendar/{token}.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.text)
    assert "大模型读书会" in str(calendar["X-WR-CALNAME"])
    events = {str(e["UID"]): e for e in calendar.events}
    ahead = events[f"session-{CLUB}-{local_wednesday(2).isoformat()}@paperclub"]
    assert ahead.decoded("DTSTART") == datetime.combine(
        local_wednesday(2), datetime.min.time().replace(hour=20), tzinfo=SHANGHAI
    )
    assert str(BO) not in response.text
    assert str(ahead["DESCRIPTION"]).startswith("一位成员: 长上下文")
    for wrong in (new_token(), token[:-1] + ("A" if token[-1] != "A" else "B"), "x" * 16):
        assert (await datasette.client.get(f"/-/calendar/{wrong}.ics")).status_code == 404


async def test_session_ics_gives_the_feeds_address_when_the_web_is_set(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    settings = replace(settings, web_url="https://club.example.org")
    async with running_bot(settings, telegram, arxiv_server) as bot:
        group, li = await chinese_group(bot)
        await ask(bot, group, li, "/session 每周三 20:00 腾讯会议")
        await telegram.send(group, li, "/session ics")
        posted = await telegram.next_reply(group)
        assert posted.document is not None
        (token,) = [row[0] for row in bot.db.execute("select token from calendar_tokens")]
        assert f"https://club.example.org/-/calendar/{token}.ics" in posted.text
        await telegram.send(group, li, "/session ics")  # the same address every time
        assert f"/-/calendar/{token}.ics" in (await telegram.next_reply(group)).text
        served = await build_datasette(settings.db_path, web_texts()).client.get(
            f"/-/calendar/{token}.ics"
        )
        assert served.status_code == 200 and Calendar.from_ical(served.text).events


async def test_an_allow_block_refuses_the_page_but_the_token_still_opens_the_feed(
    catalog: Path,
) -> None:
    guarded = build_datasette(catalog, web_texts(), {"allow": {"id": "reader"}})
    page = await guarded.client.get("/catalog/sessions?group=大模型读书会")
    assert page.status_code == 403
    assert "<title>出了点问题 · " in page.text  # the refusal in the group's language
    db = open_db(catalog)
    token = calendar_token(db, CLUB, NOW)
    db.close()
    assert (await guarded.client.get(f"/-/calendar/{token}.ics")).status_code == 200
