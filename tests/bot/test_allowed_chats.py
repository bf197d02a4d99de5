"""PAPERCLUB_ALLOWED_CHATS (issue 12): anyone could add the bot to any group; with the list
set, the bot says why and leaves any other group, and answers nothing there."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.config import Settings
from bot.outbound.version_notices import notify_new_versions
from jobs import schedule
from jobs.sending import Status
from store.groups import get_group
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.telegram import FakeTelegram
from tests.harness import running_bot


def left(telegram: FakeTelegram) -> set[int]:
    return {int(call["chat_id"]) for call in telegram.calls_to("leaveChat")}


async def test_the_bot_leaves_groups_not_listed_and_serves_the_listed_one(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    ours, stranger = telegram.group("Our club"), telegram.group("Someone else's")
    old = telegram.group("Joined before the list was set")
    ada = telegram.user("Ada")
    listed = replace(settings, allowed_chats=frozenset({ours.id}))
    async with running_bot(listed, telegram, arxiv_server) as bot:
        await telegram.add_bot(stranger, ada)
        [goodbye] = await telegram.next_replies(stranger, 1)
        assert "leaving this group" in goodbye.text
        await telegram.wait_for(lambda: stranger.id in left(telegram))
        await telegram.send(old, ada, "/help")  # a group from before: it leaves on sight
        [goodbye] = await telegram.next_replies(old, 1)
        assert "leaving this group" in goodbye.text
        await telegram.send(ours, ada, "/help")
        assert "/paper" in (await telegram.next_reply(ours)).text
        await bot.settled()
        assert telegram.unread(stranger) == [] and telegram.unread(old) == []
        assert left(telegram) == {stranger.id, old.id}
        stored = get_group(bot.db, stranger.id)
        assert stored is None or not stored.active  # nothing is ever scheduled for it


async def test_a_group_known_before_the_list_gets_nothing_and_is_left_at_start_told_once(
    settings: Settings,
    telegram: FakeTelegram,
    arxiv_server: FakeArxiv,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Issue 18: the list was read only when an update arrived, so a group served before it was
    # set still got its daily digest (and would have got reminders and notices).
    monkeypatch.setattr(schedule, "CATCH_UP_DELAY", 0.05)
    ours, old = telegram.group("Our club"), telegram.group("Joined before the list was set")
    ada = telegram.user("Ada")
    before = datetime(2026, 8, 19, 8, 0, tzinfo=UTC)  # both groups' 09:00 UTC digest is ahead
    async with running_bot(settings, telegram, arxiv_server, clock=lambda: before) as bot:
        for group in (ours, old):
            telegram.set_admin(group, ada)
            await telegram.send(group, ada, "/claim 2401.04088")
            await telegram.next_reply(group)
        await bot.settled()
    listed = replace(settings, allowed_chats=frozenset({ours.id}))
    wednesday = datetime(2026, 8, 19, 13, 0, tzinfo=UTC)  # 09:00 was missed: catch-ups are due
    async with running_bot(listed, telegram, arxiv_server, clock=lambda: wednesday) as bot:
        await telegram.wait_for(lambda: old.id in left(telegram))
        [goodbye] = await telegram.next_replies(old, 1)
        assert "leaving this group" in goodbye.text
        stored = get_group(bot.db, old.id)
        assert stored is not None and not stored.active
        work = bot.app.bot_data.work
        assert bot.app.job_queue is not None
        names = {job.name for job in bot.app.job_queue.jobs()}
        for kind in (work.digest_schedule, work.reminder_schedule):
            assert kind.job_name(ours.id) in names and kind.job_name(old.id) not in names
        assert not {name for name in names if name and name.endswith(f":{old.id}")}
        # Whatever else asks for a send (a notice, a re-activated group): refused at the send.
        notices = await notify_new_versions(work.digests.sender, bot.services, [("2401.04088", 2)])
        assert notices == 1  # our club's claimant only
        assert "version 2" in (await telegram.next_reply(ours)).text
        poll = await work.reminders.sender.poll(old.id, "Which paper?", ["a", "b"])
        assert poll.status is Status.GONE
        await bot.settled()
        assert telegram.unread(old) == []
    async with running_bot(listed, telegram, arxiv_server, clock=lambda: wednesday) as bot:
        await bot.settled()
        assert telegram.unread(old) == []  # told once: a second start says nothing more
        assert [int(call["chat_id"]) for call in telegram.calls_to("leaveChat")] == [old.id]
