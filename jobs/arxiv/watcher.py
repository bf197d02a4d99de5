"""The feed watcher's runs: once a day after arXiv rebuilds its feeds, again with backoff while
the due listing is not out (until its give-up time: then it is a holiday), and on demand (a
/digest before the watcher's run); whoever waits for a listing (digests, new-version notices) is
told when it is stored, or found not to exist."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime, time

from jobs.arxiv.calendar import (
    ARXIV_TZ,
    NO_ANNOUNCEMENT_AFTER,
    give_up_at,
    is_announcement_listing,
    retry_delay,
)
from jobs.arxiv.ingest import Verdict, WatchOutcome, watch_once
from jobs.arxiv.pacer import Pacer
from jobs.schedule import Timer
from store.groups import active_groups
from store.workers import CatalogWorkers

log = logging.getLogger(__name__)

WATCH_AT = time(0, 30, tzinfo=ARXIV_TZ)  # half an hour after rss.arxiv.org rebuilds
RETRY_BASE_SECONDS = 120.0
RETRY_CAP_SECONDS = 1800.0
WATCH_JOB = "watch-feeds"
RETRY_JOB = "watch-retry"

Listener = Callable[[WatchOutcome], Awaitable[None]]


class FeedWatcher:
    """Fetch the due listing for the union of all groups' categories, once, shared."""

    def __init__(
        self,
        catalog: CatalogWorkers,
        clock: Callable[[], datetime],
        pacer: Pacer,
        rss_url: str,
        timer: Timer,
    ) -> None:
        self.catalog = catalog
        self.clock, self.pacer, self.rss_url, self.timer = clock, pacer, rss_url, timer
        self.listeners: list[Listener] = []  # called, in order, after a listing is stored
        self._lock = asyncio.Lock()
        self._attempts: dict[object, int] = {}
        self._quiet: set[date] = set()  # weekday listings found to have no announcement

    def start(self, *, waiting: bool) -> None:
        """The daily run; and a run right away when digests wait for a listing."""
        self.timer.daily(WATCH_JOB, WATCH_AT, self.run)
        if waiting:
            self.timer.once(RETRY_JOB, 1.0, self.run)

    async def run(self) -> None:
        """The watcher's job (daily, and its retries)."""
        await self.refresh()

    async def refresh(self) -> Verdict:
        """One round: fetch if due, retry later if not out yet, tell the listeners if stored."""
        async with self._lock:
            groups = await self.catalog.read(active_groups)
            categories = {c for group in groups for c in group.categories}
            outcome = await watch_once(
                self.catalog, self.pacer, self.rss_url, categories, self.clock()
            )
        if outcome.verdict in (Verdict.STALE, Verdict.FAILED):
            self._retry(outcome)
            return outcome.verdict
        # Found stored after a failed round (a write that outlasted our wait, or the CLI):
        # whoever waits for it has not been told yet.
        recovered = outcome.ingest is None and outcome.listing in self._attempts
        self._attempts.clear()
        holiday = outcome.verdict is Verdict.NO_ANNOUNCEMENT and is_announcement_listing(
            outcome.listing
        )
        if holiday and outcome.listing not in self._quiet:
            self._quiet.add(outcome.listing)
            log.info(
                "no announcement for %s: a weekday whose feed did not carry it by %s "
                "US-Eastern (a holiday); not asking again, no digest for it",
                outcome.listing,
                NO_ANNOUNCEMENT_AFTER.strftime("%H:%M"),
            )
        if outcome.ingest is not None or holiday or recovered:  # waiting digests learn it
            for listener in self.listeners:
                try:
                    await listener(outcome)
                except Exception:  # one listener failing must not stop the others
                    log.exception("after storing listing %s", outcome.listing)
        return outcome.verdict

    def _retry(self, outcome: WatchOutcome) -> None:
        attempt = self._attempts.get(outcome.listing, 0)
        self._attempts = {outcome.listing: attempt + 1}
        if self.timer.has(RETRY_JOB):
            return
        delay = retry_delay(attempt, RETRY_BASE_SECONDS, RETRY_CAP_SECONDS)
        if is_announcement_listing(outcome.listing):  # the last try comes just after giving up
            until = (give_up_at(outcome.listing) - self.clock()).total_seconds() + 1.0
            delay = min(delay, max(1.0, until))
        log.info("feed for %s not ready; retry %d in %.0f s", outcome.listing, attempt + 1, delay)
        self.timer.once(RETRY_JOB, delay, self.run)
