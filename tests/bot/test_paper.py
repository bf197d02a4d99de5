"""/start, /help and /paper end to end: a member types, the bot answers through the fake API."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.app import registered_commands
from store.papers import Paper, get_paper, upsert_papers
from tests.harness import RunningBot


async def test_paper_from_the_api_then_from_the_store(bot: RunningBot) -> None:
    member = bot.telegram.user("Ada")
    group = bot.telegram.group("LLM paper club")
    await bot.telegram.send(group, member, "/paper https://arxiv.org/abs/1707.08567")
    card = await bot.telegram.next_reply(group)
    assert "Proceedings of Workshop AEW10" in card.text
    assert '<a href="https://arxiv.org/abs/1707.08567">' in card.html
    assert "cs.IT" in card.text and "2017-07-27" in card.text
    assert get_paper(bot.db, "1707.08567") is not None

    await bot.telegram.send(group, member, "/paper arXiv:1707.08567v1")
    again = await bot.telegram.next_reply(group)
    assert again.text == card.text
    assert len(bot.arxiv.api_requests()) == 1, "the second lookup must come from the store"


async def test_titles_with_markup_characters_are_escaped(bot: RunningBot) -> None:
    # A real title from the cs.CL feed of 2025-01-07 (it has a bare "&"), plus a "<" case.
    titles = [
        "CarbonChat: Large Language Model-Based Corporate Carbon Emission Analysis and "
        "Climate Knowledge Q&A System",
        'Sub-quadratic <1B models & the "quote" problem',
    ]
    now = datetime(2026, 11, 21, tzinfo=UTC)
    upsert_papers(bot.db, [Paper("2501.03651", titles[0]), Paper("2501.00001", titles[1])], now)
    member = bot.telegram.user("Ada")
    chat = bot.telegram.private_chat(member)
    for arxiv_id, title in zip(["2501.03651", "2501.00001"], titles, strict=True):
        await bot.telegram.send(chat, member, f"/paper {arxiv_id}")
        card = await bot.telegram.next_reply(chat)
        assert title in card.text
    assert bot.telegram.rejected == []


async def test_invalid_unknown_and_unreachable_ids(bot: RunningBot) -> None:
    member = bot.telegram.user("Ada")
    chat = bot.telegram.private_chat(member)
    await bot.telegram.send(chat, member, "/paper 2413.00001")
    reply = await bot.telegram.next_reply(chat)
    assert "month must be 01 to 12" in reply.text and "Accepted forms" in reply.text

    await bot.telegram.send(chat, member, "/paper")
    assert "Tell me which paper" in (await bot.telegram.next_reply(chat)).text

    await bot.telegram.send(chat, member, "/paper 2401.99999")
    assert "arXiv has no paper 2401.99999" in (await bot.telegram.next_reply(chat)).text

    bot.arxiv.api_status = 503
    await bot.telegram.send(chat, member, "/paper 1605.08386")
    assert "arXiv did not answer, try again later" in (await bot.telegram.next_reply(chat)).text
    assert get_paper(bot.db, "1605.08386") is None
    bot.arxiv.api_status = 200
    await bot.telegram.send(chat, member, "/paper 1605.08386")
    assert "Heat-bath random walks" in (await bot.telegram.next_reply(chat)).text


async def test_help_in_a_group_addressed_to_the_bot(bot: RunningBot) -> None:
    member = bot.telegram.user("Ada")
    group = bot.telegram.group("LLM paper club", supergroup=False)
    await bot.telegram.send(group, member, "/help@paperclub_test_bot")
    reply = await bot.telegram.next_reply(group)
    for command in registered_commands():
        assert f"/{command.name}" in reply.text
    await bot.telegram.send(group, member, "/help@some_other_bot")
    await bot.telegram.handled(group, member)
    assert bot.telegram.unread(group) == []


async def test_command_menu_is_registered_at_start(bot: RunningBot) -> None:
    # Issue 10: admins' menu in their groups holds every command; everyone else's lacks /track.
    admins = bot.telegram.menus[("all_chat_administrators", "")]
    assert [c["command"] for c in admins] == [c.name for c in registered_commands()]
    names = [c["command"] for c in bot.telegram.commands]
    assert "claim" in names and "track" not in names


async def test_a_429_is_retried_and_the_reply_still_arrives(bot: RunningBot) -> None:
    member = bot.telegram.user("Ada")
    chat = bot.telegram.private_chat(member)
    bot.telegram.inject("sendMessage", "429", retry_after=1)
    await bot.telegram.send(chat, member, "/start")
    reply = await bot.telegram.next_reply(chat, timeout=10)
    assert "paperclub" in reply.text
    assert ("sendMessage", 429, "Too Many Requests: retry after 1") in bot.telegram.rejected
