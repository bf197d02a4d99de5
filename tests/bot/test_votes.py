"""Votes end to end: the 👍 button under each digest item counts each member once (a second
press takes it back), /top lists the most wanted unclaimed papers, the weekly poll puts them
first, and /forget removes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings
from jobs import schedule
from store.db import open_db
from store.papers import Paper
from store.reminders import set_reminder
from store.wants import WANT, set_want
from tests.bot.test_digest import WEDNESDAY, admin_group, digest_status, feed_bytes, fixed
from tests.bot.test_reminders import MONDAY_10_BERLIN
from tests.bot.test_reminders import _catalog as reminder_catalog
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.arxiv import Feed as ServedFeed
from tests.fakes.telegram import Chat, FakeTelegram, Posted, User
from tests.harness import RunningBot, running_bot
from tests.search_data import add_papers


async def press(bot: RunningBot, group: Chat, member: User, posted: Posted, data: str) -> str:
    """A member presses a button; returns the toast and waits for the digest's re-render."""
    edits = posted.edits
    query_id = await bot.telegram.press(group, member, posted, data)
    await bot.telegram.wait_for(lambda: query_id in bot.telegram.answers and posted.edits > edits)
    return str(bot.telegram.answers[query_id]["text"])


def want_labels(posted: Posted) -> list[str]:
    return [b["text"] for b in posted.buttons if b["callback_data"].startswith("want:")]


async def test_want_buttons_count_each_member_once_and_top_lists_them(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    arxiv_server.feeds["cs.CL"] = ServedFeed(feed_bytes("new-2026-08-20-cs-cl"))
    async with running_bot(settings, telegram, arxiv_server, clock=fixed(WEDNESDAY)) as bot:
        group, ada = await admin_group(bot)
        bo = telegram.user("Bo")
        await telegram.send(group, ada, "/top")
        assert "Nothing wanted yet" in (await telegram.next_reply(group)).text
        await telegram.send(group, ada, "/digest")
        await digest_status(bot, group, "done", WEDNESDAY)
        parts = telegram.unread(group)
        await telegram.next_replies(group, len(parts))
        first = parts[0]
        assert want_labels(first)[:2] == ["👍 1", "👍 2"]
        wanted = next(b["callback_data"] for b in first.buttons if b["text"] == "👍 2")
        arxiv_id = wanted.removeprefix("want:")

        assert (
            await press(bot, group, ada, first, wanted) == "👍 Noted: you want this one presented."
        )
        assert want_labels(first)[1] == "👍 2 · 1"
        assert await press(bot, group, ada, first, wanted) == "Your 👍 is taken back."
        assert want_labels(first)[1] == "👍 2"
        await press(bot, group, ada, first, wanted)
        await press(bot, group, bo, first, wanted)
        assert want_labels(first)[1] == "👍 2 · 2"  # Ada's three presses count once

        await telegram.send(group, bo, "/top week")
        top = (await telegram.next_reply(group)).text
        assert top.startswith("👍 Most wanted, unclaimed (this week)\n1. ")
        assert f"{arxiv_id} — 👍 2" in top
        await telegram.send(group, bo, "/top someday")
        assert "/top week" in (await telegram.next_reply(group)).text

        await telegram.send(group, bo, f"/claim {arxiv_id}")  # claimed: no longer "wanted"
        await telegram.next_reply(group)
        await telegram.send(group, ada, "/top")
        assert "Nothing wanted yet" in (await telegram.next_reply(group)).text

        private = telegram.private_chat(bo)
        await telegram.send(private, bo, "/forget")
        question = await telegram.next_reply(private)
        await telegram.press(private, bo, question, f"forget:yes:{bo.id}")
        await telegram.wait_for(lambda: question.edits == 1)
        rows = bot.db.execute("select user_id from wants").fetchall()
        assert rows == [(ada.id,)]  # Bo's 👍 went with his claim; Ada's stays
        ada_private = telegram.private_chat(ada)
        await telegram.send(ada_private, ada, "/forget")  # no notes or claims: only her 👍
        assert "deleted your 1 👍/👎 press" in (await telegram.next_reply(ada_private)).text
        assert bot.db.execute("select count(*) from wants").fetchone()[0] == 0
        assert telegram.rejected == []


async def test_the_weekly_poll_puts_the_most_wanted_papers_first(
    settings: Settings,
    telegram: FakeTelegram,
    arxiv_server: FakeArxiv,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(schedule, "CATCH_UP_DELAY", 0.05)  # the catch-up's 1 s after a start
    db = open_db(tmp_path / "club.db")
    group, members = reminder_catalog(db, telegram)
    set_reminder(db, group.id, MONDAY_10_BERLIN, poll=True)
    add_papers(db, Paper("2401.00008", "The paper everyone wants"))
    for name in ("Ada", "Bo"):
        set_want(db, group.id, "2401.00008", members[name].id, WANT, MONDAY_10_BERLIN)
    set_want(db, group.id, "2401.00001", members["Cy"].id, WANT, MONDAY_10_BERLIN)  # claimed
    clock = fixed(MONDAY_10_BERLIN)
    async with running_bot(settings, telegram, arxiv_server, db=db, clock=clock):
        # The bot starts just after Monday 10:00 Berlin: the missed reminder runs through the
        # real JobQueue, its poll with the wanted paper first, then the week's best picks.
        await telegram.wait_for(lambda: any(p.poll for p in telegram.messages(group)), 10)
        poll = next(p.poll for p in telegram.messages(group) if p.poll)
        assert poll is not None
        assert poll["options"] == [
            "The paper everyone wants",
            "Best unclaimed pick",
            "Second unclaimed pick",
        ]
