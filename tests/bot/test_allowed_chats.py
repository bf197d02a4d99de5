"""PAPERCLUB_ALLOWED_CHATS (issue 12): anyone could add the bot to any group; with the list
set, the bot says why and leaves any other group, and answers nothing there."""

from __future__ import annotations

from dataclasses import replace

from bot.config import Settings
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
