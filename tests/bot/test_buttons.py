"""Crafted button presses (issue 12): `search:99999999999999999999:0` used to raise
OverflowError and post an apology in the group. Every registered button pattern, and data no
pattern takes, get a toast; nothing is posted and nothing changes."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from telegram.ext import CallbackQueryHandler

from store.claims import claim_board
from tests.harness import RunningBot

CRAFTED_TAILS = (
    "",
    "x",
    "99999999999999999999",
    "99999999999999999999:0",
    "1:99999999999999999999",
    "0:99999",
    "1:0",
    "-1:-1",
    "1:2:3",
    "yes:99999999999999999999",
    "no:abc",
    "yes:1",
    "9999.99999v99999999999999999999",
    "../../etc/passwd",
    "%00%ff",
    "🙂" * 12,
)


def registered_prefixes(bot: RunningBot) -> list[str]:
    """The literal start of every button pattern the application registered."""
    prefixes = []
    for handlers in bot.app.handlers.values():
        for handler in handlers:
            if isinstance(handler, CallbackQueryHandler) and handler.pattern is not None:
                assert isinstance(handler.pattern, re.Pattern)
                literal = re.match(r"\^?([\w-]+:)", handler.pattern.pattern)
                assert literal, f"pattern {handler.pattern.pattern} has no literal prefix"
                prefixes.append(literal.group(1))
    return prefixes


async def test_crafted_button_data_gets_a_toast_and_nothing_is_posted(
    bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    prefixes = registered_prefixes(bot)
    assert {"search:", "claim:", "forget:"} <= set(prefixes)
    ada, group = bot.telegram.user("Ada"), bot.telegram.group("LLM paper club")
    await bot.telegram.send(group, ada, "/claims")  # any message of the bot's to press on
    target = await bot.telegram.next_reply(group)
    crafted = [prefix + tail for prefix in [*prefixes, "nothing:"] for tail in CRAFTED_TAILS]
    crafted = [data for data in crafted if len(data.encode()) <= 64]
    for data in crafted:
        query_id = await bot.telegram.press(group, ada, target, data, crafted=True)
        await bot.telegram.wait_for(lambda q=query_id: q in bot.telegram.answers, timeout=10)
        answer = bot.telegram.answers[query_id]
        assert answer.get("text"), f"{data!r} got no toast"
    await bot.settled()
    assert bot.telegram.unread(group) == [], "a crafted button made the bot post"
    assert claim_board(bot.db, group.id, datetime.now(UTC)) == []
    assert not [r for r in caplog.records if r.levelname == "ERROR"], "a handler failed"
