"""A Chinese club's day (issue 22): edits replace, resends merge, search agrees with /notes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.config import Settings
from store.notes import latest_notes
from store.papers import Paper, upsert_papers
from tests.bot.test_i18n import ask, chinese_group
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.telegram import FakeTelegram
from tests.harness import RunningBot, running_bot

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
MIXTRAL = Paper("2401.04088", "Mixtral of Experts", 1)
ALEX_NOTE = (
    "/note 2401.04088\n论文方法: LoRA adapters\n实验结果: Results: +4 EM on NQ\n相关领域: lora\n"
    "My take: worth presenting, but the ablations are thin."
)


@pytest.fixture
async def club(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> AsyncIterator[RunningBot]:
    async with running_bot(settings, telegram, arxiv_server, clock=lambda: NOW) as running:
        upsert_papers(running.db, [MIXTRAL], NOW)
        yield running


async def test_a_note_edited_twice_keeps_its_free_text_once(club: RunningBot) -> None:
    # Issue 22: Alex fixed one word; the note then ended with "My take: …" twice.
    group, _ = await chinese_group(club)
    alex = club.telegram.user("Alex", language_code="zh-hans")
    sent = await club.telegram.send(group, alex, ALEX_NOTE)
    await club.telegram.next_reply(group)
    resent = await ask(club, group, alex, ALEX_NOTE)  # a resend that says nothing new
    assert "没有改动" in resent or "已经" in resent, resent
    fixed = ALEX_NOTE.replace("+4 EM", "+5 EM")
    await club.telegram.edit(group, alex, sent, fixed)
    first = (await club.telegram.next_reply(group)).text
    await club.telegram.edit(group, alex, sent, fixed.replace("thin", "very thin"))
    second = (await club.telegram.next_reply(group)).text
    [note] = latest_notes(club.db, group.id, "2401.04088")
    assert note.raw_text.count("My take") == 1
    assert "very thin" in note.raw_text and "+5 EM" in note.raw_text
    assert "实验结果" in first and "正文" not in first
    assert "正文" in second and "实验结果" not in second
    resend = await ask(club, group, alex, fixed.replace("thin", "very thin"))
    assert "正文" not in resend
    [again] = latest_notes(club.db, group.id, "2401.04088")
    assert again.raw_text == note.raw_text


async def test_search_finds_only_the_latest_revision(club: RunningBot) -> None:
    # Issue 22: after an edit /search still quoted the old revision while /notes showed the new.
    group, _ = await chinese_group(club)
    alex = club.telegram.user("Alex", language_code="zh-hans")
    sent = await club.telegram.send(group, alex, "/note 2401.04088\n论文方法: sparse routing")
    await club.telegram.next_reply(group)
    await club.telegram.edit(group, alex, sent, "/note 2401.04088\n论文方法: dense gating")
    await club.telegram.next_reply(group)
    old = await ask(club, group, alex, "/search routing")
    assert "Mixtral of Experts" not in old and "routing" in old
    new = await ask(club, group, alex, "/search gating")
    assert "Mixtral of Experts" in new and "dense gating" in new and "routing" not in new
    assert len(club.db.execute("select id from notes").fetchall()) == 2  # history stays
