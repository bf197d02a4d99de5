"""Forum topics and 👍 reactions end to end (issue 20, items 3 and 5): the digest in the topic
admins chose, a topic per claimed paper holding its notes, its new-version notice and its
meeting reminder, closed after the meeting; a bot without the right to manage topics; and 👍
reactions counted as wants, through the fake Bot API and the real JobQueue."""

from __future__ import annotations

from datetime import datetime

from bot.config import Settings
from bot.outbound.version_notices import notify_new_versions
from store.papers import Paper
from tests.bot.test_digest import WEDNESDAY, feed_bytes, fixed
from tests.bot.test_sessions import MONDAY, SHANGHAI, Clock, fire_agenda_job
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.arxiv import Feed as ServedFeed
from tests.fakes.telegram import Chat, FakeTelegram, Posted, User
from tests.harness import RunningBot, running_bot
from tests.search_data import add_papers

LONG_TITLE = "A very long title about mixtures of experts " * 5  # well over 128 characters
PAPERS = [
    Paper("2401.00001", "Sparse experts, revisited"),
    Paper("2401.00002", LONG_TITLE.strip()),
    Paper("2401.00004", "The most wanted paper"),
]


async def forum_group(bot: RunningBot, *, can_manage_topics: bool = True) -> tuple[Chat, User]:
    """A forum supergroup with the bot as admin (with or without the right to manage topics)
    and a human admin who has spoken once."""
    ada = bot.telegram.user("Ada")
    group = bot.telegram.group("LLM paper club", forum=True)
    bot.telegram.set_admin(group, ada)
    bot.telegram.make_bot_admin(group, can_manage_topics=can_manage_topics)
    await say(bot, group, ada, "/settings")
    return group, ada


async def say(
    bot: RunningBot, chat: Chat, member: User, text: str, thread: int | None = None
) -> list[Posted]:
    """A member writes in `chat` (in a topic when given); everything the bot posted back."""
    before = len(bot.telegram.messages(chat))
    await bot.telegram.send(chat, member, text, thread=thread)
    await bot.settled()
    return bot.telegram.messages(chat)[before:]


async def test_a_forum_groups_digest_goes_to_the_topic_its_admins_chose(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    arxiv_server.feeds["cs.CL"] = ServedFeed(feed_bytes("new-2026-08-20-cs-cl"))
    async with running_bot(settings, telegram, arxiv_server, clock=fixed(WEDNESDAY)) as bot:
        group, ada = await forum_group(bot)
        papers = await telegram.open_topic(group, "Papers", ada)
        (inside,) = await say(bot, group, ada, "/digest_topic")  # in General: where to?
        assert "inside the topic" in inside.text and inside.thread_id is None
        bob = telegram.user("Bob")
        (refused,) = await say(bot, group, bob, "/digest_topic", papers)
        assert "only this group's admins" in refused.text
        (chosen,) = await say(bot, group, ada, "/digest_topic", papers)
        assert chosen.thread_id == papers and "posted in this topic" in chosen.text

        await say(bot, group, ada, "/digest_size 1")
        await telegram.send(group, ada, "/digest")
        await telegram.wait_for(
            lambda: any("arXiv digest" in m.text for m in telegram.in_topic(group, papers)), 10
        )
        await bot.settled()
        (part,) = [m for m in telegram.in_topic(group, papers) if "arXiv digest" in m.text]
        assert not [m for m in telegram.in_topic(group, None) if "arXiv digest" in m.text]

        # A 👍 on the one-paper digest message is Bob's want: the digest counts it.
        assert await telegram.react(group, bob, part, "👍")
        await bot.settled()
        assert any(b["text"].startswith("👍 1") for b in part.buttons)
        # Claimed from the digest's button: the paper gets its topic too.
        (claim,) = [
            b["callback_data"] for b in part.buttons if b["callback_data"].startswith("claim:")
        ]
        await telegram.press(group, bob, part, claim)
        await bot.settled()
        topic = telegram.topics(group)[-1]
        assert topic.name.startswith(claim.removeprefix("claim:") + " · ")
        (opener,) = telegram.in_topic(group, topic.thread_id)
        assert "Bob presents this paper." in opener.text

        (general,) = await say(bot, group, ada, "/digest_topic off", papers)
        assert "General" in general.text
        other = telegram.group("Plain group")  # without topics: nothing to choose
        telegram.set_admin(other, ada)
        (plain,) = await say(bot, other, ada, "/digest_topic")
        assert plain.text.startswith("This group has no topics.")
        assert telegram.rejected == []


async def test_a_claimed_paper_gets_a_topic_holding_its_notes_news_and_meeting(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    clock = Clock(MONDAY)
    async with running_bot(settings, telegram, arxiv_server, clock=clock) as bot:
        group, ada = await forum_group(bot)
        add_papers(bot.db, *PAPERS)
        await say(bot, group, ada, "/timezone Asia/Shanghai")
        await say(bot, group, ada, "/session every wed 20:00 Room 2")

        claimed, opener = await say(bot, group, ada, "/claim 2401.00001 next")
        assert claimed.thread_id is None and "Sparse experts" in claimed.text  # where asked
        (topic,) = telegram.topics(group)
        assert topic.name == "2401.00001 · Sparse experts, revisited"
        assert telegram.in_topic(group, topic.thread_id) == [opener]
        assert "Sparse experts, revisited" in opener.text and "Ada presents" in opener.text

        # arXiv's new version: the claimant hears it in the topic.
        sender = bot.app.bot_data.work.digests.sender
        assert await notify_new_versions(sender, bot.services, [("2401.00001", 2)]) == 1
        news = telegram.in_topic(group, topic.thread_id)[-1]
        assert news.text.startswith("📢 arXiv announced version 2 of Sparse experts")

        # A note sent in General: answered there, and confirmed in the paper's topic.
        replies = await say(bot, group, ada, "/note 2401.00001 Method: sparse experts")
        assert [m.thread_id for m in replies] == [None, topic.thread_id]
        assert not topic.closed, "with meetings, the topic stays open until the meeting"
        # Inside the topic a note naming no id is about its paper; the answer stays there.
        bob = telegram.user("Bob")
        (inside,) = await say(bot, group, bob, "/note Results: it scales", topic.thread_id)
        assert inside.thread_id == topic.thread_id and "Sparse experts" in inside.text
        assert (
            bot.db.execute("select count(*) from notes where arxiv_id = '2401.00001'").fetchone()[0]
            == 2
        )

        # A long title is cut to Telegram's 128 characters.
        await say(bot, group, bob, "/claim 2401.00002 next")
        long = telegram.topics(group)[-1]
        assert len(long.name) == 128 and long.name.startswith("2401.00002 · A very long")

        # 24 h before the meeting: the agenda in General, a reminder in each paper's topic.
        clock.set(datetime(2026, 12, 8, 20, 0, tzinfo=SHANGHAI))
        await fire_agenda_job(bot, group)
        assert any(m.text.startswith("🗓 Agenda") for m in telegram.in_topic(group, None))
        for thread in (topic.thread_id, long.thread_id):
            reminder = telegram.in_topic(group, thread)[-1]
            assert reminder.text.startswith("🗓 This paper is presented at the meeting on")
        # After the meeting: the archive entry, and the topics closed.
        clock.set(datetime(2026, 12, 10, 20, 0, tzinfo=SHANGHAI))
        await fire_agenda_job(bot, group)
        assert telegram.in_topic(group, None)[-1].text.startswith("🗂")  # the archive entry
        assert [t.closed for t in telegram.topics(group)] == [True, True]
        assert telegram.rejected == []


async def test_a_released_claim_closes_its_topic_and_a_group_without_topics_is_unchanged(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    async with running_bot(settings, telegram, arxiv_server) as bot:
        group, ada = await forum_group(bot)
        add_papers(bot.db, *PAPERS)
        await say(bot, group, ada, "/claim 2401.00001")
        (topic,) = telegram.topics(group)
        await say(bot, group, ada, "/unclaim 2401.00001")
        assert topic.closed
        # Without meetings, the presenter's note finishes the paper: its topic closes.
        await say(bot, group, ada, "/claim 2401.00004")
        done = telegram.topics(group)[-1]
        await say(bot, group, ada, "/note 2401.00004 Method: wanted")
        assert (
            done.closed and "Saved Ada's note" in telegram.in_topic(group, done.thread_id)[-1].text
        )

        plain, bob = telegram.group("Plain group"), telegram.user("Bob")
        replies = await say(bot, plain, bob, "/claim 2401.00004")
        assert len(replies) == 1 and len(telegram.calls_to("createForumTopic")) == 2
        assert telegram.rejected == []


async def test_forget_closes_the_topics_of_the_members_claims(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    async with running_bot(settings, telegram, arxiv_server) as bot:
        group, ada = await forum_group(bot)
        add_papers(bot.db, *PAPERS)
        bob = telegram.user("Bob")
        await say(bot, group, ada, "/claim 2401.00001")
        await say(bot, group, bob, "/claim 2401.00004")
        adas, bobs = telegram.topics(group)
        private = telegram.private_chat(bob)
        await telegram.send(private, bob, "/forget")
        question = await telegram.next_reply(private)
        await telegram.press(private, bob, question, f"forget:yes:{bob.id}")
        await telegram.wait_for(lambda: bobs.closed)
        assert not adas.closed, "only the forgetting member's papers"
        assert telegram.rejected == []


async def test_without_the_right_to_manage_topics_the_bot_says_so_once_and_posts_in_general(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    async with running_bot(settings, telegram, arxiv_server) as bot:
        group, ada = await forum_group(bot, can_manage_topics=False)
        add_papers(bot.db, *PAPERS)
        first = await say(bot, group, ada, "/claim 2401.00001")
        assert len(first) == 2 and all(m.thread_id is None for m in first)
        assert "<b>Manage Topics</b>" in first[1].html
        second = await say(bot, group, ada, "/claim 2401.00002")
        assert len(second) == 1, "said once, not on every claim"
        assert telegram.topics(group) == []
        sender = bot.app.bot_data.work.digests.sender
        assert await notify_new_versions(sender, bot.services, [("2401.00001", 2)]) == 1
        assert "announced version 2" in telegram.in_topic(group, None)[-1].text
        reply = await say(bot, group, ada, "/note 2401.00001 Method: sparse experts")
        assert [m.thread_id for m in reply] == [None]
        assert [r[2] for r in telegram.rejected] == [
            "Bad Request: not enough rights to create a topic"
        ] * 2


async def test_a_thumbs_up_counts_once_per_member_and_taking_it_back_uncounts_it(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    async with running_bot(settings, telegram, arxiv_server) as bot:
        group, ada = await forum_group(bot)
        add_papers(bot.db, *PAPERS)
        bob = telegram.user("Bob")
        (card,) = await say(bot, group, ada, "/paper 2401.00004")
        (again,) = await say(bot, group, bob, "/paper 2401.00004")
        (help_reply,) = await say(bot, group, bob, "/top")
        for member, message in ((ada, card), (bob, card), (ada, again), (bob, help_reply)):
            assert await telegram.react(group, member, message, "👍")
        await bot.settled()
        (top,) = await say(bot, group, bob, "/top")
        assert "The most wanted paper 2401.00004 — 👍 2" in top.text  # Ada counts once

        await telegram.react(group, ada, card, "🔥")  # another emoji: the 👍 is gone
        await telegram.react(group, bob, card, None)
        await bot.settled()
        (top,) = await say(bot, group, bob, "/top")
        assert top.text.startswith("Nothing wanted yet")
        assert telegram.rejected == []


async def test_a_chinese_forum_hears_of_topics_in_chinese(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    async with running_bot(settings, telegram, arxiv_server) as bot:
        li = telegram.user("李雷", language_code="zh-hans")
        group = telegram.group("大模型读书会", forum=True)
        telegram.set_admin(group, li)
        await telegram.add_bot(group, li)  # a member, not an admin: no reactions reported
        await bot.settled()
        add_papers(bot.db, *PAPERS)
        (card,) = await say(bot, group, li, "/paper 2401.00004")
        assert not await telegram.react(group, li, card, "👍")

        papers = await telegram.open_topic(group, "论文", li)
        (chosen,) = await say(bot, group, li, "/digest_topic", papers)
        assert chosen.text.startswith("✅ 以后每日摘要、每周提醒和议程都会发在这个话题里。")
        (general,) = await say(bot, group, li, "/digest_topic 关闭", papers)
        assert general.text == "✅ 以后每日摘要和提醒会发在 General。"

        claimed = await say(bot, group, li, "/claim 2401.00001")  # no right to create topics
        assert "我需要管理员权限管理话题" in claimed[-1].text
        telegram.make_bot_admin(group)  # given the right: the next claim gets its topic
        await say(bot, group, li, "/claim 2401.00004")
        topic = telegram.topics(group)[-1]
        assert topic.name == "2401.00004 · The most wanted paper"
        (opener,) = telegram.in_topic(group, topic.thread_id)
        assert "李雷 来讲这篇论文。它的笔记和新消息都会发在这里。" in opener.text
