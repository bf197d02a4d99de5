"""`paperclub run` as a service: one instance per catalog, patient with the network at start,
and out after a 409 Conflict that persists (another process polls with the same token)."""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError

from bot.app import build_application
from bot.cli.malloc_arenas import limit_malloc_arenas
from bot.config import ConfigError, Settings
from bot.frame.error_inbox import install as install_error_inbox
from bot.frame.services import build_services
from bot.frame.state import App, Context
from store.db import open_db
from store.instance import instance_lock

log = logging.getLogger(__name__)

EXIT_CONFLICT = 1
FIRST_RETRY = 1.0  # seconds; doubles up to MAX_RETRY while Telegram is unreachable at start
MAX_RETRY = 60.0
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGABRT)  # PTB's own
# PTB's polling loop waits at most 30 s between failed getUpdates: a longer quiet gap means
# the conflict ended.
CONFLICT_GAP = 35.0


def run_service(settings: Settings) -> int:
    """Hold the catalog's lock, wait for Telegram, then poll until stopped; the exit status."""
    limit_malloc_arenas()  # before the catalog's threads start
    with instance_lock(settings.db_path):
        install_error_inbox(*settings.secrets)  # errors reach `paperclub status`
        db = open_db(settings.db_path)
        application = build_application(build_services(settings, db))
        watch = ConflictWatch(settings.conflict_exit_after)
        started = application.post_init

        async def post_init(app: App) -> None:
            if started is not None:
                await started(app)
            stop_on_signals(asyncio.get_running_loop(), app.bot_data.work.builder.halt)

        application.post_init = post_init
        application.add_error_handler(watch.on_error)
        try:
            asyncio.run(wait_for_telegram(application))
            # -1: a network failure while starting up is retried, not fatal.
            application.run_polling(allowed_updates=Update.ALL_TYPES, bootstrap_retries=-1)
        except InvalidToken:
            raise ConfigError(
                "Telegram rejected TELEGRAM_BOT_TOKEN: check it with @BotFather."
            ) from None
        return EXIT_CONFLICT if watch.gave_up else 0


async def wait_for_telegram(
    application: App,
    first: float = FIRST_RETRY,
    cap: float = MAX_RETRY,
) -> None:
    """Call getMe until Telegram answers, pausing longer each time; a bad token raises at once."""
    delay = first
    while True:
        try:
            async with application.bot:  # initialize (getMe), then shut down again
                return
        except InvalidToken:
            raise
        except NetworkError as exc:  # TimedOut included; PTB's messages never hold the token
            log.warning("Telegram is unreachable (%s): retrying in %.0f s", exc, delay)
        await asyncio.sleep(delay)
        delay = min(cap, delay * 2)


def stop_on_signals(loop: asyncio.AbstractEventLoop, halt: Callable[[], None]) -> None:
    """Stop as PTB does on its stop signals (SystemExit in the loop), halting slow work first:
    PTB then waits for running jobs, and a digest embedding a listing would hold the exit."""

    def stop() -> NoReturn:
        halt()
        raise SystemExit

    for number in STOP_SIGNALS:
        loop.add_signal_handler(number, stop)


@dataclass
class ConflictWatch:
    """Counts how long getUpdates has answered 409 Conflict; past `exit_after` seconds, stop."""

    exit_after: float
    first: float | None = None
    last: float = 0.0
    gave_up: bool = False

    async def on_error(self, update: object, context: Context) -> None:
        """An error handler: only 409 Conflict concerns it."""
        if not isinstance(context.error, Conflict):
            return
        now = time.monotonic()
        if self.first is None or now - self.last > CONFLICT_GAP:
            self.first = now
            log.error(
                "Telegram answers 409 Conflict: another process is polling with this bot's "
                "token. Stop it; this one exits if the conflict lasts %.0f s.",
                self.exit_after,
            )
        self.last = now
        if now - self.first >= self.exit_after and not self.gave_up:
            self.gave_up = True
            log.critical("still 409 Conflict after %.0f s: exiting", now - self.first)
            # Stopping makes one last getUpdates, which meets the same conflict: PTB would log
            # it with a traceback, repeating what was said above.
            logging.getLogger("telegram.ext.Updater").addFilter(_drop_conflicts)
            context.application.stop_running()


def _drop_conflicts(record: logging.LogRecord) -> bool:
    """A logging filter: False (drop) for records about a 409 Conflict."""
    return not (record.exc_info and isinstance(record.exc_info[1], Conflict))
