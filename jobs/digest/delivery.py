"""Posting a group's digest: decide from the ledger what to do now, build it (once), and hand
the parts not sent yet to jobs.digest.posting (which records, resumes and gives up).

The ledger is read through the catalog's readers and written through its one writer, never on
the event loop."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager, nullcontext
from datetime import date, datetime, timedelta
from typing import Protocol

from jobs.arxiv.calendar import current_listing, listing_expected
from jobs.arxiv.ingest import WatchOutcome
from jobs.digest.choose import Step, digest_missed, next_step
from jobs.digest.posting import DigestPages, DigestPosting, Outcome
from jobs.schedule import MISFIRE_GRACE_SECONDS, Plan, Timer
from jobs.sending import Sender
from store.digests import EMPTY, FAILED, PENDING, SENDING, digests_with_status, get_digest
from store.feeds import has_listing
from store.groups import Group, active_groups, get_group
from store.parse.settings import digest_clock
from store.workers import CatalogWorkers

__all__ = ["DigestDelivery", "DigestPages", "Outcome"]


class Build(Protocol):
    """Choose a group's items for a listing and write the ledger; False: nothing to post."""

    async def __call__(self, group: Group, listing: date, now: datetime) -> bool: ...


class DigestDelivery:
    """Every group's digest, through the ledger in store.digests."""

    def __init__(
        self,
        catalog: CatalogWorkers,
        clock: Callable[[], datetime],
        sender: Sender,
        timer: Timer,
        pages: DigestPages,
        build: Build,
        fetch: Callable[[], Awaitable[object]],
        place: Callable[[int], AbstractAsyncContextManager[None]] = lambda _c: nullcontext(),
    ) -> None:
        """`fetch` asks the watcher for the due listing (it posts waiting digests itself);
        `place(chat_id)` makes that group (and its language) current while its digest is built
        and sent, whoever's task fetched the listing."""
        self.catalog, self.clock, self.sender, self.build = catalog, clock, sender, build
        self.fetch, self.place = fetch, place
        self.posting = DigestPosting(catalog, clock, sender, timer, pages)

    async def start(self) -> None:
        """Finish digests a stop cut short."""
        for chat_id, listing in await self.catalog.read(digests_with_status, SENDING):
            self.posting.resume_in(chat_id, listing, 0.0)

    async def plans(self) -> Mapping[int, Plan]:
        """Every active group's daily digest, at its local time (zoneinfo: DST-correct)."""
        groups = await self.catalog.read(active_groups)
        return {g.chat_id: Plan(digest_clock(g.digest_time, g.timezone)) for g in groups}

    async def missed(self, chat_id: int, plan: Plan, now: datetime) -> bool:
        """A (re)start shortly after the group's digest time skipped today's digest, and the
        ledger does not have it (posted, empty, failed, or being finished by a resume)."""
        if not digest_missed(plan.at, now, timedelta(seconds=MISFIRE_GRACE_SECONDS)):
            return False
        return await self.catalog.read(get_digest, chat_id, current_listing(now)) is None

    async def waiting(self) -> bool:
        """Whether some digest waits for its listing to be stored."""
        return bool(await self.catalog.read(digests_with_status, PENDING))

    async def run(self, chat_id: int) -> None:
        """The group's daily job."""
        await self.deliver(chat_id)

    async def on_listing(self, outcome: WatchOutcome) -> None:
        """A listing was stored: post the digests that waited for it."""
        for chat_id, listing in await self.catalog.read(digests_with_status, PENDING):
            if listing == outcome.listing:
                await self.deliver(chat_id)

    async def deliver(self, chat_id: int) -> Outcome:
        """Post (or finish posting) the group's digest of the listing current now, in its
        own language: passed here, never inherited from the task that called."""
        async with self.place(chat_id):  # nested: a fetch inside delivers others, each in its own
            return await self._deliver(chat_id)

    async def _deliver(self, chat_id: int) -> Outcome:
        now = self.clock()
        group = await self.catalog.read(get_group, chat_id)
        if group is None or not group.active:
            return Outcome.NOTHING
        listing = current_listing(now)
        if (await self._step(group, listing))[0] is Step.FETCH:
            await self.fetch()  # may post this digest itself if it was waiting
        async with self.posting.lock(chat_id):
            step, status = await self._step(group, listing)
            if step is Step.FINISHED:
                if status == FAILED:
                    return Outcome.REFUSED
                return Outcome.ALREADY if status != EMPTY else Outcome.NOTHING
            if step is Step.NO_ANNOUNCEMENT:
                await self.posting.mark(chat_id, listing, EMPTY, now)
                return Outcome.NO_ANNOUNCEMENT
            if step is Step.FETCH:
                await self.posting.mark(chat_id, listing, PENDING, now)
                return Outcome.WAITING
            if step is Step.BUILD and not await self.build(group, listing, now):
                await self.posting.mark(chat_id, listing, EMPTY, now)
                return Outcome.NOTHING
            return await self.posting.send_parts(chat_id, listing, late=status == PENDING)

    async def _step(self, group: Group, listing: date) -> tuple[Step, str | None]:
        record = await self.catalog.read(get_digest, group.chat_id, listing)
        status = record.status if record else None
        stored = await self.catalog.read(has_listing, listing, group.categories)
        return next_step(listing, status, stored, listing_expected(listing, self.clock())), status

    async def write_kept_records(self) -> None:
        """At the stop: the parts' kept records (jobs.digest.part_records)."""
        await self.posting.write_kept_records()
