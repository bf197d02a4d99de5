"""Which summaries to make: when a listing is stored, the papers each group (with summaries
on) will be shown, in the group's language; and again when a digest is built (a restart, a
group added since). Runs as its own task: the listener returns at once."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from datetime import date, datetime

from jobs.arxiv.ingest import WatchOutcome
from jobs.digest.build import DigestBuilder
from jobs.digest.choose import Chosen
from jobs.summaries.summarizer import Summarizer
from store.groups import Group, active_groups
from store.summaries import summaries_enabled
from store.workers import CatalogWorkers

log = logging.getLogger(__name__)


class ListingSummaries:
    """Feeds the summarizer from the watcher and the digest builder."""

    def __init__(
        self,
        catalog: CatalogWorkers,
        builder: DigestBuilder,
        summarizer: Summarizer,
        clock: Callable[[], datetime],
    ) -> None:
        self.catalog, self.builder, self.summarizer = catalog, builder, summarizer
        self.clock = clock
        self._tasks: set[asyncio.Task[None]] = set()

    async def on_listing(self, outcome: WatchOutcome) -> None:
        """A listing was stored: queue the summaries its groups will show (in the background)."""
        if outcome.ingest is None:
            return
        task = asyncio.get_running_loop().create_task(self.prepare(outcome.listing))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def prepare(self, listing: date) -> None:
        """Each group's would-be digest items, queued in its language."""
        for group in await self.catalog.read(active_groups):
            if not group.categories or not await self.catalog.read(
                summaries_enabled, group.chat_id
            ):
                continue
            try:
                chosen = await self.builder.preview(group, listing, self.clock())
            except Exception:  # a group that cannot be previewed gets its summaries at build
                log.exception("summaries of %s not prepared for %s", group.chat_id, listing)
                continue
            self.summarizer.want([c.paper for c in chosen], group.language)

    async def on_chosen(self, group: Group, chosen: Sequence[Chosen]) -> None:
        """A digest was built: any of its summaries still missing are queued."""
        if await self.catalog.read(summaries_enabled, group.chat_id):
            self.summarizer.want([c.paper for c in chosen], group.language)

    async def close(self) -> None:
        """Stop the preparing tasks and the summarizer."""
        for task in list(self._tasks):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        await self.summarizer.close()
