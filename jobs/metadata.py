"""Complete papers known only by title (imported catalog entries) from the arXiv API.

Look-ups go in batches of up to 100 ids, one request each, through the shared pacer. A batch
arXiv does not answer leaves its papers as they are; they are asked again after RETRY_AFTER.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from jobs.arxiv_api import ID_BATCH, ArxivApi, ArxivUnavailable
from store.db import Database
from store.ids import parse_arxiv_id
from store.papers import get_papers, mark_metadata_checked, papers_lacking_metadata, upsert_papers

log = logging.getLogger(__name__)

RETRY_AFTER = timedelta(hours=6)  # a paper arXiv did not complete is asked again after this
BACKFILL_EVERY = timedelta(hours=1)  # the running bot completes one batch this often

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
        upsert_papers(db, found.values(), now)
        mark_metadata_checked(db, batch, now)
        completed += sum(not p.lacks_metadata for p in get_papers(db, batch).values())
        if progress is not None:
            progress(min(start + ID_BATCH, len(lacking)), len(lacking))
    return MetadataReport(len(lacking), completed, not_answered)


def backfill_metadata(db: Database, api: ArxivApi, now: datetime) -> MetadataReport:
    """One batch of the papers still lacking metadata (oldest look-up first): one request."""
    due = papers_lacking_metadata(db, now, ID_BATCH, RETRY_AFTER)
    report = complete_metadata(db, api, due, now)
    if report.asked:
        log.info(
            "metadata backfill: %d of %d papers completed, %d not answered",
            report.completed,
            report.asked,
            report.not_answered,
        )
    return report
