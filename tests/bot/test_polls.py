"""The reading poll goes through Telegram's checks with real paper titles."""

from __future__ import annotations

from bot.outbound.sender import TelegramSender
from bot.render.reminders import poll_options
from bot.texts import t
from store.reminders import Pick
from tests.harness import RunningBot


async def test_titles_with_markup_characters_make_a_valid_poll(bot: RunningBot) -> None:
    # Real titles from the cs.CL feed of 2025-01-07 and the cs.AI feed of 2026-08-19.
    titles = [
        "CarbonChat: Large Language Model-Based Corporate Carbon Emission Analysis and "
        "Climate Knowledge Q&A System",
        "KAN We Flow? Advancing Robotic Manipulation with 3D Flow Matching via KAN & RWKV",
        "Sub-1B <models> & friends",
    ]
    picks = tuple(Pick(f"2501.0000{n}", title, 1.0) for n, title in enumerate(titles))
    group = bot.telegram.group("club")
    sent = await TelegramSender(bot.app.bot).poll(
        group.id, t("reminder.poll_question"), poll_options(picks)
    )
    assert sent.ok
    poll = bot.telegram.messages(group)[-1].poll
    assert poll is not None
    assert poll["options"][0] == titles[0][:99] + "…"  # cut to Telegram's 100 characters
    assert poll["options"][1] == titles[1]
    assert poll["options"][2] == "Sub-1B <models> & friends"
    assert bot.telegram.rejected == []
