"""Each group's late digest in its own language (issue 17): an English and a Chinese group wait
on the same late listing, and whoever fetches it — the Chinese group's /digest, the English
group's, or the bot's own retry job firing on the real JobQueue — each digest is rendered in
its group's language, passed to it, never inherited from the task that fetched. Reminders and
new-version notices likewise, their jobs firing on the real JobQueue; a member's private nudge
is in the member's language, not the group's."""

from __future__ import annotations

import gzip
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from jobs.arxiv import watcher
from jobs.arxiv.feeds import FeedItem, parse_feed
from store.claims import claim_paper
from store.groups import record_member
from store.papers import Paper
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.arxiv import Feed as ServedFeed
from tests.fakes.telegram import Chat, FakeTelegram, Posted, User
from tests.harness import RunningBot, fire_now, running_bot
from tests.search_data import add_papers

FEEDS = Path(__file__).parents[1] / "fixtures" / "feeds"

WEDNESDAY = datetime(2026, 8, 19, 13, 0, tzinfo=UTC)  # listing 2026-08-19 is due
LATE = {"en": "arXiv's feed was late today", "zh": "今天 arXiv 的更新来得晚"}
TITLE = {"en": "arXiv digest", "zh": "arXiv 每日摘要"}


def served(name: str) -> ServedFeed:
    return ServedFeed(gzip.decompress((FEEDS / f"{name}.xml.gz").read_bytes()))


def a_new_version(feed: ServedFeed) -> FeedItem:
    """A paper the listing announces in a new version (v2 or later)."""
    return next(
        item
        for item in parse_feed(feed.body).items
        if item.announce_type.startswith("replace") and (item.version or 0) > 1
    )


async def group_of(bot: RunningBot, title: str, name: str, language: str) -> tuple[Chat, User]:
    """A group first met through its admin's /settings: it speaks the admin's language."""
    admin = bot.telegram.user(name, language_code=language)
    group = bot.telegram.group(title)
    bot.telegram.set_admin(group, admin)
    await bot.telegram.send(group, admin, "/settings")
    await bot.telegram.next_reply(group)
    return group, admin


async def late_digest(bot: RunningBot, group: Chat) -> Posted:
    """The group's late digest (the first part, which carries the late note)."""
    for _ in range(5):
        posted = await bot.telegram.next_reply(group, timeout=15)
        if any(note in posted.text for note in LATE.values()):
            return posted
    raise AssertionError("no late digest")


@pytest.mark.parametrize("waiting_first", ["en", "zh"])
@pytest.mark.parametrize("fetcher", ["zh", "en", "retry"])
async def test_each_waiting_group_gets_its_late_digest_in_its_own_language(
    settings: Settings,
    telegram: FakeTelegram,
    arxiv_server: FakeArxiv,
    monkeypatch: pytest.MonkeyPatch,
    waiting_first: str,
    fetcher: str,
) -> None:
    if fetcher == "retry":  # the watcher's own retry job fires on the JobQueue after 1 s
        monkeypatch.setattr(watcher, "RETRY_BASE_SECONDS", 1.0)
    arxiv_server.feeds["cs.CL"] = served("new-2024-05-24-cs-cl")  # stale: yesterday's
    async with running_bot(settings, telegram, arxiv_server, clock=lambda: WEDNESDAY) as bot:
        groups = {
            "en": await group_of(bot, "LLM paper club", "Ada", "en"),
            "zh": await group_of(bot, "大模型读书会", "李雷", "zh-hans"),
        }
        order = [waiting_first, "zh" if waiting_first == "en" else "en"]
        for language in order:  # both wait on the same late listing
            group, admin = groups[language]
            await bot.telegram.send(group, admin, "/digest")
            waiting = await bot.telegram.next_reply(group)
            assert ("not ready yet" in waiting.text) == (language == "en")  # its own language
        arxiv_server.feeds["cs.CL"] = served("new-2026-08-20-cs-cl")  # the listing is out
        if fetcher != "retry":
            group, admin = groups[fetcher]
            await bot.telegram.send(group, admin, "/digest")
        for language, (group, _admin) in groups.items():
            digest = await late_digest(bot, group)
            other = "zh" if language == "en" else "en"
            assert LATE[language] in digest.text and TITLE[language] in digest.text
            assert LATE[other] not in digest.text and TITLE[other] not in digest.text


EARLIER = datetime(2026, 8, 1, 9, 0, tzinfo=UTC)
DUE_SOON = date(2026, 8, 20)  # tomorrow: a claimant is nudged
WEEKLY = {"en": "This week in the reading group", "zh": "本周读书会"}
NUDGE_PRIVATE = {"en": "Your paper", "zh": "认领的论文"}
NEW_VERSION = {"en": "arXiv announced version", "zh": "arXiv 发布了"}


def claimed(bot: RunningBot, group: Chat, member: User, arxiv_id: str, **member_kw: Any) -> None:
    """The member claimed the paper in the group (stored as /claim would)."""
    record_member(bot.db, member.id, member.first_name, None, EARLIER, chat_id=group.id)
    if member_kw:
        record_member(bot.db, member.id, member.first_name, None, EARLIER, **member_kw)
    claim_paper(bot.db, group.id, arxiv_id, member.id, DUE_SOON, EARLIER)


@pytest.mark.parametrize("first", ["en", "zh"])
async def test_reminders_come_in_each_groups_language_and_a_private_nudge_in_the_members(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv, first: str
) -> None:
    async with running_bot(settings, telegram, arxiv_server, clock=lambda: WEDNESDAY) as bot:
        groups = {
            "en": await group_of(bot, "LLM paper club", "Ada", "en"),
            "zh": await group_of(bot, "大模型读书会", "李雷", "zh-hans"),
        }
        add_papers(bot.db, Paper("2401.00001", "A paper due tomorrow"))
        # In the English group a member who speaks Chinese, with a private chat: nudged there.
        mei = telegram.user("韩梅梅", language_code="zh-hans")
        telegram.private_chat(mei)
        claimed(bot, groups["en"][0], mei, "2401.00001", private_chat=True, language_code="zh-hans")
        claimed(bot, groups["zh"][0], groups["zh"][1], "2401.00001")  # nudged in the group
        order = [first, "zh" if first == "en" else "en"]
        for language in order:
            group, admin = groups[language]
            await telegram.send(group, admin, "/reminder Wed 13:00")
            await telegram.next_reply(group)
        for language in order:  # each group's job fires on the real JobQueue, in its own task
            fire_now(bot, bot.app.bot_data.work.reminder_schedule.job_name(groups[language][0].id))

        def weekly(language: str) -> list[Posted]:
            chat = groups[language][0]
            return [p for p in telegram.messages(chat) if any(w in p.text for w in WEEKLY.values())]

        await telegram.wait_for(
            lambda: weekly("en") and weekly("zh") and telegram.messages(mei.id), timeout=10
        )
        for language in ("en", "zh"):
            other = "zh" if language == "en" else "en"
            [posted] = weekly(language)
            assert WEEKLY[language] in posted.text and WEEKLY[other] not in posted.text
        [nudge] = telegram.messages(mei.id)  # the member's language, not the English group's
        assert NUDGE_PRIVATE["zh"] in nudge.text and "LLM paper club" in nudge.text
        in_group = [p for p in telegram.messages(groups["zh"][0]) if "⏰" in p.text]
        assert len(in_group) == 1 and NUDGE_PRIVATE["zh"] in in_group[0].text


@pytest.mark.parametrize("fetcher", ["en", "zh"])
async def test_new_version_notices_come_in_each_groups_language(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv, fetcher: str
) -> None:
    fresh = served("new-2026-08-20-cs-cl")
    replaced = a_new_version(fresh)
    arxiv_server.feeds["cs.CL"] = served("new-2024-05-24-cs-cl")  # stale until the claims exist
    async with running_bot(settings, telegram, arxiv_server, clock=lambda: WEDNESDAY) as bot:
        groups = {
            "en": await group_of(bot, "LLM paper club", "Ada", "en"),
            "zh": await group_of(bot, "大模型读书会", "李雷", "zh-hans"),
        }
        add_papers(bot.db, Paper(replaced.arxiv_id, "A paper with a new version", version=1))
        for group, admin in groups.values():
            claimed(bot, group, admin, replaced.arxiv_id)
        arxiv_server.feeds["cs.CL"] = fresh
        # One group's digest job fetches the listing, in its task; the notices follow.
        fire_now(bot, bot.app.bot_data.work.digest_schedule.job_name(groups[fetcher][0].id))

        def notices(language: str) -> list[Posted]:
            chat = groups[language][0]
            return [p for p in telegram.messages(chat) if "📢" in p.text]

        await telegram.wait_for(lambda: notices("en") and notices("zh"), timeout=15)
        for language in ("en", "zh"):
            other = "zh" if language == "en" else "en"
            [notice] = notices(language)
            assert NEW_VERSION[language] in notice.text and NEW_VERSION[other] not in notice.text
