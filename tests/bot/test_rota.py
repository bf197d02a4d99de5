"""The presenter rota and slot swaps end to end, through the fake Bot API and the real
JobQueue with an injected clock: members join, the daily check asks the next in turn (privately
when they started the bot, else in the group), a pass asks the one after, a take picks a wanted
paper; a swap happens only when the other member agrees."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.config import Settings
from store.db import open_db
from store.papers import Paper
from store.wants import WANT, set_want
from tests.bot.test_i18n import ask
from tests.bot.test_sessions import (
    PAPERS,
    Clock,
    _wants,
    berlin_group,
    fire_agenda_job,
    monday_listing,
)
from tests.bot.test_topics import forum_group, say
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.arxiv import Feed as ServedFeed
from tests.fakes.telegram import Chat, FakeTelegram, Posted, User
from tests.harness import RunningBot, running_bot
from tests.search_data import add_papers

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 12, 7, 9, 0, tzinfo=BERLIN)  # the meetings: Wednesdays 19:00, 2 papers


async def press(bot: RunningBot, chat: Chat, member: User, posted: Posted, data: str) -> str:
    """A member presses a button; returns the toast once the bot has answered."""
    query_id = await bot.telegram.press(chat, member, posted, data)
    await bot.telegram.wait_for(lambda: query_id in bot.telegram.answers)
    await bot.settled()
    return str(bot.telegram.answers[query_id].get("text") or "")


def data_of(posted: Posted, prefix: str) -> str:
    (found,) = [b["callback_data"] for b in posted.buttons if b["callback_data"].startswith(prefix)]
    return str(found)


async def test_members_are_asked_in_turn_a_pass_asks_the_next_and_a_take_claims(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    clock = Clock(MONDAY)
    async with running_bot(settings, telegram, arxiv_server, clock=clock) as bot:
        group, ada = await berlin_group(bot)
        bo, cy = telegram.user("Bo"), telegram.user("Cy")
        add_papers(bot.db, *PAPERS)
        bo_private = telegram.private_chat(bo)
        await telegram.send(bo_private, bo, "/start")  # Bo started the bot: asked privately
        await telegram.next_reply(bo_private)
        await ask(bot, group, ada, "/session every wed 19:00 Room 2")
        assert "Nobody is in the presenter rota" in await ask(bot, group, ada, "/rota")
        assert await ask(bot, group, ada, "/rota join") == (
            "✅ You are in the presenter rota: you will be asked in turn."
        )
        assert "already" in await ask(bot, group, ada, "/rota join")
        await ask(bot, group, bo, "/rota 加入")
        await ask(bot, group, cy, "/rota join")
        assert "/rota join" in await ask(bot, group, cy, "/rota sometimes")  # changes nothing
        assert (await ask(bot, group, cy, "/rota")).splitlines() == [
            "🔁 Presenter rota (next first)", "1. Ada", "2. Bo", "3. Cy",
        ]  # fmt: skip
        for member in (ada, bo, cy):
            set_want(bot.db, group.id, "2401.00004", member.id, WANT, clock.now)

        # Two days before Wednesday's meeting, two slots are open: Ada (first in turn) is
        # asked in the group, with a mention, since she never started the bot.
        await fire_agenda_job(bot, group)
        (asked,) = await telegram.next_replies(group, 1)
        assert asked.text == (
            "🔁 Ada, your turn in the rota: the meeting of Wed 9 Dec 19:00 has an open slot. "
            "Will you present?"
        )
        assert f'href="tg://user?id={ada.id}"' in asked.html
        take, passing = data_of(asked, "rota:take:"), data_of(asked, "rota:pass:")
        assert await press(bot, group, cy, asked, take) == "This ask is for another member."
        await fire_agenda_job(bot, group)  # her ask is out: nobody else is asked meanwhile
        assert telegram.unread(group) == []

        # Ada passes: Bo, next in turn, is asked privately.
        await press(bot, group, ada, asked, passing)
        assert asked.text == "Ada passed; the next member in turn is asked."
        (private_ask,) = await telegram.next_replies(bo_private, 1)
        assert private_ask.text.startswith("🔁 Your turn in LLM club's presenter rota")
        stale = await telegram.press(group, ada, asked, passing, crafted=True)  # a second press
        await telegram.wait_for(lambda: stale in telegram.answers)
        assert telegram.answers[stale]["text"] == "This ask was answered already."
        await press(bot, bo_private, bo, private_ask, data_of(private_ask, "rota:take:"))
        assert private_ask.text.startswith("🙋 Bo presents at the meeting of Wed 9 Dec 19:00.")
        paper = data_of(private_ask, "rota:paper:")
        assert paper.endswith(":2401.00004")
        await press(bot, bo_private, bo, private_ask, paper)
        assert private_ask.text == (
            "✅ Bo presents The most wanted paper at the meeting of Wed 9 Dec 19:00."
        )
        agenda = await ask(bot, group, ada, "/agenda")
        assert "1. The most wanted paper — Bo (no note yet)" in agenda

        # The next day's check: one slot still open, so Cy (next after Bo) is asked; everyone
        # has been asked about this meeting once Cy passes, and the turn comes back to Ada.
        clock.set(datetime(2026, 12, 8, 9, 0, tzinfo=BERLIN))
        await fire_agenda_job(bot, group)
        (third,) = await telegram.next_replies(group, 1)
        assert third.text.startswith("🔁 Cy, your turn in the rota")
        await fire_agenda_job(bot, group)  # the same day again: Cy still has time to answer
        assert telegram.unread(group) == []
        # Cy never answers: by the next day's check the ask counts as a pass, and nobody is
        # left to ask about this meeting (Ada passed, Bo took a slot).
        clock.set(datetime(2026, 12, 9, 9, 0, tzinfo=BERLIN))
        await fire_agenda_job(bot, group)
        (agenda_posted,) = await telegram.next_replies(group, 1)  # the day's agenda, no ask
        assert agenda_posted.text.startswith("🗓 Agenda — Wed 9 Dec 19:00")
        assert "1 open slot" in agenda_posted.text
        late = await telegram.press(group, cy, third, data_of(third, "rota:take:"))
        await telegram.wait_for(lambda: late in telegram.answers)
        assert telegram.answers[late]["text"] == "This ask was answered already."
        assert (await ask(bot, group, cy, "/rota")).splitlines()[1] == "1. Ada"
        assert await ask(bot, group, bo, "/rota leave") == "✅ You left the presenter rota."
        assert telegram.rejected == []

    # After a restart the turn goes on where it was: Ada, then Cy.
    async with running_bot(
        settings, telegram, arxiv_server, db=open_db(settings.db_path), clock=clock
    ) as bot:
        assert (await ask(bot, group, cy, "/rota")).splitlines()[1:] == ["1. Ada", "2. Cy"]


async def test_a_swap_happens_only_when_the_other_member_agrees(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    clock = Clock(MONDAY)
    async with running_bot(settings, telegram, arxiv_server, clock=clock) as bot:
        group, ada = await berlin_group(bot)
        bo, cy = telegram.user("Bo", "bo_reads"), telegram.user("Cy")
        add_papers(bot.db, *PAPERS)
        await ask(bot, group, ada, "/session every wed 19:00 Room 2")
        await ask(bot, group, ada, "/claim 2401.00001 next")  # Wed 9 Dec
        await ask(bot, group, bo, "/claim 2401.00002 2026-12-15")  # Wed 16 Dec

        # Bad input: a friendly word, nothing changes.
        assert "/swap @member" in await ask(bot, group, ada, "/swap")
        assert "don't know @nobody_here" in await ask(bot, group, ada, "/swap @nobody_here")
        mine = await telegram.send(group, ada, "my own message")
        await bot.settled()
        assert "That is you" in await ask_replying(bot, group, ada, mine)
        assert "no slot coming up" in await ask(bot, group, cy, "/swap @bo_reads")
        said = await telegram.send(group, cy, "I have nothing claimed")
        await bot.settled()
        assert "has no slot" in await ask_replying(bot, group, ada, said)

        # Refused: the claims keep their meetings.
        await telegram.send(group, ada, "/swap @bo_reads")
        offer = await telegram.next_reply(group)
        assert offer.text == (
            "🔄 Bo, Ada proposes a swap: you would present 长上下文的检索增强 on Wed 9 Dec, and "
            "Ada would present Sparse experts, revisited on Wed 16 Dec. Do you agree?"
        )
        agree, refuse = data_of(offer, "swap:yes:"), data_of(offer, "swap:no:")
        assert await press(bot, group, ada, offer, agree) == (
            "Only the member asked can answer this swap."
        )
        await press(bot, group, bo, offer, refuse)
        assert offer.text == "The swap was declined: nothing changed."
        before = await ask(bot, group, ada, "/agenda")
        assert "1. Sparse experts, revisited — Ada" in before

        # Agreed (a reply to Bo's message names him): the two meetings are exchanged.
        said = await telegram.send(group, bo, "happy to swap")
        await bot.settled()
        await telegram.send(group, ada, "/swap", reply_to=said)
        offer = await telegram.next_reply(group)
        await press(bot, group, bo, offer, data_of(offer, "swap:yes:"))
        assert offer.text == (
            "✅ Swapped: Bo presents 长上下文的检索增强 on Wed 9 Dec, Ada presents Sparse "
            "experts, revisited on Wed 16 Dec."
        )
        after = await ask(bot, group, ada, "/agenda")
        assert "1. 长上下文的检索增强 — Bo" in after and "Ada" not in after
        stale = await telegram.press(group, bo, offer, refuse, crafted=True)  # a late press
        await telegram.wait_for(lambda: stale in telegram.answers)
        assert telegram.answers[stale]["text"] == "This swap was answered already."
        assert telegram.rejected == []


async def ask_replying(bot: RunningBot, chat: Chat, member: User, said: dict[str, Any]) -> str:
    await bot.telegram.send(chat, member, "/swap", reply_to=said)
    return (await bot.telegram.next_reply(chat)).text


async def test_a_private_ask_speaks_the_members_language_and_the_group_keeps_its_own(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    # Issue 20: the private ask came in the group's language, unlike every other private message.
    clock = Clock(MONDAY)
    async with running_bot(settings, telegram, arxiv_server, clock=clock) as bot:
        group, ada = await berlin_group(bot)  # an English group
        li = telegram.user("李雷", language_code="zh-hans")
        li_private = telegram.private_chat(li)
        await telegram.send(li_private, li, "/start")  # started the bot: asked privately
        await telegram.next_reply(li_private)
        add_papers(bot.db, *PAPERS)
        await ask(bot, group, ada, "/session every wed 19:00 Room 2")
        assert (await ask(bot, group, li, "/rota join")).startswith("✅ You are in")  # the group's
        await ask(bot, group, ada, "/rota join")

        await fire_agenda_job(bot, group)
        (private_ask,) = await telegram.next_replies(li_private, 1)
        assert private_ask.text.startswith("🔁 LLM club 的分享轮值轮到你了：")
        assert private_ask.text.endswith("的会议还有空位。你来分享吗？")
        assert [b["text"] for b in private_ask.buttons] == ["🙋 我来讲", "这次跳过"]
        assert telegram.unread(group) == []

        # 李雷 passes: told in Chinese privately; Ada, next in turn, is asked in English.
        await press(bot, li_private, li, private_ask, data_of(private_ask, "rota:pass:"))
        assert private_ask.text == "李雷 这次跳过；已经去问下一位了。"
        (asked,) = await telegram.next_replies(group, 1)
        assert asked.text.startswith("🔁 Ada, your turn in the rota: the meeting of Wed 9 Dec")
        assert telegram.rejected == []


async def test_a_wanted_papers_button_shows_its_title_as_written(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    # Review: a button's label is plain text, yet the title went through HTML escaping, so
    # "Q&A" read "Q&amp;A" on the button.
    clock = Clock(MONDAY)
    async with running_bot(settings, telegram, arxiv_server, clock=clock) as bot:
        group, ada = await berlin_group(bot)
        add_papers(bot.db, Paper("2401.00009", "Q&A <agents>"))
        await ask(bot, group, ada, "/session every wed 19:00 Room 2")
        await ask(bot, group, ada, "/rota join")
        set_want(bot.db, group.id, "2401.00009", ada.id, WANT, clock.now)

        await fire_agenda_job(bot, group)
        (asked,) = await telegram.next_replies(group, 1)
        await press(bot, group, ada, asked, data_of(asked, "rota:take:"))
        assert [b["text"] for b in asked.buttons] == ["👍 1 · Q&A <agents>"]
        assert telegram.rejected == []


async def test_a_paper_taken_from_the_rota_loses_its_claim_button_in_the_digest(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    # Review: a paper claimed with the rota's button kept its Claim button in the digest
    # (a /claim or the digest's own button refreshes it).
    clock = Clock(datetime(2026, 12, 7, 17, 30, tzinfo=BERLIN))  # Monday's listing is out
    arxiv_server.feeds["cs.CL"] = ServedFeed(monday_listing())
    async with running_bot(settings, telegram, arxiv_server, clock=clock) as bot:
        group, ada = await berlin_group(bot)
        await ask(bot, group, ada, "/session every wed 19:00 Room 2")
        await ask(bot, group, ada, "/rota join")
        await telegram.send(group, ada, "/digest")
        await telegram.wait_for(lambda: any(_wants(p) for p in telegram.unread(group)), 10)
        await bot.settled()
        parts = telegram.unread(group)
        await telegram.next_replies(group, len(parts))
        digest = next(p for p in parts if _wants(p))
        want = _wants(digest)[0]
        arxiv_id = want.removeprefix("want:")
        await press(bot, group, ada, digest, want)
        assert f"claim:{arxiv_id}" in [b["callback_data"] for b in digest.buttons]

        await fire_agenda_job(bot, group)
        (asked,) = await telegram.next_replies(group, 1)
        await press(bot, group, ada, asked, data_of(asked, "rota:take:"))
        await press(bot, group, ada, asked, data_of(asked, "rota:paper:"))
        assert asked.text.startswith("✅ Ada presents")
        await bot.settled()
        assert f"claim:{arxiv_id}" not in [b["callback_data"] for b in digest.buttons]
        assert telegram.rejected == []


async def test_a_paper_taken_from_the_rota_gets_its_forum_topic(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    # Review: a claim made with the rota's button opened no topic, unlike /claim.
    clock = Clock(MONDAY)
    async with running_bot(settings, telegram, arxiv_server, clock=clock) as bot:
        group, ada = await forum_group(bot)
        add_papers(bot.db, *PAPERS)
        await say(bot, group, ada, "/timezone Europe/Berlin")
        await say(bot, group, ada, "/session every wed 19:00 Room 2")
        await say(bot, group, ada, "/rota join")
        set_want(bot.db, group.id, "2401.00004", ada.id, WANT, clock.now)

        before = len(telegram.messages(group))
        await fire_agenda_job(bot, group)
        (asked,) = telegram.messages(group)[before:]
        await press(bot, group, ada, asked, data_of(asked, "rota:take:"))
        await press(bot, group, ada, asked, data_of(asked, "rota:paper:"))
        (topic,) = telegram.topics(group)
        assert topic.name == "2401.00004 · The most wanted paper"
        assert "Ada presents" in telegram.in_topic(group, topic.thread_id)[0].text
        assert telegram.rejected == []


async def test_a_swap_agreed_after_the_meetings_stopped_says_nothing_was_swapped(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    # Review: with the meetings off by the time the other member agreed, the press was
    # acknowledged but the offer stayed as it was (its answer failed), and the claims had moved.
    clock = Clock(MONDAY)
    async with running_bot(settings, telegram, arxiv_server, clock=clock) as bot:
        group, ada = await berlin_group(bot)
        bo = telegram.user("Bo", "bo_reads")
        add_papers(bot.db, *PAPERS)
        await ask(bot, group, ada, "/session every wed 19:00 Room 2")
        await ask(bot, group, ada, "/claim 2401.00001 next")
        await ask(bot, group, bo, "/claim 2401.00002 2026-12-15")
        await telegram.send(group, ada, "/swap @bo_reads")
        offer = await telegram.next_reply(group)
        await ask(bot, group, ada, "/session off")

        await press(bot, group, bo, offer, data_of(offer, "swap:yes:"))
        assert offer.text == "One of the two claims changed meanwhile: nothing was swapped."
        dues = bot.db.execute("select arxiv_id, due_on from claims order by arxiv_id").fetchall()
        assert dues == [("2401.00001", "2026-12-09"), ("2401.00002", "2026-12-15")]
        assert telegram.rejected == []


async def test_a_paper_taken_privately_keeps_the_groups_digest_in_the_groups_language(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    # Review: the digest re-rendered after a private pick must not speak the member's language.
    clock = Clock(datetime(2026, 12, 7, 17, 30, tzinfo=BERLIN))
    arxiv_server.feeds["cs.CL"] = ServedFeed(monday_listing())
    async with running_bot(settings, telegram, arxiv_server, clock=clock) as bot:
        group, ada = await berlin_group(bot)  # an English group
        li = telegram.user("李雷", language_code="zh-hans")
        li_private = telegram.private_chat(li)
        await telegram.send(li_private, li, "/start")
        await telegram.next_reply(li_private)
        await ask(bot, group, ada, "/session every wed 19:00 Room 2")
        await ask(bot, group, li, "/rota join")
        await telegram.send(group, ada, "/digest")
        await telegram.wait_for(lambda: any(_wants(p) for p in telegram.unread(group)), 10)
        await bot.settled()
        parts = telegram.unread(group)
        await telegram.next_replies(group, len(parts))
        digest = next(p for p in parts if _wants(p))
        want = _wants(digest)[0]
        await press(bot, group, li, digest, want)

        await fire_agenda_job(bot, group)
        (private_ask,) = await telegram.next_replies(li_private, 1)
        await press(bot, li_private, li, private_ask, data_of(private_ask, "rota:take:"))
        await press(bot, li_private, li, private_ask, data_of(private_ask, "rota:paper:"))
        await bot.settled()
        buttons = [b["callback_data"] for b in digest.buttons]
        assert f"claim:{want.removeprefix('want:')}" not in buttons
        assert "claimed by 李雷" in digest.text and "Claim 2" in [b["text"] for b in digest.buttons]
        assert telegram.rejected == []


async def test_a_private_take_with_no_wanted_papers_says_to_claim_in_the_group(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    # Review: the private hint suggested /claim in the private chat, where the bot then says
    # claims belong in the group.
    clock = Clock(MONDAY)
    async with running_bot(settings, telegram, arxiv_server, clock=clock) as bot:
        group, ada = await berlin_group(bot)
        bo = telegram.user("Bo")
        bo_private = telegram.private_chat(bo)
        await telegram.send(bo_private, bo, "/start")
        await telegram.next_reply(bo_private)
        await ask(bot, group, ada, "/session every wed 19:00 Room 2")
        await ask(bot, group, bo, "/rota join")

        await fire_agenda_job(bot, group)
        (private_ask,) = await telegram.next_replies(bo_private, 1)
        await press(bot, bo_private, bo, private_ask, data_of(private_ask, "rota:take:"))
        assert private_ask.text == (
            "🙋 Bo presents at the meeting of Wed 9 Dec 19:00. Which paper? Send "
            "/claim <id> 2026-12-09 in LLM club."
        )
        assert private_ask.buttons == []
        assert telegram.rejected == []


async def test_a_claim_due_before_its_meeting_can_still_be_swapped(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    # Review: a claim whose due date had passed but whose meeting was still ahead counted as
    # "no slot coming up": a slot is the claim's meeting, not its due date.
    clock = Clock(MONDAY)
    async with running_bot(settings, telegram, arxiv_server, clock=clock) as bot:
        group, ada = await berlin_group(bot)
        bo = telegram.user("Bo", "bo_reads")
        add_papers(bot.db, *PAPERS)
        await ask(bot, group, ada, "/session every wed 19:00 Room 2")
        await ask(bot, group, ada, "/claim 2401.00001 2026-12-08")  # due Tuesday: Wed 9 Dec
        await ask(bot, group, bo, "/claim 2401.00002 2026-12-15")  # Wed 16 Dec
        clock.set(datetime(2026, 12, 9, 9, 0, tzinfo=BERLIN))  # Wednesday: due, meeting ahead

        await telegram.send(group, ada, "/swap @bo_reads")
        offer = await telegram.next_reply(group)
        assert offer.text == (
            "🔄 Bo, Ada proposes a swap: you would present 长上下文的检索增强 on Wed 9 Dec, and "
            "Ada would present Sparse experts, revisited on Wed 16 Dec. Do you agree?"
        )
        await press(bot, group, bo, offer, data_of(offer, "swap:yes:"))
        assert offer.text.startswith("✅ Swapped: Bo presents 长上下文的检索增强 on Wed 9 Dec")
        assert telegram.rejected == []


async def test_a_swap_in_a_group_without_meetings_says_there_are_none(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    # Review: with claims but no meetings, /swap said "claim a paper first".
    clock = Clock(MONDAY)
    async with running_bot(settings, telegram, arxiv_server, clock=clock) as bot:
        group, ada = await berlin_group(bot)
        bo = telegram.user("Bo", "bo_reads")
        add_papers(bot.db, *PAPERS)
        await ask(bot, group, ada, "/claim 2401.00001 2026-12-09")
        await ask(bot, group, bo, "/claim 2401.00002 2026-12-15")

        assert await ask(bot, group, ada, "/swap @bo_reads") == (
            "This group has no meetings to swap: an admin sets them with /session."
        )
        assert telegram.rejected == []
