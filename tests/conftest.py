"""Shared fixtures: the fake Bot API, the fake arXiv and a running bot wired to both.

The fixtures import the bot when first used: xdist's controller loads this file too and runs
no test, and importing the bot there cost a second before any worker started.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from bot.config import Settings
    from tests.fakes.arxiv import FakeArxiv
    from tests.fakes.telegram import FakeTelegram
    from tests.harness import RunningBot

# Modules whose tests share one server or browser (module fixtures): one worker runs each.
ONE_WORKER = {
    "tests/bot/test_web.py",
    "tests/bot/test_web_parameters.py",
    "tests/bot/test_big_export.py",
}
# Modules whose tests run `paperclub` processes, seconds each: they start first, so that the
# run ends with short tests on every worker rather than one worker still on a long one.
LONG_FIRST = ("tests/bot/test_service.py", "tests/bot/test_cli.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """LONG_FIRST modules' tests first, in their order; the rest keep theirs."""
    items.sort(key=lambda item: item.nodeid.split("::", 1)[0] not in LONG_FIRST)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: one worker per core, and one more. A worker spends about a third of its time
    waiting (on a `paperclub` process it started, a retry's backoff, a held lock, a browser),
    and the spare one uses the core meanwhile."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) + 1


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`--dist loadscope`, where every test is a unit of work except in ONE_WORKER modules:
    whole modules left a worker idle behind a slow one, and xdist's `loadgroup` marks cannot
    retag node ids under pytest 9.2."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Scheduling(LoadScopeScheduling):  # type: ignore[misc]  # xdist is untyped
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if module in ONE_WORKER else nodeid

    return Scheduling(config, log)


@pytest.fixture
def arxiv_server() -> Iterator[FakeArxiv]:
    from tests.fakes.arxiv import FakeArxiv

    server = FakeArxiv().start()
    yield server
    server.stop()


@pytest.fixture
def telegram() -> FakeTelegram:
    from tests.fakes.telegram import FakeTelegram
    from tests.harness import TOKEN

    return FakeTelegram(TOKEN)


@pytest.fixture
def settings(tmp_path: Path, arxiv_server: FakeArxiv) -> Settings:
    from tests.harness import make_settings

    return make_settings(tmp_path, arxiv_server)


@pytest.fixture
async def bot(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> AsyncIterator[RunningBot]:
    from tests.harness import running_bot

    async with running_bot(settings, telegram, arxiv_server) as running:
        yield running
