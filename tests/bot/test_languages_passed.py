"""Each group's late digest in its own language (issue 17): an English and a Chinese group wait
on the same late listing, and whoever fetches it — the Chinese group's /digest, the English
group's, or the bot's own retry job firing on the real JobQueue — each digest is rendered in
its group's language, passed to it, never inherited from the task that fetched."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import Settings
from jobs.arxiv import watcher
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.arxiv import Feed as ServedFeed
from tests.fakes.telegram import Chat, FakeTelegram, Posted, User
from tests.harness import RunningBot, running_bot

FEEDS = Path(__file__).parents[1] / "fixtures" / "feeds"

WEDNESDAY = datetime(2026, 8, 19, 13, 0, tzinfo=UTC)  # listing 2026-08-19 is due
LATE = {"en": "arXiv's feed was late today", "zh": "今天 arXiv 的更新来得晚"}
TITLE = {"en": "arXiv digest", "zh": "arXiv 每日摘要"}


def served(name: str) -> ServedFeed:
    return ServedFeed(gzip.decompress((FEEDS / f"{name}.xml.gz").read_bytes()))


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
