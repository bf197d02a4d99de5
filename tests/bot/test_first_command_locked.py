"""A new group's first command while another process holds the write lock (issue 17): the
activity hook goes on without recording the group, and the command says truthfully that
nothing was saved, instead of an AssertionError and the generic apology."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.config import Settings
from store.db import open_db
from store.groups import get_group
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.telegram import FakeTelegram
from tests.harness import RunningBot, running_bot

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


@pytest.fixture
async def club(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> AsyncIterator[RunningBot]:
    db = open_db(settings.db_path, busy_timeout_ms=200)  # "locked" without waiting 10 s
    async with running_bot(settings, telegram, arxiv_server, db=db, clock=lambda: NOW) as bot:
        yield bot


@pytest.mark.parametrize("command", ["/track cs.LG", "/settings", "/language zh"])
async def test_a_new_groups_first_command_under_a_held_lock_says_not_saved(
    club: RunningBot, command: str
) -> None:
    ada, group = club.telegram.user("Ada"), club.telegram.group("New club")
    club.telegram.set_admin(group, ada)
    other_writer = sqlite3.connect(club.services.settings.db_path, isolation_level=None)
    other_writer.execute("BEGIN IMMEDIATE")  # a `paperclub import` holds the write lock
    try:
        await club.telegram.send(group, ada, command)
        await club.settled()
        [reply] = club.telegram.unread(group)
    finally:
        other_writer.execute("ROLLBACK")
        other_writer.close()
    name = command.split()[0]
    assert f"{name} was NOT saved" in reply.text and "busy" in reply.text
    assert "unexpected" not in reply.text.lower()
    assert get_group(club.db, group.id) is None  # nothing changed
    await club.telegram.send(group, ada, "/track cs.LG")  # the lock is gone: it works now
    await club.settled()
    stored = get_group(club.db, group.id)
    assert stored is not None and "cs.LG" in stored.categories
