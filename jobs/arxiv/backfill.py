"""Complete papers known only by title (imported catalog entries) from the arXiv API.

Look-ups go in batches of up to 100 ids, one request each, through the shared pacer. A batch
arXiv does not answer leaves its papers as they are; they are asked again after RETRY_AFTER.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from jobs.arxiv.api import ID_BATCH, ArxivApi, ArxivUnavailable
from jobs.schedule import Timer
from store.db import CatalogWriteError, Database
from store.papers import (
    Paper,
    get_papers,
    mark_metadata_checked,
    papers_lacking_metadata,
    upsert_papers,
)
from store.parse.ids import parse_arxiv_id
from store.workers import CatalogSlow, CatalogWorkers

log = logging.getLogger(__name__)

RETRY_AFTER = timedelta(hours=6)  # a paper arXiv did not complete is asked again after this
BACKFILL_EVERY = timedelta(hours=1)  # the running bot completes one batch this often
BACKFILL_JOB = "metadata-backfill"

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class MetadataReport:
    """What a round of look-ups achieved, for the import report and the log."""

    asked: int  # papers that lacked metadata
    completed: int  # of those, now complete
    not_answered: int  # arXiv did not answer for these: kept as they are, retried later

    @property
    def unknown(self) -> int:
        """Answered, but arXiv has no such paper (or no authors/abstract for it)."""
        return self.asked - self.completed - self.not_answered


def complete_metadata(
    db: Database,
    api: ArxivApi,
    arxiv_ids: Sequence[str],
    now: datetime,
    progress: Progress | None = None,
) -> MetadataReport:
    """Look up the papers among `arxiv_ids` that lack metadata; blocking (call off the loop)."""
    lacking = [p.arxiv_id for p in get_papers(db, arxiv_ids).values() if p.lacks_metadata]
    completed = not_answered = 0
    for start in range(0, len(lacking), ID_BATCH):
        batch = lacking[start : start + ID_BATCH]
        if not_answered:  # arXiv is down: do not wait out a timeout per batch
            not_answered += len(batch)
            continue
        try:
            found = api.fetch_batch([parse_arxiv_id(arxiv_id) for arxiv_id in batch])
        except ArxivUnavailable as exc:
            log.warning("arXiv did not answer a metadata look-up of %d papers: %s", len(batch), exc)
            not_answered += len(batch)
            continue
        completed += record_lookup(db, batch, found, now)
        if progress is not None:
            progress(min(start + ID_BATCH, len(lacking)), len(lacking))
    return MetadataReport(len(lacking), completed, not_answered)


def record_lookup(
    db: Database, asked: Sequence[str], found: dict[str, Paper], now: datetime
) -> int:
    """Store what arXiv answered for `asked`; how many of them are now complete."""
    upsert_papers(db, found.values(), now)
    mark_metadata_checked(db, asked, now)
    return sum(not paper.lacks_metadata for paper in get_papers(db, asked).values())


def due_for_backfill(db: Database, now: datetime) -> list[str]:
    """The next batch lacking metadata: never asked first, then those asked longest ago."""
    return papers_lacking_metadata(db, now, ID_BATCH, RETRY_AFTER)


class MetadataBackfill:
    """The running bot's hourly round: one batch of papers still known only by title, read
    through the catalog's readers and stored through its one writer."""

    def __init__(
        self, catalog: CatalogWorkers, api: ArxivApi, clock: Callable[[], datetime], timer: Timer
    ) -> None:
        self.catalog, self.api, self.clock, self.timer = catalog, api, clock, timer

    def start(self) -> None:
        """Schedule the hourly round (the first an hour after start: imports look up their own)."""
        self.timer.every(BACKFILL_JOB, BACKFILL_EVERY.total_seconds(), self.run)

    async def run(self) -> None:
        """The hourly job."""
        await self.round()

    async def round(self) -> MetadataReport:
        """One request, in a worker thread with a deadline; the catalog is written here."""
        now = self.clock()
        due = await self.catalog.read(due_for_backfill, now)
        if not due:
            return MetadataReport(0, 0, 0)
        ids = [parse_arxiv_id(arxiv_id) for arxiv_id in due]
        try:
            found = await asyncio.wait_for(
                asyncio.to_thread(self.api.fetch_batch, ids), self.api.timeout * 2
            )
        except (TimeoutError, ArxivUnavailable) as exc:
            log.warning("metadata backfill of %d papers: arXiv did not answer (%s)", len(due), exc)
            return MetadataReport(len(due), 0, len(due))
        try:
            completed = await self.catalog.write(record_lookup, due, found, now)
        except (CatalogSlow, CatalogWriteError) as exc:
            log.warning("metadata backfill of %d papers not stored (%s)", len(due), exc)
            return MetadataReport(len(due), 0, len(due))
        report = MetadataReport(len(due), completed, 0)
        log.info("metadata backfill: %d of %d papers completed", report.completed, report.asked)
        return report
