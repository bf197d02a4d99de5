"""Guards declared on commands: group only, admins only (members may look), one's own account;
an anonymous admin counts as an admin, a linked channel is nobody's account."""

from __future__ import annotations

from store.groups import get_group
from store.reminders import reminder_settings
from tests.fakes.telegram import Chat, User
from tests.harness import RunningBot

CHANNEL_BOT = User(136817688, "Channel", "Channel_Bot")  # how Telegram shows a channel's posts
ANONYMOUS = User(1087968824, "Group", "GroupAnonymousBot")


async def _club(bot: RunningBot) -> tuple[Chat, User, User]:
    """A group with an admin who has spoken once, and a member."""
    ada, bob = bot.telegram.user("Ada"), bot.telegram.user("Bob")
    group = bot.telegram.group("LLM paper club")
    bot.telegram.set_admin(group, ada)
    await bot.telegram.send(group, ada, "/keywords add lora")
    await bot.telegram.next_reply(group)
    return group, ada, bob


async def ask(
    bot: RunningBot, group: Chat, user: User, text: str, sender_chat: Chat | None = None
) -> str:
    await bot.telegram.send(group, user, text, sender_chat=sender_chat)
    return (await bot.telegram.next_reply(group)).text


async def test_members_see_settings_keywords_and_reminder_but_only_admins_change(
    bot: RunningBot,
) -> None:
    group, _, bob = await _club(bot)
    assert "lora" in await ask(bot, group, bob, "/settings")
    assert "lora" in await ask(bot, group, bob, "/keywords")
    assert "lora" in await ask(bot, group, bob, "/keywords show")
    assert "Now: Mon 10:00 (UTC)" in await ask(bot, group, bob, "/reminder")
    refused = await ask(bot, group, bob, "/keywords add rag")
    assert "only this group's admins can change what /keywords sets" in refused
    assert "/keywords alone" in refused
    refused = await ask(bot, group, bob, "/timezone Asia/Shanghai")
    assert "only this group's admins can use /timezone" in refused
    stored = get_group(bot.db, group.id)
    assert stored is not None and stored.keywords == ("lora",) and stored.timezone == "UTC"


async def test_a_members_digest_is_refused_as_digest_not_as_settings(bot: RunningBot) -> None:
    group, _, bob = await _club(bot)
    refused = await ask(bot, group, bob, "/digest")
    assert "only this group's admins can use /digest" in refused
    assert "settings" not in refused
    assert not bot.telegram.unread(group)


async def test_an_anonymous_admin_may_change_a_linked_channel_may_not(bot: RunningBot) -> None:
    group, _, _ = await _club(bot)
    channel = Chat(-1_002_000_000_001, "channel", title="Club news")
    assert "Asia/Shanghai" in await ask(
        bot, group, ANONYMOUS, "/timezone Asia/Shanghai", sender_chat=group
    )
    before = reminder_settings(bot.db, group.id)
    for text in ("/reminder", "/reminder Fri 18:00", "/reminder off", "/digest_size 3"):
        refused = await ask(bot, group, CHANNEL_BOT, text, sender_chat=channel)
        assert "a channel cannot use it" in refused, text
    assert reminder_settings(bot.db, group.id) == before
    stored = get_group(bot.db, group.id)
    assert stored is not None and stored.digest_size == 10 and stored.timezone == "Asia/Shanghai"


async def test_group_commands_in_private_say_where_they_belong(bot: RunningBot) -> None:
    ada = bot.telegram.user("Ada")
    private = bot.telegram.private_chat(ada)
    for name in ("settings", "keywords", "reminder", "digest", "claims", "track"):
        await bot.telegram.send(private, ada, f"/{name}")
        reply = (await bot.telegram.next_reply(private)).text
        assert reply.startswith(f"/{name} belongs to a group"), reply
