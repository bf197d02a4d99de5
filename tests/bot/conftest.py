"""The club most end-to-end tests of notes start from: a running bot that knows Mixtral."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.config import Settings
from store.papers import Paper, upsert_papers
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.telegram import FakeTelegram
from tests.harness import RunningBot, running_bot

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)  # a Saturday
MIXTRAL = Paper("2401.04088", "Mixtral of Experts", 1)


@pytest.fixture
async def club(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> AsyncIterator[RunningBot]:
    """A bot on NOW's clock with Mixtral in its papers (modules may define their own `club`)."""
    async with running_bot(settings, telegram, arxiv_server, clock=lambda: NOW) as running:
        upsert_papers(running.db, [MIXTRAL], NOW)
        yield running
