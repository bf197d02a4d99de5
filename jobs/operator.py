"""The operator's reports: a heartbeat every tick, logged errors kept in the catalog and sent
to PAPERCLUB_OPERATOR_CHAT (at most one message per ERROR_GAP), and one health line a day.
Reads go through the catalog's readers, writes through its one writer: never on the loop."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from jobs.sending import Message, Sender, Status
from store.db import CatalogWriteError, Database
from store.groups import active_groups
from store.health import (
    HEALTH_SENT_ON,
    ErrorRecord,
    beat,
    count_digests_since,
    count_errors_since,
    get_state,
    record_errors,
    set_state,
    status_report,
)
from store.workers import CatalogSlow, CatalogWorkers

log = logging.getLogger(__name__)

TICK_SECONDS = 60.0
ERROR_GAP = timedelta(minutes=10)
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Health:
    """The day's health line, as data."""

    active_groups: int
    last_fetch: datetime | None
    digests: int  # finished in the last day
    errors: int  # recorded in the last day


def read_health(db: Database, now: datetime) -> Health:
    """The numbers of the health line."""
    fetches = [f.fetched_at for f in status_report(db, 0).feeds if f.fetched_at]
    return Health(
        len(active_groups(db)),
        max(fetches, default=None),
        count_digests_since(db, now - DAY),
        count_errors_since(db, now - DAY),
    )


def beat_and_keep(db: Database, now: datetime, errors: list[ErrorRecord]) -> None:
    """The heartbeat and the errors logged since the last tick, in one write."""
    beat(db, now)
    record_errors(db, errors)


class OperatorTexts(Protocol):
    """The bot side writes the operator's messages (in bot/texts)."""

    def errors(self, errors: list[ErrorRecord]) -> Message: ...

    def health(self, health: Health) -> Message: ...


class OperatorReports:
    """Runs every TICK_SECONDS while the bot runs."""

    def __init__(
        self,
        catalog: CatalogWorkers,
        clock: Callable[[], datetime],
        sender: Sender,
        chat_id: int | None,
        texts: OperatorTexts,
        drain: Callable[[], list[ErrorRecord]],
    ) -> None:
        self.catalog, self.clock, self.sender, self.chat_id = catalog, clock, sender, chat_id
        self.texts, self.drain = texts, drain
        self.unsent: list[ErrorRecord] = []
        self.last_sent: datetime | None = None

    async def tick(self) -> None:
        """Beat, keep the new errors, then report to the operator's chat if one is set."""
        now = self.clock()
        fresh = self.drain()
        try:
            await self.catalog.write(beat_and_keep, now, fresh)
        except (
            CatalogWriteError,
            CatalogSlow,
        ) as exc:  # WARNING, not ERROR: an error here would loop
            log.warning("could not record the heartbeat or %d error(s): %s", len(fresh), exc)
        if self.chat_id is None:
            return
        self.unsent.extend(fresh)
        if self.unsent and (self.last_sent is None or now - self.last_sent >= ERROR_GAP):
            await self._send(self.texts.errors(self.unsent), now, clears_errors=True)
        today = now.date().isoformat()
        try:
            if await self.catalog.read(get_state, HEALTH_SENT_ON) == today:
                return
            health = await self.catalog.read(read_health, now)
            if await self._send(self.texts.health(health), now):
                await self.catalog.write(set_state, HEALTH_SENT_ON, today, now)
        except (CatalogWriteError, CatalogSlow) as exc:
            log.warning("the health line could not be read or recorded: %s", exc)

    async def _send(self, message: Message, now: datetime, *, clears_errors: bool = False) -> bool:
        if self.chat_id is None:
            raise RuntimeError("expected self.chat_id is not None")
        delivery = await self.sender.send(self.chat_id, message)
        if delivery.status is Status.RETRY_LATER:
            log.warning("the operator's chat is unreachable for now: %s", delivery.detail)
            return False
        if not delivery.ok:
            log.warning("the operator's chat refused a report: %s", delivery.detail)
        if clears_errors:
            self.unsent.clear()
            self.last_sent = now
        return delivery.ok
