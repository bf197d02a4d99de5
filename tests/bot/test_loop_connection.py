"""Nothing a handler, a hook or a job does touches SQLite on the event loop (issue 17): the
loop's own connection (`services.db`) raises when used from the loop's thread once the bot is
up, while a digest, a reminder, /help, /search and a new group's first /track all work. A use
there would hold every chat while another process holds the write lock."""

from __future__ import annotations

import gzip
import threading
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.config import Settings
from store.db import Database
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.arxiv import Feed as ServedFeed
from tests.fakes.telegram import FakeTelegram
from tests.harness import fire_now, running_bot

FEEDS = Path(__file__).parents[1] / "fixtures" / "feeds"
WEDNESDAY = datetime(2026, 8, 19, 13, 0, tzinfo=UTC)  # listing 2026-08-19 is out


class LoopTouched(Exception):
    """The loop's own connection was used from the event loop's thread."""


class GuardedConnection:
    """A sqlite3 connection that refuses every call from one thread (the event loop's) and
    keeps the stack of each refused call, so the test names the culprit even when the bot
    turns the exception into an apology."""

    def __init__(self, conn: Any, loop_thread: int) -> None:
        self._conn, self._loop_thread = conn, loop_thread
        self.touched: list[str] = []

    def _check(self) -> None:
        if threading.get_ident() != self._loop_thread:
            return
        self.touched.append("".join(traceback.format_stack(limit=25)))
        raise LoopTouched("the loop's own connection used on the event loop")

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._conn, name)
        if callable(value):
            self._check()
        return value

    def __enter__(self) -> Any:
        self._check()
        return self._conn.__enter__()

    def __exit__(self, *exc: object) -> Any:
        return self._conn.__exit__(*exc)


def guard(db: Database) -> GuardedConnection:
    """From now on the loop's connection raises on the loop's thread (this one)."""
    guarded = GuardedConnection(db.conn, threading.get_ident())
    db.conn = guarded  # type: ignore[assignment]
    return guarded


async def test_no_handler_or_job_uses_the_loops_connection(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    arxiv_server.feeds["cs.CL"] = ServedFeed(
        gzip.decompress((FEEDS / "new-2026-08-20-cs-cl.xml.gz").read_bytes())
    )
    async with running_bot(settings, telegram, arxiv_server, clock=lambda: WEDNESDAY) as bot:
        real = bot.db.conn
        guarded = guard(bot.db)
        try:
            ada, club = telegram.user("Ada"), telegram.group("LLM paper club")
            telegram.set_admin(club, ada)
            commands = ("/track cs.CL", "/reminder Wed 13:00", "/session every wed 20:00 Zoom")
            for command in (*commands, "/help", "/search attention"):
                await telegram.send(club, ada, command)
                await telegram.next_reply(club, timeout=10)
            work = bot.app.bot_data.work
            fire_now(bot, work.digest_schedule.job_name(club.id))
            await telegram.wait_for(
                lambda: any(p.buttons for p in telegram.messages(club)), timeout=15
            )
            fire_now(bot, work.reminder_schedule.job_name(club.id))
            await telegram.wait_for(
                lambda: any("This week" in p.text for p in telegram.messages(club)), timeout=15
            )
            fire_now(bot, work.agenda_schedule.job_name(club.id))
            await telegram.wait_for(
                lambda: any("🗓 Agenda" in p.text for p in telegram.messages(club)), timeout=15
            )
            private = telegram.private_chat(ada)
            await telegram.send(private, ada, "/help")
            await telegram.next_reply(private)
            await bot.settled()
            replies = [p.text for p in telegram.messages(club)]
            assert not any("unexpected" in text.lower() for text in replies), replies
            assert guarded.touched == [], guarded.touched[0]
        finally:
            bot.db.conn = real
