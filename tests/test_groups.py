"""Groups come and go: the bot is added, removed, and a group becomes a supergroup."""

from __future__ import annotations

from store.groups import get_group, member_group_ids, update_group
from tests.harness import RunningBot


async def test_added_removed_and_migrated_group_keeps_its_settings(bot: RunningBot) -> None:
    admin = bot.telegram.user("Grace")
    group = bot.telegram.group("LLM club", supergroup=False)
    await bot.telegram.add_bot(group, by=admin)
    await bot.telegram.handled(group, admin)
    created = get_group(bot.db, group.id)
    assert created is not None and created.active and created.categories == ("cs.CL",)
    update_group(bot.db, group.id, bot.services.clock(), categories=("cs.CL", "cs.AI"))
    await bot.telegram.send(group, admin, "/help")
    await bot.telegram.next_reply(group)

    supergroup = await bot.telegram.migrate(group, by=admin)
    await bot.telegram.handled(supergroup, admin)
    moved = get_group(bot.db, supergroup.id)
    assert moved is not None and moved.categories == ("cs.CL", "cs.AI")
    assert get_group(bot.db, group.id) is None
    assert member_group_ids(bot.db, admin.id) == [supergroup.id]

    await bot.telegram.send(supergroup, admin, "/help")
    assert "/paper" in (await bot.telegram.next_reply(supergroup)).text

    await bot.telegram.add_bot(supergroup, by=admin, status="kicked")
    other = bot.telegram.private_chat(admin)
    await bot.telegram.handled(other, admin)
    removed = get_group(bot.db, supergroup.id)
    assert removed is not None and not removed.active


async def test_blocking_and_unblocking_the_bot_in_private_creates_no_group(bot: RunningBot) -> None:
    member = bot.telegram.user("Ada")
    chat = bot.telegram.private_chat(member)
    await bot.telegram.add_bot(chat, by=member, status="kicked")
    await bot.telegram.add_bot(chat, by=member, status="member")
    await bot.telegram.handled(chat, member)
    assert get_group(bot.db, chat.id) is None
