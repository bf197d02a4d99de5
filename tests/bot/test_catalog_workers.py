"""SQLite work of members' commands runs off the event loop (issue 8): a member whose command
waits for the catalog holds up nobody else, and is told the truth about what was saved."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import Settings
from jobs.arxiv.ingest import Verdict, WatchOutcome
from store.claims import claim_board
from store.db import Database, open_db
from store.feeds import has_listing
from store.papers import Paper, get_paper, upsert_papers
from store.workers import CatalogWorkers
from tests.bot.test_concurrency import answer_time
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.arxiv import Feed as ServedFeed
from tests.fakes.telegram import FakeTelegram
from tests.harness import RunningBot, running_bot
from tests.unit.test_feeds import feed_bytes

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
PAPERS = [  # stored in full: a claim needs no look-up on arXiv
    Paper("2401.04088", "Mixtral of Experts", 1, ("Albert Q. Jiang",), "Sparse experts."),
    Paper("2305.14314", "QLoRA", 1, ("Tim Dettmers",), "Efficient finetuning."),
]


@pytest.fixture
def busy_timeout_ms() -> int:
    """How long a write waits for another writer's lock before "database is locked"."""
    return 3000


@pytest.fixture
async def club(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv, busy_timeout_ms: int
) -> AsyncIterator[RunningBot]:
    db = open_db(settings.db_path, busy_timeout_ms=busy_timeout_ms)
    async with running_bot(settings, telegram, arxiv_server, db=db, clock=lambda: NOW) as bot:
        upsert_papers(bot.db, PAPERS, NOW)
        yield bot


@contextmanager
def write_lock(path: Path) -> Iterator[None]:
    """Another process (the `paperclub` CLI, say) holds the catalog's write lock."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


async def test_a_member_waiting_for_the_write_lock_holds_up_no_other_group(
    club: RunningBot,
) -> None:
    telegram = club.telegram
    lab, other_group = telegram.group("Lab"), telegram.group("Club")
    ada, bo = telegram.user("Ada"), telegram.user("Bo")
    await answer_time(telegram, lab, ada, "/help")  # the bot meets both groups and members
    await answer_time(telegram, other_group, bo, "/help")
    with write_lock(club.services.settings.db_path):
        claim = await telegram.send(lab, ada, "/claim 2401.04088")
        await telegram.delivered()  # the bot has the /claim: its write waits for the lock
        waited, text = await answer_time(telegram, other_group, bo, "/help")
        assert waited < 1.0 and "/claim" in text, f"another group's /help waited {waited:.1f} s"
        waited, text = await answer_time(telegram, other_group, bo, "/search mixtral")
        assert waited < 1.0 and "Mixtral of Experts" in text, f"/search waited {waited:.1f} s"

        def claim_replies() -> list[str]:
            return [p.text for p in telegram.messages(lab) if p.reply_to == claim["message_id"]]

        assert claim_replies() == [], "all the while, the /claim was waiting for the lock"
        await club.settled()
    [reply] = claim_replies()
    assert "/claim was NOT saved" in reply and "busy" in reply
    assert claim_board(club.db, lab.id, NOW) == []


def hold(db: Database, started: threading.Event, release: threading.Event) -> None:
    """Occupy a worker (a long import, say) until the test lets go."""
    started.set()
    release.wait(10)


# SQLite's patience outlasts the test's steps by far: the first claim must not fail meanwhile.
@pytest.mark.parametrize("busy_timeout_ms", [8000])
async def test_a_write_past_its_wait_is_told_what_may_still_happen(club: RunningBot) -> None:
    telegram = club.telegram
    lab = telegram.group("Lab")
    ada, bo = telegram.user("Ada"), telegram.user("Bo")
    await answer_time(telegram, lab, ada, "/help")
    await answer_time(telegram, lab, bo, "/help")
    club.services.catalog.write_timeout = 0.5  # our side stops waiting long before SQLite does
    with write_lock(club.services.settings.db_path):
        # Ada's claim starts and waits for the lock: past our wait, it may still be saved.
        _, text = await answer_time(telegram, lab, ada, "/claim 2401.04088")
        assert "/claim is taking long" in text and "may still be saved" in text
        assert "/mine" in text
        # Bo's claim waits behind Ada's and never starts: nothing was changed, and it says so.
        _, text = await answer_time(telegram, lab, bo, "/claim 2305.14314")
        assert "/claim got no answer" in text and "nothing was changed" in text
    await club.settled()
    club.services.catalog.write_timeout = 30.0
    # The lock is free within SQLite's patience: Ada's claim is saved, and /mine shows it.
    await telegram.wait_for(lambda: claim_board(club.db, lab.id, NOW) != [])
    [held] = claim_board(club.db, lab.id, NOW)
    assert (held.arxiv_id, held.user_id) == ("2401.04088", ada.id)
    _, mine = await answer_time(telegram, lab, ada, "/mine")
    assert "Mixtral of Experts" in mine
    _, mine = await answer_time(telegram, lab, bo, "/mine")
    assert "QLoRA" not in mine


async def test_a_read_that_cannot_start_in_time_changes_nothing_and_says_so(
    club: RunningBot,
) -> None:
    telegram = club.telegram
    lab, other_group = telegram.group("Lab"), telegram.group("Club")
    ada, bo = telegram.user("Ada"), telegram.user("Bo")
    await answer_time(telegram, lab, ada, "/help")
    await answer_time(telegram, other_group, bo, "/help")
    catalog = club.services.catalog
    catalog.read_timeout = 0.5
    release = threading.Event()
    busy = []
    for _ in range(3):  # every reader busy (three big exports, say)
        started = threading.Event()
        busy.append(catalog.read(hold, started, release))
    tasks = [asyncio.ensure_future(each) for each in busy]
    try:
        _, text = await answer_time(telegram, lab, ada, "/claims")
        assert "/claims got no answer" in text and "nothing was changed" in text
        waited, _ = await answer_time(telegram, other_group, bo, "/help")
        assert waited < 1.0, f"/help waited {waited:.1f} s behind busy readers"
    finally:
        release.set()
        await asyncio.gather(*tasks, return_exceptions=True)
    catalog.read_timeout = 10.0
    _, text = await answer_time(telegram, lab, ada, "/claims")
    assert "got no answer" not in text


async def test_workers_run_inline_for_an_in_memory_catalog_and_stop_their_threads(
    tmp_path: Path,
) -> None:
    memory = CatalogWorkers(open_db(None))
    before = threading.active_count()
    await memory.write(upsert_papers, PAPERS, NOW)
    paper = await memory.read(get_paper, "2401.04088")
    assert paper is not None and paper.title == "Mixtral of Experts"
    assert threading.active_count() == before, "a private in-memory catalog runs inline"
    memory.close()

    workers = CatalogWorkers(open_db(tmp_path / "catalog.db"))
    await workers.write(upsert_papers, PAPERS, NOW)
    paper = await workers.read(get_paper, "2305.14314")
    assert paper is not None and paper.title == "QLoRA"
    assert threading.active_count() > before
    workers.close()
    assert threading.active_count() == before, "no worker thread is left behind"


async def test_storing_the_days_listing_holds_up_no_chat(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    wednesday = datetime(2026, 8, 19, 13, tzinfo=UTC)  # the recorded feed's listing is due
    arxiv_server.feeds["cs.CL"] = ServedFeed(feed_bytes("new-2026-08-20-cs-cl"))
    async with running_bot(settings, telegram, arxiv_server, clock=lambda: wednesday) as bot:
        club, bo = telegram.group("Club"), telegram.user("Bo")
        await answer_time(telegram, club, bo, "/help")  # the bot meets the group (cs.CL)
        watcher = bot.app.bot_data.work.watcher
        with write_lock(settings.db_path):  # storing the day's papers waits for the lock
            stored = asyncio.create_task(watcher.refresh())
            await telegram.wait_for(lambda: len(arxiv_server.rss_requests()) == 1)
            waited, text = await answer_time(telegram, club, bo, "/help")
            assert waited < 1.0 and "/claim" in text, f"/help waited {waited:.1f} s"
            assert not stored.done(), "the listing was still waiting to be stored"
        assert await stored is Verdict.FRESH
        assert has_listing(bot.db, wednesday.date(), ["cs.CL"])


async def test_a_listing_stored_after_our_wait_still_reaches_whoever_waits(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    wednesday = datetime(2026, 8, 19, 13, tzinfo=UTC)
    arxiv_server.feeds["cs.CL"] = ServedFeed(feed_bytes("new-2026-08-20-cs-cl"))
    async with running_bot(settings, telegram, arxiv_server, clock=lambda: wednesday) as bot:
        await answer_time(telegram, telegram.group("Club"), telegram.user("Bo"), "/help")
        watcher = bot.app.bot_data.work.watcher
        told: list[WatchOutcome] = []

        async def waiting_digest(outcome: WatchOutcome) -> None:
            told.append(outcome)

        watcher.listeners.append(waiting_digest)
        bot.services.catalog.write_timeout = 0.3  # our side stops waiting; the write goes on
        with write_lock(settings.db_path):
            assert await watcher.refresh() is Verdict.FAILED
        await telegram.wait_for(lambda: has_listing(bot.db, wednesday.date(), ["cs.CL"]))
        assert told == []
        assert await watcher.refresh() is Verdict.FRESH  # the retry finds it stored
        assert [outcome.listing for outcome in told] == [wednesday.date()]
        assert len(arxiv_server.rss_requests()) == 1, "and did not fetch it again"
