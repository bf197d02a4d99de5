"""A claimed paper's forum topic hears all of its paper's news (issue 20, its loose ends): the
presenter's nudge and the release of an overdue claim by the weekly reminder runner (which
closes the topic, as /unclaim does), and arXiv's new version found by the feed watcher, each in
the paper's own topic, not the digest's; `/note --replace` inside the topic, with no id;
Telegram's "forum topic created" service messages and the replies to them that every message
in a topic carries get no answer."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.config import Settings
from store.papers import Paper
from tests.bot.test_languages_passed import WEDNESDAY as LISTING_DUE
from tests.bot.test_languages_passed import a_new_version, served
from tests.bot.test_reminders import Clock
from tests.bot.test_topics import PAPERS, forum_group, say
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.telegram import Chat, FakeTelegram, Posted, User
from tests.harness import RunningBot, fire_now, running_bot
from tests.search_data import add_papers

MORNING = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)  # a Wednesday: no weekly reminder due


def due_on(bot: RunningBot, arxiv_id: str) -> date:
    """The open claim's due date, as /claim set it."""
    row = bot.db.execute(
        "select due_on from claims where arxiv_id = ? and status = 'open'", [arxiv_id]
    ).fetchone()
    return date.fromisoformat(row[0])


async def run_reminders(bot: RunningBot, clock: Clock, day: date, seen: Posted) -> None:
    """The group's daily reminder job fires on the real JobQueue that morning; waits until
    something new follows `seen` (the last thing the test has read)."""
    clock.now = datetime.combine(day, MORNING.timetz())
    count = len(bot.telegram.messages(seen.chat_id))
    fire_now(bot, bot.app.bot_data.work.reminder_schedule.job_name(seen.chat_id))
    await bot.telegram.wait_for(lambda: len(bot.telegram.messages(seen.chat_id)) > count, 10)
    await bot.settled()


async def test_the_reminder_runner_nudges_and_releases_in_the_papers_topic_and_closes_it(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    clock = Clock(MORNING)
    async with running_bot(settings, telegram, arxiv_server, clock=clock) as bot:
        group, ada = await forum_group(bot)
        add_papers(bot.db, *PAPERS)
        digests = await telegram.open_topic(group, "Papers", ada)
        await say(bot, group, ada, "/digest_topic", digests)
        _, opener = await say(bot, group, ada, "/claim 2401.00001")
        topic = telegram.topics(group)[-1]
        assert opener.thread_id == topic.thread_id
        due = due_on(bot, "2401.00001")

        await run_reminders(bot, clock, due - timedelta(days=1), opener)
        nudge = telegram.in_topic(group, topic.thread_id)[-1]
        assert nudge.text.startswith("⏰") and "Sparse experts, revisited" in nudge.text
        assert not [m for m in telegram.in_topic(group, digests) if "⏰" in m.text]

        await run_reminders(bot, clock, due + timedelta(days=8), nudge)
        released = telegram.in_topic(group, topic.thread_id)[-1]
        assert released.text.startswith("🔓 Released Sparse experts, revisited")
        assert [b["callback_data"] for b in released.buttons] == ["claim:2401.00001"]
        # released by the runner: the topic closes, as on /unclaim (just after the notice)
        await telegram.wait_for(lambda: topic.closed, 10)
        assert not [m for m in telegram.messages(group) if m.thread_id != topic.thread_id
                    and "Released" in m.text]  # fmt: skip

        # Claimed again from the notice's button: a new topic, open.
        bob = telegram.user("Bob")
        await telegram.press(group, bob, released, "claim:2401.00001")
        await bot.settled()
        again = telegram.topics(group)[-1]
        assert again.thread_id != topic.thread_id and not again.closed
        assert telegram.rejected == []


async def test_a_new_version_in_a_fetched_listing_is_told_in_the_papers_topic(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    fresh = served("new-2026-08-20-cs-cl")
    replaced = a_new_version(fresh)
    arxiv_server.feeds["cs.CL"] = served("new-2024-05-24-cs-cl")  # stale until the claim exists
    async with running_bot(settings, telegram, arxiv_server, clock=lambda: LISTING_DUE) as bot:
        group, ada = await forum_group(bot)
        digests = await telegram.open_topic(group, "Papers", ada)
        await say(bot, group, ada, "/digest_topic", digests)
        add_papers(bot.db, Paper(replaced.arxiv_id, "A paper with a new version", version=1))
        await say(bot, group, ada, f"/claim {replaced.arxiv_id}")
        topic = telegram.topics(group)[-1]

        arxiv_server.feeds["cs.CL"] = fresh
        # The digest job fetches the listing on the real JobQueue; the watcher tells claimants.
        fire_now(bot, bot.app.bot_data.work.digest_schedule.job_name(group.id))
        await telegram.wait_for(
            lambda: any("📢" in m.text for m in telegram.in_topic(group, topic.thread_id)), 15
        )
        await bot.settled()
        (news,) = [m for m in telegram.messages(group) if "📢" in m.text]
        assert news.thread_id == topic.thread_id
        assert news.text.startswith(f"📢 arXiv announced version {replaced.version} of ")
        assert "Ada, you present it" in news.text
        assert telegram.rejected == []


async def test_topic_service_messages_and_the_replies_to_them_get_no_answer(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    async with running_bot(settings, telegram, arxiv_server) as bot:
        group, ada = await forum_group(bot)
        add_papers(bot.db, *PAPERS)
        before = len(telegram.messages(group))
        # Bob opens a topic: Telegram's service message reaches the bot, which says nothing.
        bob = telegram.user("Bob")
        chat_topic = await telegram.open_topic(group, "Chat", bob)
        await bot.settled()
        await telegram.send(group, ada, "Anyone read the MoE survey?", thread=chat_topic)
        await bot.settled()
        assert len(telegram.messages(group)) == before

        # The bot's own topic: every message there is a reply to its service message (the bot's
        # own), as Telegram sends it; talk there is no reply to the bot.
        await say(bot, group, ada, "/claim 2401.00001")
        topic = telegram.topics(group)[-1]
        sent = await telegram.send(
            group, bob, "Great choice, see you Wednesday", thread=topic.thread_id
        )
        assert sent["reply_to_message"]["forum_topic_created"]["name"] == topic.name
        await bot.settled()
        assert len(telegram.in_topic(group, topic.thread_id)) == 1  # the opener, nothing more
        # A real reply to the bot's opener is still one: the bot points to /help.
        (opener,) = telegram.in_topic(group, topic.thread_id)
        (pointer,) = await say_reply(bot, group, bob, "What is this?", opener, topic.thread_id)
        assert "/help" in pointer.text and pointer.thread_id == topic.thread_id
        # /swap in Bob's topic names nobody: the topic's service message is no reply to him.
        (usage,) = await say(bot, group, ada, "/swap", chat_topic)
        assert usage.text.startswith("/swap @member, or reply /swap to their message")
        assert telegram.rejected == []


async def say_reply(
    bot: RunningBot, chat: Chat, member: User, text: str, to: Posted, thread: int
) -> list[Posted]:
    """A member replies to a bot message inside a topic; what the bot posted back."""
    before = len(bot.telegram.messages(chat))
    await bot.telegram.send(chat, member, text, reply_to=to, thread=thread)
    await bot.settled()
    return bot.telegram.messages(chat)[before:]


async def test_note_replace_inside_a_papers_topic_replaces_that_papers_note(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    async with running_bot(settings, telegram, arxiv_server) as bot:
        group, ada = await forum_group(bot)
        add_papers(bot.db, *PAPERS)
        await say(bot, group, ada, "/claim 2401.00001")
        thread = telegram.topics(group)[-1].thread_id
        bob = telegram.user("Bob")
        await say(bot, group, bob, "/note Method: sparse experts\nA first reading", thread)

        (replaced,) = await say(bot, group, bob, "/note --replace Results: it scales", thread)
        assert replaced.thread_id == thread and "Sparse experts, revisited" in replaced.text
        assert "It replaces your earlier note" in replaced.text
        (listed,) = await say(bot, group, bob, "/notes 2401.00001")
        assert "it scales" in listed.text and "sparse experts" not in listed.text
        assert "A first reading" not in listed.text

        # A phone's smart punctuation makes the two hyphens a dash: the same replace.
        await say(bot, group, bob, "/note —replace\nMethod: dense after all", thread)
        (listed,) = await say(bot, group, bob, "/notes 2401.00001")
        assert "dense after all" in listed.text and "it scales" not in listed.text

        # Alone, it asks for the note; the answer replaces too.
        (prompt,) = await say(bot, group, bob, "/note --replace", thread)
        assert prompt.thread_id == thread and "Sparse experts, revisited" in prompt.text
        await telegram.send(group, bob, "Method: sparse again", reply_to=prompt, thread=thread)
        await bot.settled()
        (listed,) = await say(bot, group, bob, "/notes 2401.00001")
        assert "sparse again" in listed.text and "dense after all" not in listed.text
        assert telegram.rejected == []
