"""The feed watcher: fetch the union of the groups' categories once per announcement, judge
the feed against arXiv's calendar, and store it only when it is the listing that is due."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

from jobs.arxiv.calendar import current_listing, listing_expected
from jobs.arxiv.categories import feed_key
from jobs.arxiv.feeds import Feed, FeedError, FeedUnavailable, fetch_feed, parse_feed
from jobs.arxiv.pacer import Pacer
from store.db import CatalogWriteError
from store.feeds import IngestResult, get_feed_state, has_listing, store_listing
from store.workers import CatalogSlow, CatalogWorkers

log = logging.getLogger(__name__)


class Verdict(Enum):
    """What a fetched feed means for the listing that is due."""

    FRESH = "fresh"  # the due listing: store it
    NO_ANNOUNCEMENT = "no_announcement"  # weekend or holiday: nothing to post, nothing to say
    STALE = "stale"  # empty, unchanged or yesterday's while a listing is due: retry later
    FAILED = "failed"  # unreachable or malformed: retry later


@dataclass(frozen=True)
class WatchOutcome:
    """One round of the watcher: the verdict, the listing it concerns, and what was stored."""

    verdict: Verdict
    listing: date
    feed_key: str
    ingest: IngestResult | None = None
    detail: str = ""
    fetched: bool = False


def judge_feed(feed: Feed | None, due: date, now: datetime) -> Verdict:
    """Pure: a feed (None = "not modified") against the listing due; never "0 new papers".

    Not out yet is stale until the listing's give-up time; after it (and on weekends) it is
    no announcement (jobs/arxiv/calendar.py)."""
    if feed is not None and feed.items and feed.listing_date and feed.listing_date >= due:
        return Verdict.FRESH
    if not listing_expected(due, now):
        return Verdict.NO_ANNOUNCEMENT
    return Verdict.STALE


async def watch_once(
    catalog: CatalogWorkers, pacer: Pacer, rss_url: str, categories: set[str], now: datetime
) -> WatchOutcome:
    """Make sure the due listing of `categories` is stored, fetching at most once. The day's
    papers are written in the catalog's writer thread (a big day takes a second, with its
    search index): the event loop goes on answering meanwhile."""
    due = current_listing(now)
    key = feed_key(categories)
    if not categories:
        return WatchOutcome(Verdict.NO_ANNOUNCEMENT, due, key, detail="no categories")
    try:  # the checks before the fetch: single rows, read off the event loop
        if await catalog.read(has_listing, due, categories):
            return WatchOutcome(Verdict.FRESH, due, key, detail="already stored")
        if not listing_expected(due, now):  # a weekend, or a weekday past its give-up time
            return WatchOutcome(Verdict.NO_ANNOUNCEMENT, due, key)
        state = await catalog.read(get_feed_state, key)
    except CatalogSlow as exc:  # a retry reads it again
        return WatchOutcome(Verdict.FAILED, due, key, detail=f"catalog slow: {exc}")
    try:
        result = await fetch_feed(
            rss_url + key, pacer, etag=state.etag, last_modified=state.last_modified
        )
        # feedparser is CPU-bound for a large day: keep it off the event loop too.
        feed = await asyncio.to_thread(parse_feed, result.body) if result.body is not None else None
    except (FeedUnavailable, FeedError) as exc:
        log.warning("feed %s for listing %s failed: %s", key, due, exc)
        return WatchOutcome(Verdict.FAILED, due, key, detail=str(exc), fetched=True)
    verdict = judge_feed(feed, due, now)
    if verdict is not Verdict.FRESH or feed is None or feed.listing_date is None:
        seen = feed.listing_date if feed is not None else "not modified"
        log.info("feed %s: %s (due %s, feed carries %s)", key, verdict.value, due, seen)
        return WatchOutcome(verdict, due, key, detail=f"feed carries {seen}", fetched=True)
    try:
        ingest = await catalog.write(
            store_listing,
            key,
            feed.listing_date,
            feed.items,
            now,
            etag=result.etag,
            last_modified=result.last_modified,
        )
    except (CatalogSlow, CatalogWriteError) as exc:  # a retry stores it, or finds it stored
        log.warning("listing %s of %s: the catalog was too slow to store it (%s)", due, key, exc)
        return WatchOutcome(Verdict.FAILED, due, key, detail=f"catalog slow: {exc}", fetched=True)
    log.info(
        "stored listing %s of %s: %d papers, %d replaced",
        feed.listing_date,
        key,
        ingest.papers,
        len(ingest.replaced),
    )
    return WatchOutcome(Verdict.FRESH, due, key, ingest=ingest, fetched=True)
