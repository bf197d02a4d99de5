"""Weekly reminders end to end: content, nudges, overdue release, /reminder, no repeats."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Job

from bot.config import Settings
from jobs import schedule, sending
from store.claims import claim_paper
from store.db import Database, open_db
from store.groups import ensure_group, record_member
from store.papers import Paper
from store.reminders import reminder_settings
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.telegram import Chat, FakeTelegram, User
from tests.harness import RunningBot, running_bot
from tests.search_data import add_note, add_papers

MONDAY_10_BERLIN = datetime(2026, 11, 23, 9, 0, 5, tzinfo=UTC)
TODAY = date(2026, 11, 23)


class Clock:
    """A clock the test moves."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _papers() -> list[Paper]:
    titles = {
        "2401.00001": "Ada's paper, due in two days",
        "2401.00002": "Bo's paper <due tomorrow> & more",
        "2401.00003": "Cy's long-forgotten paper",
        "2401.00004": "Bo's overdue paper",
        "2401.00005": "A paper Ada wrote a note on",
        "2401.00006": "Best unclaimed pick",
        "2401.00007": "Second unclaimed pick",
    }
    return [Paper(arxiv_id, title) for arxiv_id, title in titles.items()]


def _catalog(db: Database, telegram: FakeTelegram) -> tuple[Chat, dict[str, User]]:
    group = telegram.group("LLM paper club")
    members = {name: telegram.user(name) for name in ("Ada", "Bo", "Cy")}
    telegram.private_chat(members["Ada"])
    earlier = MONDAY_10_BERLIN - timedelta(days=20)
    ensure_group(db, group.id, "LLM paper club", "supergroup", "Europe/Berlin", earlier)
    for name, user in members.items():
        record_member(db, user.id, name, None, earlier, chat_id=group.id)
    record_member(db, members["Ada"].id, "Ada", None, earlier, private_chat=True)
    add_papers(db, *_papers())
    claims = [
        ("2401.00001", "Ada", TODAY + timedelta(days=2)),
        ("2401.00002", "Bo", TODAY + timedelta(days=1)),
        ("2401.00003", "Cy", TODAY - timedelta(days=13)),
        ("2401.00004", "Bo", TODAY - timedelta(days=3)),
    ]
    for arxiv_id, name, due in claims:
        claim_paper(db, group.id, arxiv_id, members[name].id, due, earlier)
    note_id = add_note(
        db, group.id, "notes", arxiv_id="2401.00005", author="Ada", author_id=members["Ada"].id
    )  # written in Telegram (an author id): imported notes are not "this week's"
    db.table("notes").update(
        note_id, {"created_at": (MONDAY_10_BERLIN - timedelta(days=2)).isoformat()}
    )
    for rank, (arxiv_id, score) in enumerate(
        [("2401.00006", 9.0), ("2401.00001", 8.0), ("2401.00007", 5.0), ("2401.00005", 4.0)], 1
    ):
        db.table("digest_items").insert(
            {"chat_id": group.id, "listing_date": "2026-11-19", "rank": rank,
             "arxiv_id": arxiv_id, "score": score, "reasons": "[]", "part": 1}
        )  # fmt: skip
    return group, members


def reminder_job(bot: RunningBot, chat_id: int) -> Job[Any]:
    """The group's weekly reminder job, as the real JobQueue holds it."""
    queue = bot.app.job_queue
    assert queue is not None, "the bot is built with a JobQueue"
    return queue.get_jobs_by_name(bot.app.bot_data.work.reminder_schedule.job_name(chat_id))[0]


def _run(
    settings: Settings,
    telegram: FakeTelegram,
    arxiv: FakeArxiv,
    db: Database,
    clock: Callable[[], datetime],
) -> AbstractAsyncContextManager[RunningBot]:
    return running_bot(settings, telegram, arxiv, db=db, clock=clock)


async def test_weekly_reminder_nudges_and_release_then_restart_sends_nothing_twice(
    settings: Settings,
    telegram: FakeTelegram,
    arxiv_server: FakeArxiv,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(schedule, "CATCH_UP_DELAY", 0.05)  # the catch-up's 1 s after a start
    db = open_db(tmp_path / "club.db")
    group, members = _catalog(db, telegram)
    clock = Clock(MONDAY_10_BERLIN)
    async with _run(settings, telegram, arxiv_server, db, clock) as bot:
        # The bot starts just after Monday 10:00 Berlin: the missed run is caught up once.
        posted = await telegram.next_replies(group, 3, timeout=10)
        await telegram.wait_for(lambda: telegram.messages(members["Ada"].id), timeout=10)
        texts = [p.text for p in telegram.messages(group)]
        release = next(p for p in posted if "Released" in p.text)
        assert "Cy's long-forgotten paper" in release.text and "Cy" in release.text
        assert [b["callback_data"] for b in release.buttons] == ["claim:2401.00003"]
        nudge = next(t for t in texts if "⏰" in t)
        assert "Bo" in nudge and "Bo's paper <due tomorrow> & more" in nudge
        assert f'href="tg://user?id={members["Bo"].id}"' in next(
            p.html for p in telegram.messages(group) if "⏰" in p.text
        )
        private = telegram.messages(members["Ada"].id)
        assert len(private) == 1 and "Ada's paper, due in two days" in private[0].text
        assert "in LLM paper club" in private[0].text
        weekly = next(p for p in telegram.messages(group) if "This week" in p.text)
        assert "Cy's long-forgotten paper" not in weekly.text  # released first
        assert "Bo's overdue paper — due 2026-11-20 ⚠️ overdue by 3 d" in weekly.text
        assert "Ada's paper, due in two days — due 2026-11-25" in weekly.text
        assert f'href="tg://user?id={members["Ada"].id}"' in weekly.html
        assert "A paper Ada wrote a note on — Ada" in weekly.text
        assert "1. Best unclaimed pick" in weekly.text and "2. Second unclaimed pick" in weekly.text
        assert "Ada's paper, due in two days" not in weekly.text.split("Unclaimed")[1]
        assert [b["callback_data"] for b in weekly.buttons] == [
            "claim:2401.00006",
            "claim:2401.00007",
        ]
        assert telegram.rejected == []
        job = reminder_job(bot, group.id)
        trigger = job.job.trigger  # APScheduler's: 10:00 Berlin wall time, across the DST change
        summer = trigger.get_next_fire_time(None, datetime(2026, 10, 24, tzinfo=UTC))
        winter = trigger.get_next_fire_time(None, datetime(2026, 10, 26, tzinfo=UTC))
        assert summer.astimezone(UTC) == datetime(2026, 10, 24, 8, 0, tzinfo=UTC)
        assert winter.astimezone(UTC) == datetime(2026, 10, 26, 9, 0, tzinfo=UTC)
    status = list(db.query("select status from claims where arxiv_id = '2401.00003'"))
    assert status == [{"status": "released"}]

    sent_before = len(telegram.calls_to("sendMessage"))
    clock.now = MONDAY_10_BERLIN + timedelta(minutes=30)
    async with _run(settings, telegram, arxiv_server, db, clock) as bot:
        job = reminder_job(bot, group.id)
        await job.run(bot.app)  # the job firing again, e.g. after a restart: nothing repeats
    assert len(telegram.calls_to("sendMessage")) == sent_before

    clock.now = MONDAY_10_BERLIN + timedelta(days=1)  # Tuesday: checks run, no weekly message
    async with _run(settings, telegram, arxiv_server, db, clock) as bot:
        job = reminder_job(bot, group.id)
        await job.run(bot.app)
    assert len(telegram.calls_to("sendMessage")) == sent_before


async def test_reminder_command_for_admins_with_poll(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv, tmp_path: Path
) -> None:
    db = open_db(tmp_path / "club.db")
    group, members = _catalog(db, telegram)
    clock = Clock(MONDAY_10_BERLIN - timedelta(days=3))  # Friday: nothing due at start
    async with _run(settings, telegram, arxiv_server, db, clock) as bot:
        telegram.set_admin(group, members["Ada"])
        await telegram.send(group, members["Bo"], "/reminder Fri 18:00")
        assert (
            "only this group's admins can change what /reminder sets"
            in (await telegram.next_reply(group)).text
        )
        await telegram.send(group, members["Ada"], "/reminder Someday 25:00")
        assert "Set the weekly reminder" in (await telegram.next_reply(group)).text
        await telegram.send(group, members["Ada"], "/reminder Mon 10:00")
        assert "Mon 10:00 (Europe/Berlin)" in (await telegram.next_reply(group)).text
        await telegram.send(group, members["Ada"], "/reminder poll on")
        assert "with a poll" in (await telegram.next_reply(group)).text
        stored = reminder_settings(db, group.id)
        assert stored is not None and stored.poll and stored.day == 1
        clock.now = MONDAY_10_BERLIN
        job = reminder_job(bot, group.id)
        await job.run(bot.app)
        polls = [p for p in telegram.messages(group) if p.poll]
        assert len(polls) == 1
        poll = polls[0].poll
        assert poll is not None
        assert poll["options"] == ["Best unclaimed pick", "Second unclaimed pick"]
        await telegram.next_replies(group, len(telegram.unread(group)))  # the weekly run
        await telegram.send(group, members["Ada"], "/reminder off")
        assert "Weekly reminder: off" in (await telegram.next_reply(group)).text
        await telegram.send(group, members["Ada"], "/settings")
        assert "Weekly reminder: off" in (await telegram.next_reply(group)).text


async def test_a_reminder_and_its_poll_that_cannot_connect_are_posted_once_it_can(
    settings: Settings,
    telegram: FakeTelegram,
    arxiv_server: FakeArxiv,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Issue 18: a send that never left was given up (the week's reminder lost); now it is
    # tried again until it goes through, and the week's slot records it once.
    monkeypatch.setattr(sending, "RETRY_WAITS", (0.01,) * 5)
    db = open_db(tmp_path / "club.db")
    group, members = _catalog(db, telegram)
    clock = Clock(MONDAY_10_BERLIN - timedelta(days=3))
    async with _run(settings, telegram, arxiv_server, db, clock) as bot:
        telegram.set_admin(group, members["Ada"])
        await telegram.send(group, members["Ada"], "/reminder poll on")
        assert "with a poll" in (await telegram.next_reply(group)).text
        clock.now = MONDAY_10_BERLIN
        telegram.inject("sendMessage", "connect-timeout", times=3)
        telegram.inject("sendPoll", "connect-refused", times=2)
        assert bot.app.job_queue is not None
        job = bot.app.job_queue.get_jobs_by_name(
            bot.app.bot_data.work.reminder_schedule.job_name(group.id)
        )[0]
        await job.run(bot.app)
        weekly = [p for p in telegram.messages(group) if "This week" in p.text]
        polls = [p for p in telegram.messages(group) if p.poll]
        assert len(weekly) == 1 and len(polls) == 1
        assert telegram.unreached.count("sendMessage") == 3
        assert telegram.unreached.count("sendPoll") == 2
        sent_before = len(telegram.calls_to("sendMessage"))
        await job.run(bot.app)  # the week's reminder is recorded: nothing repeats
        assert len(telegram.calls_to("sendMessage")) == sent_before
