"""Summaries and draft notes end to end: the real bot, the fake Bot API and arXiv, and the
real `openai` SDK talking to the fake provider (tests/fakes/openai.py) on a loopback port.
A Chinese group reads Chinese summaries and an English group English ones, each made once;
a hanging provider delays no digest; a draft is offered in the club's labels and becomes a
note only when the member sends it with /note."""

from __future__ import annotations

import gzip
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.config import LlmSettings, Settings
from store.db import open_db
from store.digests import get_digest
from store.summaries import add_usage
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.arxiv import Feed as ServedFeed
from tests.fakes.openai import FakeProvider
from tests.fakes.telegram import Chat, FakeTelegram, Posted, User
from tests.harness import RunningBot, running_bot

FEEDS = Path(__file__).parents[1] / "fixtures" / "feeds"
WEDNESDAY = datetime(2026, 8, 19, 13, 0, tzinfo=UTC)  # listing 2026-08-19 is out
SLOW = 20.0  # seconds: a loaded CI machine (the provider and the ranking share its cores)
ZH_MARK, EN_MARK = "本文提出了一种新方法", "This paper proposes a new method"


@pytest.fixture
async def provider() -> AsyncIterator[FakeProvider]:
    fake = FakeProvider()
    yield fake
    await fake.stop()


async def with_llm(settings: Settings, provider: FakeProvider) -> Settings:
    url = await provider.start()
    return replace(settings, llm=LlmSettings(url, "sk-fake-secret-0123456789", "fake-model"))


async def club(bot: RunningBot, title: str, language: str) -> tuple[Chat, User]:
    """A group in `language` whose admin has spoken."""
    admin = bot.telegram.user(f"Admin of {title}")
    group = bot.telegram.group(title)
    bot.telegram.set_admin(group, admin)
    await bot.telegram.send(group, admin, f"/language {language}")
    await bot.telegram.next_reply(group, SLOW)
    return group, admin


async def fetch_listing(bot: RunningBot) -> None:
    """The watcher's daily job, through the job queue's job, as at 00:30 US-Eastern."""
    assert bot.app.job_queue is not None
    jobs = bot.app.job_queue.get_jobs_by_name("watch-feeds")
    assert len(jobs) == 1
    await jobs[0].run(bot.app)


async def post_digest(bot: RunningBot, group: Chat, admin: User) -> list[Posted]:
    await bot.telegram.send(group, admin, "/digest")

    def done() -> bool:
        record = get_digest(bot.db, group.id, WEDNESDAY.date())
        return record is not None and record.status == "done"

    await bot.telegram.wait_for(done, SLOW)
    parts = bot.telegram.unread(group)
    return await bot.telegram.next_replies(group, len(parts), SLOW)


def summaries_stored(bot: RunningBot) -> int:
    return int(bot.db.execute("select count(*) from summaries").fetchone()[0])


def shown_ids(parts: list[Posted]) -> set[str]:
    """The papers the parts show: one Claim button each (the 👍 buttons name them again)."""
    return {
        b["callback_data"].removeprefix("claim:")
        for p in parts
        for b in p.buttons
        if b["callback_data"].startswith("claim:")
    }


def served(arxiv_server: FakeArxiv) -> None:
    feed = gzip.decompress((FEEDS / "new-2026-08-20-cs-cl.xml.gz").read_bytes())
    arxiv_server.feeds["cs.CL"] = ServedFeed(feed)


async def test_each_group_reads_summaries_in_its_language_each_made_once(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv, provider: FakeProvider
) -> None:
    served(arxiv_server)
    settings = await with_llm(settings, provider)
    async with running_bot(settings, telegram, arxiv_server, clock=lambda: WEDNESDAY) as bot:
        zh_group, zh_admin = await club(bot, "读书会", "zh")
        en_group, en_admin = await club(bot, "Reading club", "en")
        await fetch_listing(bot)  # the listing is stored: summaries are prepared in the background
        await bot.telegram.wait_for(lambda: summaries_stored(bot) == 20, 2 * SLOW)

        zh_parts = await post_digest(bot, zh_group, zh_admin)
        en_parts = await post_digest(bot, en_group, en_admin)
        zh_text = "\n".join(p.text for p in zh_parts)
        en_text = "\n".join(p.text for p in en_parts)
        assert zh_text.count(ZH_MARK) == 10 and EN_MARK not in zh_text
        assert en_text.count(EN_MARK) == 10 and ZH_MARK not in en_text
        pairs = {(i, "zh") for i in shown_ids(zh_parts)} | {(i, "en") for i in shown_ids(en_parts)}
        assert len(provider.requests) == len(pairs) == 20, "one request per (paper, language)"
        assert all(len(p.text) < 4096 for p in zh_parts + en_parts)

        first = sorted(shown_ids(zh_parts))[0]
        await bot.telegram.send(zh_group, zh_admin, f"/paper {first}")
        assert ZH_MARK in (await bot.telegram.next_reply(zh_group, SLOW)).text, "on the card too"

        await bot.telegram.send(en_group, en_admin, "/settings")
        assert "Summaries: on" in (await bot.telegram.next_reply(en_group, SLOW)).text
        await bot.telegram.send(en_group, en_admin, "/summaries off")
        assert "Summaries are off" in (await bot.telegram.next_reply(en_group, SLOW)).text
        member = bot.telegram.user("Bob")
        await bot.telegram.send(en_group, member, "/summaries on")
        assert "only this group's admins" in (await bot.telegram.next_reply(en_group, SLOW)).text


async def test_the_digest_goes_out_on_time_with_abstract_sentences_while_the_provider_hangs(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv, provider: FakeProvider
) -> None:
    served(arxiv_server)
    settings = await with_llm(settings, provider)
    provider.hang()
    async with running_bot(settings, telegram, arxiv_server, clock=lambda: WEDNESDAY) as bot:
        group, admin = await club(bot, "Reading club", "en")
        await fetch_listing(bot)
        await bot.telegram.wait_for(lambda: len(provider.requests) == 1, SLOW)  # hanging now
        parts = await post_digest(bot, group, admin)
        text = "\n".join(p.text for p in parts)
        assert len(shown_ids(parts)) == 10 and "💡" not in text
        assert len(provider.requests) == 1, "one lane: nothing else was sent meanwhile"


async def test_settings_say_summaries_are_not_configured_without_a_provider(
    bot: RunningBot,
) -> None:
    group, admin = await club(bot, "Reading club", "en")
    await bot.telegram.send(group, admin, "/settings")
    assert "Summaries: not configured" in (await bot.telegram.next_reply(group, SLOW)).text
    await bot.telegram.send(group, admin, "/draft 2401.04088")
    assert "not configured" in (await bot.telegram.next_reply(group, SLOW)).text


async def test_a_draft_is_offered_in_the_clubs_labels_and_stored_only_when_sent(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv, provider: FakeProvider
) -> None:
    served(arxiv_server)
    settings = await with_llm(settings, provider)
    async with running_bot(settings, telegram, arxiv_server, clock=lambda: WEDNESDAY) as bot:
        group, admin = await club(bot, "读书会", "zh")
        await fetch_listing(bot)
        arxiv_id = bot.db.execute("select arxiv_id from papers limit 1").fetchone()[0]
        member = bot.telegram.user("Bob")
        await bot.telegram.send(group, member, f"/draft {arxiv_id}")
        assert "/claim" in (await bot.telegram.next_reply(group, SLOW)).text, "the claimant's only"
        await bot.telegram.send(group, admin, f"/claim {arxiv_id}")
        await bot.telegram.next_reply(group, SLOW)

        await bot.telegram.send(group, admin, f"/draft {arxiv_id}")
        reply = await bot.telegram.next_reply(group, SLOW)
        assert "机器草稿" in reply.text and "/note" in reply.text
        assert "动机:" in reply.text and "论文方法:" in reply.text and "实验结果:" in reply.text
        notes = "select count(*) from notes where arxiv_id = ?"
        assert bot.db.execute(notes, [arxiv_id]).fetchone()[0] == 0, "a draft is not a note"

        draft = reply.text.split("\n\n", 1)[1]
        await bot.telegram.send(group, admin, f"/note {arxiv_id}\n{draft}")
        await bot.telegram.next_reply(group, SLOW)
        row = bot.db.execute("select motivation from notes where arxiv_id = ?", [arxiv_id])
        assert "现有方法代价太高" in row.fetchone()[0]


async def test_the_claim_reply_offers_the_draft_to_the_claimant_alone(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv, provider: FakeProvider
) -> None:
    served(arxiv_server)
    settings = await with_llm(settings, provider)
    async with running_bot(settings, telegram, arxiv_server, clock=lambda: WEDNESDAY) as bot:
        group, admin = await club(bot, "读书会", "zh")
        await fetch_listing(bot)
        arxiv_id = bot.db.execute("select arxiv_id from papers limit 1").fetchone()[0]
        await bot.telegram.send(group, admin, f"/claim {arxiv_id}")
        claimed = await bot.telegram.next_reply(group, SLOW)
        button = f"draft:{arxiv_id}"
        assert [b["text"] for b in claimed.buttons] == ["🤖 生成我的笔记草稿"]

        query = await bot.telegram.press(group, bot.telegram.user("Bob"), claimed, button)
        await bot.telegram.wait_for(lambda: query in bot.telegram.answers, SLOW)
        assert "认领" in bot.telegram.answers[query]["text"]  # a toast, not a message
        assert bot.telegram.answers[query].get("show_alert")
        query = await bot.telegram.press(group, admin, claimed, button)
        reply = await bot.telegram.next_reply(group, SLOW)
        assert "机器草稿" in reply.text and "动机:" in reply.text
        assert reply.reply_to == claimed.message_id
        assert not bot.telegram.unread(group), "Bob's press posted nothing"
        notes = "select count(*) from notes where arxiv_id = ?"
        assert bot.db.execute(notes, [arxiv_id]).fetchone()[0] == 0, "a draft is not a note"


def test_status_shows_todays_requests_tokens_and_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PAPERCLUB_HOME", str(tmp_path))
    db = open_db(tmp_path / "paperclub.db")
    add_usage(db, datetime.now(UTC).date(), 3, 2100)
    assert main(["status"]) == 0
    assert "summaries: not configured" in capsys.readouterr().out
    monkeypatch.setenv("PAPERCLUB_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("PAPERCLUB_LLM_MODEL", "deepseek-chat")
    monkeypatch.setenv("PAPERCLUB_LLM_DAILY_TOKENS", "2000")
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "3 requests, 2,100 of 2,000 tokens (spent" in out


async def test_a_spent_budget_stops_summaries_and_the_operator_is_told_once(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv, provider: FakeProvider
) -> None:
    served(arxiv_server)
    operator_chat = telegram.private_chat(telegram.user("Olga"))
    settings = await with_llm(settings, provider)
    assert settings.llm is not None
    settings = replace(
        settings, operator_chat=operator_chat.id, llm=replace(settings.llm, daily_tokens=1400)
    )  # two answers of 700 tokens
    async with running_bot(settings, telegram, arxiv_server, clock=lambda: WEDNESDAY) as bot:
        await telegram.next_reply(operator_chat, SLOW)  # the start-up health line
        group, admin = await club(bot, "Reading club", "en")
        await fetch_listing(bot)
        spent = "token budget is spent (1400 of 1400 tokens on 2026-08-19)"
        told = await telegram.next_reply(operator_chat, SLOW)
        assert spent in told.text
        await telegram.wait_for(lambda: summaries_stored(bot) == 2, SLOW)
        assert len(provider.requests) == 2
        parts = await post_digest(bot, group, admin)  # the build asks for the rest: refused
        text = "\n".join(p.text for p in parts)
        assert text.count(EN_MARK) == 2 and len(provider.requests) == 2
        await bot.settled()
        assert telegram.unread(operator_chat) == [], "told once"
