"""Posting a group's digest: decide from the ledger what to do now, build it (once), send the
parts not sent yet (each recorded once Telegram confirms it), follow a group upgrade, resume
after a passing failure or a stop, and give up on a refusal.

The rule for a part that may have arrived (Telegram got the request but its answer was lost):
it is sent again at the next resume, once the network answers. A doubled part is a smaller harm
than a lost digest, and the ledger records only what Telegram confirmed, so it never says
"done" for a digest of which nothing arrived. A part that never left (no connection) is simply
retried. Resumes back off (RESEND_SECONDS, doubling); after MAX_RESUMES the digest is given up
(status failed). The operator is told (an ERROR line, which reaches PAPERCLUB_OPERATOR_CHAT)
when a digest is posted late after failures, or given up with some or none of it posted."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Protocol

from jobs.arxiv.calendar import current_listing, listing_expected
from jobs.arxiv.ingest import WatchOutcome
from jobs.digest.choose import Step, digest_missed, next_step
from jobs.schedule import MISFIRE_GRACE_SECONDS, Plan, Timer
from jobs.sending import Message, Sender, Status
from store.db import Database
from store.digests import (
    EMPTY,
    FAILED,
    PENDING,
    SENDING,
    digests_with_status,
    get_digest,
    mark_digest,
    record_part_sent,
)
from store.feeds import has_listing
from store.groups import Group, active_groups, get_group, migrate_group, set_active
from store.parse.settings import digest_clock

log = logging.getLogger(__name__)

RESEND_SECONDS = 60.0  # the first resume after a passing failure; each next one waits twice as long
MAX_RESUMES = 5  # a digest failing this often in one run is given up (status failed): ~30 min


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

    def part(self, chat_id: int, listing: date, part: int, *, late: bool) -> Message:
        """One part of the group's digest of `listing`, from the ledger."""
        ...


class Build(Protocol):
    """Choose a group's items for a listing and write the ledger; False: nothing to post."""

    async def __call__(self, group: Group, listing: date, now: datetime) -> bool: ...


class DigestDelivery:
    """Every group's digest, through the ledger in store.digests."""

    def __init__(
        self,
        db: Database,
        clock: Callable[[], datetime],
        sender: Sender,
        timer: Timer,
        pages: DigestPages,
        build: Build,
        fetch: Callable[[], Awaitable[object]],
        place: Callable[[int], AbstractContextManager[None]] = lambda _chat_id: nullcontext(),
    ) -> None:
        """`fetch` asks the watcher for the due listing (it posts waiting digests itself);
        `place(chat_id)` makes that group (and its language) current while its digest is built
        and sent, whoever's task fetched the listing."""
        self.db, self.clock, self.sender, self.timer = db, clock, sender, timer
        self.pages, self.build, self.fetch, self.place = pages, build, fetch, place
        self._locks: dict[int, asyncio.Lock] = {}
        self._attempts: dict[tuple[int, date], int] = {}

    def start(self) -> None:
        """Finish digests a stop cut short."""
        for chat_id, listing in digests_with_status(self.db, SENDING):
            self._resume_in(chat_id, listing, 0.0)

    def plans(self) -> Mapping[int, Plan]:
        """Every active group's daily digest, at its local time (zoneinfo: DST-correct)."""
        return {
            g.chat_id: Plan(digest_clock(g.digest_time, g.timezone)) for g in active_groups(self.db)
        }

    def missed(self, chat_id: int, plan: Plan, now: datetime) -> bool:
        """A (re)start shortly after the group's digest time skipped today's digest, and the
        ledger does not have it (posted, empty, failed, or being finished by a resume)."""
        if not digest_missed(plan.at, now, timedelta(seconds=MISFIRE_GRACE_SECONDS)):
            return False
        return get_digest(self.db, chat_id, current_listing(now)) is None

    def waiting(self) -> bool:
        """Whether some digest waits for its listing to be stored."""
        return bool(digests_with_status(self.db, PENDING))

    async def run(self, chat_id: int) -> None:
        """The group's daily job."""
        await self.deliver(chat_id)

    async def on_listing(self, outcome: WatchOutcome) -> None:
        """A listing was stored: post the digests that waited for it."""
        for chat_id, listing in digests_with_status(self.db, PENDING):
            if listing == outcome.listing:
                await self.deliver(chat_id)

    async def deliver(self, chat_id: int) -> Outcome:
        """Post (or finish posting) the group's digest of the listing current now, in its
        own language: passed here, never inherited from the task that called."""
        with self.place(chat_id):  # nested: a fetch inside delivers others, each in its own
            return await self._deliver(chat_id)

    async def _deliver(self, chat_id: int) -> Outcome:
        now = self.clock()
        group = get_group(self.db, chat_id)
        if group is None or not group.active:
            return Outcome.NOTHING
        listing = current_listing(now)
        if self._step(group, listing)[0] is Step.FETCH:
            await self.fetch()  # may post this digest itself if it was waiting
        async with self._lock(chat_id):
            step, status = self._step(group, listing)
            if step is Step.FINISHED:
                if status == FAILED:
                    return Outcome.REFUSED
                return Outcome.ALREADY if status != EMPTY else Outcome.NOTHING
            if step is Step.NO_ANNOUNCEMENT:
                mark_digest(self.db, chat_id, listing, EMPTY, now)
                return Outcome.NO_ANNOUNCEMENT
            if step is Step.FETCH:
                mark_digest(self.db, chat_id, listing, PENDING, now)
                return Outcome.WAITING
            if step is Step.BUILD and not await self.build(group, listing, now):
                mark_digest(self.db, chat_id, listing, EMPTY, now)
                return Outcome.NOTHING
            return await self._send_parts(chat_id, listing, late=status == PENDING)

    def _step(self, group: Group, listing: date) -> tuple[Step, str | None]:
        record = get_digest(self.db, group.chat_id, listing)
        status = record.status if record else None
        stored = has_listing(self.db, listing, group.categories)
        return next_step(listing, status, stored, listing_expected(listing, self.clock())), status

    def _lock(self, chat_id: int) -> asyncio.Lock:
        return self._locks.setdefault(chat_id, asyncio.Lock())

    async def resume(self, chat_id: int, listing: date) -> None:
        """Finish sending a digest that a failure or a stop cut short (its own listing)."""
        group = get_group(self.db, chat_id)
        if group is not None and group.active:
            async with self._lock(chat_id):
                await self._send_parts(chat_id, listing, late=False)

    async def _send_parts(self, chat_id: int, listing: date, *, late: bool) -> Outcome:
        """Send the parts not sent yet, recording each one once Telegram confirms it. A part
        that may have arrived is sent again later (see the module's rule); a refusal stops for
        good."""
        record = get_digest(self.db, chat_id, listing)
        if record is None or record.status != SENDING:
            return Outcome.ALREADY
        for part in range(record.parts_sent, record.parts_total):
            message = self.pages.part(chat_id, listing, part, late=late)
            sent = await self.sender.send(chat_id, message)
            if sent.status is Status.SENT:
                record_part_sent(self.db, chat_id, listing, part, sent.message_id, self.clock())
                continue
            if sent.status is Status.UNKNOWN:
                log.warning(
                    "digest part %d for %s may have arrived (%s); it is sent again later",
                    part,
                    chat_id,
                    sent.detail,
                )
            if sent.status is Status.MOVED and sent.new_chat_id is not None:
                return self._follow_upgrade(chat_id, sent.new_chat_id, listing)
            if sent.status is Status.GONE:
                set_active(self.db, chat_id, False, self.clock())
            elif sent.status is Status.REFUSED:
                self._give_up(chat_id, listing, part, record.parts_total, f"refused: {sent.detail}")
            else:
                self._retry_later(chat_id, listing, part, record.parts_total, sent.detail)
            return Outcome.FAILED
        tries = self._attempts.pop((chat_id, listing), 0)
        if tries:
            log.error(
                "digest of %s for %s posted late, after %d failed tries", listing, chat_id, tries
            )
        return Outcome.POSTED

    def _retry_later(self, chat_id: int, listing: date, part: int, total: int, detail: str) -> None:
        """A passing failure: resume after a backoff, at most MAX_RESUMES times, then give up."""
        key = (chat_id, listing)
        self._attempts[key] = self._attempts.get(key, 0) + 1
        if self._attempts[key] > MAX_RESUMES:
            self._give_up(chat_id, listing, part, total, f"kept failing: {detail}")
            return
        delay = RESEND_SECONDS * 2 ** (self._attempts[key] - 1)
        log.warning(
            "digest part %d for %s failed (%s); resuming in %.0f s", part, chat_id, detail, delay
        )
        self._resume_in(chat_id, listing, delay)

    def _give_up(self, chat_id: int, listing: date, part: int, total: int, why: str) -> None:
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
        mark_digest(self.db, chat_id, listing, FAILED, self.clock())

    def _follow_upgrade(self, old: int, new: int, listing: date) -> Outcome:
        """The group became a supergroup: move it (if not yet moved) and send the rest there."""
        migrate_group(self.db, old, new, self.clock())
        record = get_digest(self.db, new, listing)
        if record is None or record.status != SENDING:
            log.error("digest for %s: group moved to %s without its digest; stopping", old, new)
            return Outcome.FAILED
        self._resume_in(new, listing, 0.0)
        return Outcome.FAILED

    def _resume_in(self, chat_id: int, listing: date, delay: float) -> None:
        async def resume() -> None:
            await self.resume(chat_id, listing)

        name = f"digest-resume:{chat_id}:{listing.isoformat()}"
        self.timer.once(name, delay, resume, chat_id=chat_id)
