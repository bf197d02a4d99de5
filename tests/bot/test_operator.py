"""The operator's view (issue 12): `paperclub status`, the heartbeat the container's health
check reads, and errors plus a daily health line sent to PAPERCLUB_OPERATOR_CHAT."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.config import Settings
from bot.frame.error_inbox import install, uninstall
from store.db import open_db
from store.digests import mark_digest
from store.feeds import store_listing
from store.groups import ensure_group, set_active
from store.health import ErrorRecord, beat, recent_errors, record_errors
from store.papers import Paper, upsert_papers
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.telegram import FakeTelegram
from tests.harness import TOKEN, fill_disk, make_room, running_bot

NOW = datetime.now(UTC).replace(microsecond=0)  # logged errors carry the real time
MIXTRAL = Paper("2401.04088", "Mixtral of Experts", 1)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def inbox() -> Iterator[None]:
    install(TOKEN)
    yield
    uninstall()


def test_status_prints_groups_feeds_digests_and_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PAPERCLUB_HOME", str(tmp_path))
    db = open_db(tmp_path / "paperclub.db")
    now = datetime.now(UTC)
    ensure_group(db, -1001, "LLM club", "supergroup", "UTC", now)
    ensure_group(db, -1002, "Old club", "supergroup", "UTC", now)
    set_active(db, -1002, False, now)
    store_listing(db, "cs.AI+cs.CL", date(2026, 11, 27), [], now)
    mark_digest(db, -1001, date(2026, 11, 27), "empty", now)
    record_errors(db, [ErrorRecord(now, "jobs.arxiv.watcher", "feed cs.CL: HTTP 503")])
    assert main(["status", "--check"]) == 1  # no heartbeat yet: the bot is not running
    assert "no recent heartbeat" in capsys.readouterr().out
    beat(db, now)
    assert main(["status", "--check"]) == 0
    capsys.readouterr()
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "bot: running" in out
    assert "groups: 1 active, 1 inactive" in out
    assert "-1001  active    LLM club: last digest 2026-11-27 (empty)" in out
    assert "-1002  inactive  Old club: no digest yet" in out
    assert "cs.AI+cs.CL: fetched" in out and "listing 2026-11-27" in out
    assert "jobs.arxiv.watcher: feed cs.CL: HTTP 503" in out


def test_the_error_ring_keeps_the_newest() -> None:
    db = open_db(None)
    record_errors(db, [ErrorRecord(NOW, "x", f"error {n}") for n in range(250)])
    kept = recent_errors(db, 1000)
    assert len(kept) == 200 and kept[0].message == "error 249" and kept[-1].message == "error 50"


async def test_errors_and_a_daily_health_line_reach_the_operator_chat(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv, inbox: None
) -> None:
    operator = telegram.user("Olga")
    operator_chat = telegram.private_chat(operator)
    clock = Clock(NOW)
    with_operator = replace(settings, operator_chat=operator_chat.id)
    async with running_bot(with_operator, telegram, arxiv_server, clock=clock) as bot:
        # The start-up tick: the day's health line.
        health = await telegram.next_reply(operator_chat)
        assert health.text.startswith("🩺 paperclub is running: 0 active group(s)")
        upsert_papers(bot.db, [MIXTRAL], NOW)
        ada, group = telegram.user("Ada"), telegram.group("LLM paper club")
        await telegram.send(group, ada, "/paper 2401.04088")
        await telegram.next_reply(group)
        # A real failure: the catalog's file is full while Ada writes a note.
        await bot.services.catalog.write(fill_disk)  # members' writes run on this connection
        await telegram.send(group, ada, "/note 2401.04088\n方法: " + "路由选两个专家。" * 400)
        assert "NOT saved" in (await telegram.next_reply(group)).text
        await bot.settled()
        await bot.services.catalog.write(make_room)
        reports = bot.app.bot_data.operator
        assert reports is not None
        await reports.tick()
        report = await telegram.next_reply(operator_chat)
        assert report.text.startswith(f"⚠️ paperclub logged an error since {NOW:%Y-%m-%d}")
        assert "bot.frame.errors: error while handling an update" in report.text
        assert TOKEN.split(":")[1] not in report.text
        # More errors within ten minutes wait; then they come as one message.
        logging.getLogger("jobs.arxiv.watcher").error("feed cs.CL failed (%s)", TOKEN)
        logging.getLogger("jobs.arxiv.watcher").error("feed cs.AI failed")
        await reports.tick()
        await bot.settled()
        assert telegram.unread(operator_chat) == []
        clock.now = NOW + timedelta(minutes=11)
        await reports.tick()
        report = await telegram.next_reply(operator_chat)
        assert "logged 2 errors since" in report.text and "feed cs.AI failed" in report.text
        assert TOKEN.split(":")[1] not in report.text
        # The next day's first tick sends the next health line, once.
        clock.now = NOW + timedelta(days=1)
        await reports.tick()
        await reports.tick()
        await bot.settled()
        [line] = telegram.unread(operator_chat)
        assert "1 active group(s)" in line.text and "3 error(s) in the last day" in line.text
    assert len(recent_errors(bot.db, 10)) == 3
