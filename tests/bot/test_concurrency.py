"""No chat waits for another (issue 8): the per-chat processor on its own, then latencies
measured through the real Application with arXiv hanging. The bounds are the issue's spec."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from typing import Any

from telegram import Chat, Message, Update

from bot.config import Settings
from bot.frame.update_order import PerChatProcessor, let_chat_go_on
from jobs.arxiv.api import LOOKUP_SECONDS
from jobs.arxiv.pacer import Pacer
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.telegram import Chat as FakeChat
from tests.fakes.telegram import FakeTelegram, User
from tests.harness import RunningBot, running_bot

WEDNESDAY = datetime(2026, 8, 19, 13, 0, tzinfo=UTC)  # listing 2026-08-19 is due


def update_in(chat_id: int, update_id: int) -> Update:
    chat = Chat(chat_id, Chat.SUPERGROUP)
    return Update(update_id, message=Message(update_id, WEDNESDAY, chat, text="/help"))


async def test_one_chat_in_order_other_chats_meanwhile_and_no_chat_is_remembered() -> None:
    processor = PerChatProcessor()
    first_may_end, log = asyncio.Event(), []

    async def handle(name: str, wait: asyncio.Event | None = None) -> None:
        log.append(f"{name} starts")
        if wait is not None:
            await wait.wait()
        log.append(f"{name} ends")

    tasks = [
        asyncio.create_task(
            processor.process_update(update_in(-1, 1), handle("a1", first_may_end))
        ),
        asyncio.create_task(processor.process_update(update_in(-1, 2), handle("a2"))),
        asyncio.create_task(processor.process_update(update_in(-2, 3), handle("b1"))),
    ]
    await asyncio.wait_for(asyncio.shield(tasks[2]), 5)  # chat -2 is not held up by chat -1
    assert log == ["a1 starts", "b1 starts", "b1 ends"] and processor.busy_chats == 1
    first_may_end.set()
    await asyncio.wait_for(asyncio.gather(*tasks), 5)
    assert log[3:] == ["a1 ends", "a2 starts", "a2 ends"]
    assert processor.busy_chats == 0, "an idle chat leaves nothing behind"


async def test_an_update_that_steps_aside_lets_its_chat_go_on() -> None:
    processor = PerChatProcessor()
    look_up_may_end, log = asyncio.Event(), []

    async def slow_look_up() -> None:
        let_chat_go_on()
        await look_up_may_end.wait()
        log.append("look-up answered")

    async def quick() -> None:
        log.append("next command answered")

    slow = asyncio.create_task(processor.process_update(update_in(-1, 1), slow_look_up()))
    await asyncio.wait_for(processor.process_update(update_in(-1, 2), quick()), 5)
    look_up_may_end.set()
    await asyncio.wait_for(slow, 5)
    assert log == ["next command answered", "look-up answered"]
    assert processor.busy_chats == 0


async def answer_time(
    telegram: FakeTelegram, chat: FakeChat, user: User, text: str, timeout: float = 30
) -> tuple[float, str]:
    """Send `text`; seconds until the bot's reply to it, and the reply."""
    started = time.monotonic()
    sent = await telegram.send(chat, user, text)

    def reply() -> Any:
        return next((p for p in telegram.messages(chat) if p.reply_to == sent["message_id"]), None)

    await telegram.wait_for(lambda: reply() is not None, timeout)
    return time.monotonic() - started, reply().text


async def test_a_hanging_arxiv_api_holds_up_no_other_chat(bot: RunningBot) -> None:
    telegram = bot.telegram
    lab, club = telegram.group("Lab"), telegram.group("Club")
    ada, bo, cy = telegram.user("Ada"), telegram.user("Bo"), telegram.user("Cy")
    bot.arxiv.hang("api")
    looking_up = await telegram.send(lab, ada, "/paper 2401.04088")  # not stored: arXiv hangs
    await asyncio.to_thread(bot.arxiv.wait_hanging)
    waited, text = await answer_time(telegram, club, bo, "/help")
    assert waited < 1.0 and "/paper" in text, f"another group waited {waited:.1f} s"
    waited, _ = await answer_time(telegram, lab, cy, "/help")
    assert waited < 1.0, f"the same group waited {waited:.1f} s behind a look-up"
    bot.arxiv.release()
    await bot.settled()
    [answer] = [p for p in telegram.messages(lab) if p.reply_to == looking_up["message_id"]]
    assert "arXiv did not answer" in answer.text


async def test_replies_in_one_chat_keep_the_order_of_the_commands(bot: RunningBot) -> None:
    telegram = bot.telegram
    chats = [telegram.group("Lab"), telegram.group("Club")]
    ada = telegram.user("Ada")
    for n in range(12):
        for chat in chats:  # two chats interleaved, handled concurrently
            text = "/help" if n % 3 == 0 else f"/paper not-an-id-{n}"
            await telegram.send(chat, ada, text)
    await bot.settled()
    for chat in chats:
        replies = [p.text for p in telegram.messages(chat)]
        assert len(replies) == 12
        for n, reply in enumerate(replies):
            expected = "paperclub runs" if n % 3 == 0 else f"not-an-id-{n}"
            assert expected in reply, (n, reply)


async def test_a_hanging_feed_under_digest_holds_up_no_member_and_no_look_up(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    arxiv_server.hang("rss")
    pacer = Pacer(1.0)  # the real pacer, spacing starts 1 s apart instead of 3 s
    async with running_bot(
        settings, telegram, arxiv_server, clock=lambda: WEDNESDAY, pacer=pacer
    ) as bot:
        lab, club = telegram.group("Lab"), telegram.group("Club")
        admin, bo, cy = telegram.user("Ada"), telegram.user("Bo"), telegram.user("Cy")
        telegram.set_admin(lab, admin)
        await answer_time(telegram, lab, admin, "/settings")  # the bot meets the group
        await telegram.send(lab, admin, "/digest")  # today's listing is fetched: it hangs
        await asyncio.to_thread(arxiv_server.wait_hanging)
        waited, _ = await answer_time(telegram, lab, bo, "/help")
        assert waited < 1.0, f"a member of the same group waited {waited:.1f} s"
        waited, _ = await answer_time(telegram, club, cy, "/help")
        assert waited < 1.0, f"another group waited {waited:.1f} s"
        waited, card = await answer_time(telegram, club, cy, "/paper 1605.08386")
        assert "Heat-bath random walks" in card
        assert waited < LOOKUP_SECONDS / 2, f"/paper waited {waited:.1f} s behind the feed"
        [feed, look_up] = sorted(arxiv_server.seen, key=lambda seen: seen.at)
        # the pacer spaces the starts 1 s apart; arrival times jitter on a loaded machine
        assert look_up.at - feed.at >= 0.5, "arXiv still sees starts spaced by the pacer"
        arxiv_server.release()  # the feed answers 503: the digest waits for a retry
        await bot.settled()
        assert "is not ready yet" in telegram.messages(lab)[-1].text
