"""Shared fixtures: the fake Bot API, the fake arXiv and a running bot wired to both."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.config import Settings
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.telegram import FakeTelegram
from tests.harness import TOKEN, RunningBot, make_settings, running_bot


@pytest.fixture
def arxiv_server() -> Iterator[FakeArxiv]:
    server = FakeArxiv().start()
    yield server
    server.stop()


@pytest.fixture
def telegram() -> FakeTelegram:
    return FakeTelegram(TOKEN)


@pytest.fixture
def settings(tmp_path: Path, arxiv_server: FakeArxiv) -> Settings:
    return make_settings(tmp_path, arxiv_server)


@pytest.fixture
async def bot(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> AsyncIterator[RunningBot]:
    async with running_bot(settings, telegram, arxiv_server) as running:
        yield running
