"""Holidays without a list (issue 12): the hand-kept list of weekday holidays stopped at 2025,
and an unlisted one kept the digest pending and the feed polled all day. Now a weekday feed
that still lacks its listing at the give-up time is no announcement: one log line, the waiting
digest is closed without a post, and the feed is not asked again."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from bot.config import Settings
from jobs.arxiv import watcher
from jobs.arxiv.calendar import ARXIV_TZ, give_up_at
from store.digests import get_digest
from tests.bot.test_digest import admin_group, feed_bytes, follow_up_jobs, run_digest_job
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.arxiv import Feed as ServedFeed
from tests.fakes.telegram import FakeTelegram
from tests.harness import running_bot

HOLIDAY = datetime(2024, 7, 5, 10, 0, tzinfo=ARXIV_TZ)  # a Friday; arXiv made no announcement


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now.astimezone(UTC)


async def test_a_weekday_feed_that_stays_empty_is_a_holiday_by_the_end_of_the_day(
    settings: Settings,
    telegram: FakeTelegram,
    arxiv_server: FakeArxiv,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="jobs.arxiv.watcher")
    monkeypatch.setattr(watcher, "RETRY_BASE_SECONDS", 0.3)
    arxiv_server.feeds["cs.CL"] = ServedFeed(feed_bytes("new-2024-07-06-cs-cl"))  # recorded
    clock = Clock(HOLIDAY)
    async with running_bot(settings, telegram, arxiv_server, clock=clock) as bot:
        group, _admin = await admin_group(bot)
        await run_digest_job(bot, group)
        listing = HOLIDAY.date()
        record = get_digest(bot.db, group.id, listing)
        assert record is not None and record.status == "pending"  # it may still come
        await telegram.wait_for(lambda: len(arxiv_server.rss_requests()) >= 2, timeout=10)

        clock.now = give_up_at(listing) + timedelta(seconds=1)  # the end of the listing's day

        def closed() -> bool:
            record = get_digest(bot.db, group.id, listing)
            return record is not None and record.status == "empty"

        await telegram.wait_for(closed, timeout=10)
        await bot.settled()
        asked = len(arxiv_server.rss_requests())
        assert telegram.unread(group) == [] and not follow_up_jobs(bot)
        await bot.app.bot_data.work.watcher.refresh()  # a later run: no request, no log
        await run_digest_job(bot, group)
        assert len(arxiv_server.rss_requests()) == asked
        assert telegram.unread(group) == []
    lines = [r.getMessage() for r in caplog.records if "no announcement for" in r.getMessage()]
    assert len(lines) == 1 and "2024-07-05" in lines[0] and "18:00" in lines[0]
