"""A group that removed the bot gets nothing (issue 12): the new-version notice for a claim
used to be sent there anyway (Telegram refused it)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.outbound.sender import TelegramSender
from bot.outbound.version_notices import notify_new_versions
from store.groups import get_group
from store.papers import Paper, upsert_papers
from tests.harness import RunningBot

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
MIXTRAL = Paper("2401.04088", "Mixtral of Experts", 1)


async def test_a_group_that_removed_the_bot_gets_no_notices_digests_or_reminders(
    bot: RunningBot,
) -> None:
    upsert_papers(bot.db, [MIXTRAL], NOW)
    ada = bot.telegram.user("Ada")
    stays, leaves = bot.telegram.group("Stays"), bot.telegram.group("Removes the bot")
    for group in (stays, leaves):
        await bot.telegram.send(group, ada, "/claim 2401.04088")
        await bot.telegram.next_reply(group)
        await bot.telegram.send(group, ada, "/reminder mon 09:00")
        await bot.telegram.next_reply(group)
    await bot.telegram.add_bot(leaves, ada, status="kicked")
    await bot.telegram.wait_for(lambda: not get_group(bot.db, leaves.id).active)  # type: ignore[union-attr]

    assert (
        await notify_new_versions(TelegramSender(bot.app.bot), bot.services, [("2401.04088", 2)])
        == 1
    )
    await bot.settled()
    assert "version 2" in (await bot.telegram.next_reply(stays)).text
    assert bot.telegram.unread(leaves) == []
    assert not [r for r in bot.telegram.rejected if r[1] == 403], "a send to the removed group"
    work = bot.app.bot_data.work
    plans = await work.digests.plans()
    assert leaves.id not in plans and stays.id in plans
    await work.reminders.run(leaves.id)  # even a reminder run that was already due
    await bot.settled()
    assert bot.telegram.unread(leaves) == []
    assert not [r for r in bot.telegram.rejected if r[1] == 403]
