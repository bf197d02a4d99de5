"""Run the real Application against the fake Bot API and the fake arXiv, as `run_polling` would."""

from __future__ import annotations

import asyncio
import atexit
import shutil
import tempfile
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.request import HTTPXRequest

from bot.app import build_application
from bot.config import Settings
from bot.frame.services import Services, build_services, utc_now
from bot.frame.state import App
from bot.frame.throttle import FloodGate
from jobs.arxiv.pacer import Pacer
from store.db import Database, open_db
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.telegram import FakeTelegram

TOKEN = "123456789:AAHfakeTOKENfakeTOKENfakeTOKENfake12"


_TEMPLATE: list[Path] = []  # one migrated catalog per test session, copied for each bot


def fresh_db(path: Path) -> Database:
    """A new catalog at `path`, as `open_db` makes it: a copy of one catalog migrated once per
    session (running every migration again cost each test 0.1-0.4 s), then opened normally."""
    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="paperclub-template-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        template = folder / "migrated.db"
        open_db(template).conn.close()  # closing the last connection folds the WAL in
        _TEMPLATE.append(template)
    if not path.exists():
        shutil.copyfile(_TEMPLATE[0], path)
    return open_db(path)


def fill_disk(db: Database) -> None:
    """This connection may not grow the file: how SQLite lets a test see a full disk. Run it
    with `services.catalog.write`, on the connection members' writes use."""
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")


def make_room(db: Database) -> None:
    """Undo fill_disk: the operator made room."""
    db.execute("PRAGMA max_page_count = 1073741823")


_BUILT: dict[str, Path] = {}  # name -> a catalog built once per test session


def built_once(name: str, build: Callable[[Database], object], path: Path) -> Database:
    """A catalog at `path` holding what `build` writes into a fresh one: built once per session
    under `name`, then copied, for data many tests start from (a stored listing, a seed)."""
    if name not in _BUILT:
        folder = Path(tempfile.mkdtemp(prefix="paperclub-built-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        template = folder / "built.db"
        db = fresh_db(template)
        build(db)
        db.conn.close()  # the last connection folds the WAL in: the file alone is the catalog
        _BUILT[name] = template
    shutil.copyfile(_BUILT[name], path)
    return open_db(path)


def make_settings(tmp_path: Path, arxiv: FakeArxiv, **overrides: Any) -> Settings:
    """Settings pointing at the fakes and a fresh catalog in `tmp_path`."""
    settings = Settings(
        telegram_bot_token=TOKEN,
        telegram_api_url="https://api.telegram.org",
        db_path=tmp_path / "paperclub.db",
        arxiv_rss_url=arxiv.rss_url,
        arxiv_api_url=arxiv.api_url,
        timezone="UTC",
        log_level="INFO",
    )
    return replace(settings, **overrides)


@dataclass
class RunningBot:
    """What a test drives: the fake Telegram, the fake arXiv, the app and its catalog."""

    telegram: FakeTelegram
    arxiv: FakeArxiv
    app: App
    services: Services

    @property
    def db(self) -> Database:
        return self.services.db

    async def settled(self, timeout: float = 10.0) -> None:
        """Wait until every update sent so far has been handled, replies included: what a
        check that "nothing (more) was posted" needs, with no quiet period to guess."""
        await self.telegram.delivered(timeout)
        await asyncio.wait_for(self.app.update_queue.join(), timeout)


def fire_now(bot: RunningBot, name: str) -> None:
    """Make the real JobQueue run the named job now (APScheduler's own next run time), so the
    job runs in its own task as in production, not in the test's (`job.run`)."""
    assert bot.app.job_queue is not None
    [job] = bot.app.job_queue.get_jobs_by_name(name)
    job.job.modify(next_run_time=datetime.now(UTC))


def fake_requests(telegram: FakeTelegram) -> tuple[HTTPXRequest, HTTPXRequest]:
    """PTB's real HTTP request layer, with the fake as its transport."""
    transport = {"transport": telegram.transport()}
    return HTTPXRequest(httpx_kwargs=transport), HTTPXRequest(httpx_kwargs=transport)


@asynccontextmanager
async def running_bot(
    settings: Settings,
    telegram: FakeTelegram,
    arxiv: FakeArxiv,
    *,
    db: Database | None = None,
    clock: Callable[[], datetime] = utc_now,
    pacer: Pacer | None = None,
    flood: FloodGate | None = None,
) -> AsyncIterator[RunningBot]:
    """Start the bot like `paperclub run` does (initialize, post_init, poll, start) and stop it.

    Tests type faster than people: unless a test passes the real `FloodGate()` (as the flood
    tests do), the throttle allows 1,000 commands per window, like the pacer's 0 s spacing.
    """
    db = db or fresh_db(settings.db_path)
    flood = flood or FloodGate(limit=1000)
    services = build_services(settings, db, pacer=pacer or Pacer(0.0), clock=clock, flood=flood)
    request, updates_request = fake_requests(telegram)
    app = build_application(services, request=request, get_updates_request=updates_request)
    try:
        async with app:
            assert app.post_init is not None and app.updater is not None
            await app.post_init(app)
            await app.updater.start_polling(
                poll_interval=0.0, timeout=1, allowed_updates=Update.ALL_TYPES
            )
            await app.start()
            try:
                yield RunningBot(telegram, arxiv, app, services)
            finally:
                arxiv.release()  # a look-up left hanging by the test must not hold up the stop
                await app.updater.stop()
                await app.stop()
    finally:
        assert app.post_shutdown is not None
        await app.post_shutdown(app)  # as run_polling does: the catalog's threads stop
