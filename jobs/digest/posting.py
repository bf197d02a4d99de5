"""Posting a built digest's parts: each recorded once Telegram confirms it, resumed after a
passing failure or a stop, given up on a refusal, and followed to the supergroup a group became.

The rule for a part that may have arrived (Telegram got the request but its answer was lost):
it is sent again at the next resume, once the network answers. A doubled part is a smaller harm
than a lost digest, and the ledger records only what Telegram confirmed, so it never says
"done" for a digest of which nothing arrived. A part that never left (no connection) is simply
retried. Resumes back off (RESEND_SECONDS, doubling); after MAX_RESUMES the digest is given up
(status failed). The operator is told (an ERROR line, which reaches PAPERCLUB_OPERATOR_CHAT)
when a digest is posted late after failures, or given up with some or none of it posted.

A part's record that outlasts its wait is kept (jobs.digest.part_records) and written before
anything more of that digest is sent: a resume retries it after RECORD_RETRY_SECONDS, and the
stop writes what is left."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from typing import Protocol

from jobs.digest.part_records import PartRecords
from jobs.schedule import Timer
from jobs.sending import Message, Sender, Status
from store.db import CatalogWriteError
from store.digests import FAILED, SENDING, get_digest, mark_digest
from store.groups import get_group, migrate_group, set_active
from store.workers import CatalogSlow, CatalogWorkers

log = logging.getLogger(__name__)

RESEND_SECONDS = 60.0  # the first resume after a passing failure; each next one waits twice as long
MAX_RESUMES = 5  # a digest failing this often in one run is given up (status failed): ~30 min
RECORD_RETRY_SECONDS = 1.0  # a kept record is written again this soon, before the next part


class Outcome(Enum):
    """What a digest run did, for /digest's answer."""

    POSTED = "posted"
    ALREADY = "already"
    NO_ANNOUNCEMENT = "no_announcement"
    WAITING = "waiting"
    NOTHING = "nothing"
    FAILED = "failed"
    REFUSED = "refused"  # Telegram refused it for good earlier: not posted again


class DigestPages(Protocol):
    """How a stored digest part reads (the bot renders it: texts, escaping, buttons)."""

    async def part(self, chat_id: int, listing: date, part: int, *, late: bool) -> Message:
        """One part of the group's digest of `listing`, from the ledger."""
        ...


class DigestPosting:
    """The parts of the digests in the ledger, sent in order, one digest of a group at a time."""

    def __init__(
        self,
        catalog: CatalogWorkers,
        clock: Callable[[], datetime],
        sender: Sender,
        timer: Timer,
        pages: DigestPages,
    ) -> None:
        self.catalog, self.clock, self.sender, self.timer = catalog, clock, sender, timer
        self.pages = pages
        self.records = PartRecords(catalog)
        self._locks: dict[int, asyncio.Lock] = {}
        self._attempts: dict[tuple[int, date], int] = {}

    async def mark(self, chat_id: int, listing: date, status: str, now: datetime) -> None:
        """A ledger state through the one writer; a write that fails is logged (the next run
        decides again from what the ledger says)."""
        try:
            await self.catalog.write(mark_digest, chat_id, listing, status, now)
        except (CatalogSlow, CatalogWriteError) as exc:
            log.warning("digest of %s for %s not marked %s: %s", listing, chat_id, status, exc)

    def lock(self, chat_id: int) -> asyncio.Lock:
        """The group's digest lock: one run of its digest at a time."""
        return self._locks.setdefault(chat_id, asyncio.Lock())

    async def resume(self, chat_id: int, listing: date) -> None:
        """Finish sending a digest that a failure or a stop cut short (its own listing)."""
        group = await self.catalog.read(get_group, chat_id)
        if group is not None and group.active:
            async with self.lock(chat_id):
                await self.send_parts(chat_id, listing, late=False)

    async def send_parts(self, chat_id: int, listing: date, *, late: bool) -> Outcome:
        """Send the parts not sent yet, recording each one once Telegram confirms it. A part
        that may have arrived is sent again later (see the module's rule); a refusal stops for
        good. A kept record is written first; while it cannot be, nothing more is sent."""
        if not await self.records.write_kept(chat_id, listing):
            self.resume_in(chat_id, listing, RECORD_RETRY_SECONDS)
            return Outcome.FAILED
        record = await self.catalog.read(get_digest, chat_id, listing)
        if record is None or record.status != SENDING:
            return Outcome.ALREADY
        for part in range(record.parts_sent, record.parts_total):
            message = await self.pages.part(chat_id, listing, part, late=late)
            sent = await self.sender.send(chat_id, message)
            if sent.status is Status.SENT:
                now = self.clock()
                if await self.records.record(chat_id, listing, part, sent.message_id, now):
                    continue
                self.resume_in(chat_id, listing, RECORD_RETRY_SECONDS)
                return Outcome.POSTED if part + 1 == record.parts_total else Outcome.FAILED
            if sent.status is Status.UNKNOWN:
                log.warning(
                    "digest part %d for %s may have arrived (%s); it is sent again later",
                    part,
                    chat_id,
                    sent.detail,
                )
            if sent.status is Status.MOVED and sent.new_chat_id is not None:
                return await self._follow_upgrade(chat_id, sent.new_chat_id, listing)
            if sent.status is Status.GONE:
                await self._write_logged(set_active, chat_id, False, self.clock())
            elif sent.status is Status.REFUSED:
                await self._give_up(
                    chat_id, listing, part, record.parts_total, f"refused: {sent.detail}"
                )
            else:
                await self._retry_later(chat_id, listing, part, record.parts_total, sent.detail)
            return Outcome.FAILED
        tries = self._attempts.pop((chat_id, listing), 0)
        if tries:
            log.error(
                "digest of %s for %s posted late, after %d failed tries", listing, chat_id, tries
            )
        return Outcome.POSTED

    async def write_kept_records(self) -> None:
        """At the stop: the parts' kept records (jobs.digest.part_records)."""
        await self.records.write_all()

    async def _write_logged(self, fn: Callable[..., object], *args: object) -> None:
        try:
            await self.catalog.write(fn, *args)
        except (CatalogSlow, CatalogWriteError) as exc:
            log.warning("digest ledger write %s failed: %s", getattr(fn, "__name__", fn), exc)

    async def _retry_later(
        self, chat_id: int, listing: date, part: int, total: int, detail: str
    ) -> None:
        """A passing failure: resume after a backoff, at most MAX_RESUMES times, then give up."""
        key = (chat_id, listing)
        self._attempts[key] = self._attempts.get(key, 0) + 1
        if self._attempts[key] > MAX_RESUMES:
            await self._give_up(chat_id, listing, part, total, f"kept failing: {detail}")
            return
        delay = RESEND_SECONDS * 2 ** (self._attempts[key] - 1)
        log.warning(
            "digest part %d for %s failed (%s); resuming in %.0f s", part, chat_id, detail, delay
        )
        self.resume_in(chat_id, listing, delay)

    async def _give_up(self, chat_id: int, listing: date, part: int, total: int, why: str) -> None:
        """Mark the digest failed and tell the operator how much of it the group has."""
        self._attempts.pop((chat_id, listing), None)
        log.error(
            "digest of %s for %s given up at part %d (%s): %s",
            listing,
            chat_id,
            part + 1,
            why,
            f"partial, {part} of {total} parts posted" if part else "nothing of it posted",
        )
        await self.mark(chat_id, listing, FAILED, self.clock())

    async def _follow_upgrade(self, old: int, new: int, listing: date) -> Outcome:
        """The group became a supergroup: move it (if not yet moved) and send the rest there."""
        await self._write_logged(migrate_group, old, new, self.clock())
        record = await self.catalog.read(get_digest, new, listing)
        if record is None or record.status != SENDING:
            log.error("digest for %s: group moved to %s without its digest; stopping", old, new)
            return Outcome.FAILED
        self.resume_in(new, listing, 0.0)
        return Outcome.FAILED

    def resume_in(self, chat_id: int, listing: date, delay: float) -> None:
        """Resume the digest after `delay` seconds, in its group's own job."""

        async def resume() -> None:
            await self.resume(chat_id, listing)

        name = f"digest-resume:{chat_id}:{listing.isoformat()}"
        self.timer.once(name, delay, resume, chat_id=chat_id)
