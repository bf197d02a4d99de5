"""Failures tell the truth (issue 12): a write that did not happen says "not saved" and what to
do, once; bookkeeping that fails is invisible and never stops the command."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.config import Settings
from store.db import open_db
from store.notes import latest_notes
from store.papers import Paper, upsert_papers
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.telegram import FakeTelegram
from tests.harness import RunningBot, fill_disk, make_room, running_bot

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
MIXTRAL = Paper("2401.04088", "Mixtral of Experts", 1)
NOTE = "/note 2401.04088\n方法: 稀疏专家混合\n" + "路由选两个专家。" * 400  # needs new pages


@pytest.fixture
async def club(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> AsyncIterator[RunningBot]:
    # A short busy timeout: "locked beyond the timeout" without waiting 10 s.
    db = open_db(settings.db_path, busy_timeout_ms=200)
    async with running_bot(settings, telegram, arxiv_server, db=db, clock=lambda: NOW) as bot:
        upsert_papers(bot.db, [MIXTRAL], NOW)
        yield bot


async def test_a_locked_catalog_says_not_saved_once_and_the_resent_note_is_saved(
    club: RunningBot,
) -> None:
    ada, group = club.telegram.user("Ada"), club.telegram.group("LLM paper club")
    await club.telegram.send(group, ada, "/paper 2401.04088")  # the bot meets Ada and the group
    await club.telegram.next_reply(group)
    other_writer = sqlite3.connect(club.services.settings.db_path, isolation_level=None)
    other_writer.execute("BEGIN IMMEDIATE")  # holds the write lock beyond the busy timeout
    try:
        await club.telegram.send(group, ada, NOTE)
        await club.settled()
        [reply] = club.telegram.unread(group)
        assert "/note was NOT saved" in reply.text and "busy" in reply.text
        assert "send it again" in reply.text
        # A command that only reads still answers, though recording the member fails.
        await club.telegram.send(group, ada, "/paper 2401.04088")
        await club.settled()
        [_, card] = club.telegram.unread(group)
        assert "Mixtral of Experts" in card.text and "NOT saved" not in card.text
    finally:
        other_writer.execute("ROLLBACK")
        other_writer.close()
    assert latest_notes(club.db, group.id, "2401.04088") == []
    await club.telegram.send(group, ada, NOTE)
    await club.settled()
    assert club.telegram.unread(group)[-1].text.startswith("📝 Saved")
    assert len(latest_notes(club.db, group.id, "2401.04088")) == 1


async def test_a_full_disk_says_not_saved_once_and_the_resent_note_is_saved(
    club: RunningBot,
) -> None:
    ada, group = club.telegram.user("Ada"), club.telegram.group("LLM paper club")
    await club.telegram.send(group, ada, "/paper 2401.04088")
    await club.telegram.next_reply(group)
    await club.services.catalog.write(fill_disk)  # members' writes run on this connection
    await club.telegram.send(group, ada, NOTE)
    await club.settled()
    [reply] = club.telegram.unread(group)
    assert "/note was NOT saved" in reply.text and "disk is full" in reply.text
    assert latest_notes(club.db, group.id, "2401.04088") == []

    await club.services.catalog.write(make_room)  # the operator made room
    await club.telegram.send(group, ada, NOTE)
    await club.settled()
    [saved] = club.telegram.unread(group)[1:]
    assert saved.text.startswith("📝 Saved")
    [note] = latest_notes(club.db, group.id, "2401.04088")
    assert note.fields.method.startswith("稀疏专家混合")


async def test_the_unexpected_gets_one_apology_that_names_the_command(club: RunningBot) -> None:
    ada, group = club.telegram.user("Ada"), club.telegram.group("LLM paper club")
    club.telegram.inject("sendMessage", "400")  # Telegram refuses the card: not a write failure
    await club.telegram.send(group, ada, "/paper 2401.04088")
    await club.settled()
    [reply] = club.telegram.unread(group)
    assert reply.text.startswith("⚠️ Your /paper failed because of a problem on my side")
    assert "NOT saved" not in reply.text
