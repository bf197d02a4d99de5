"""Feeds: both arXiv formats parsed from recorded real files, the calendar, the failure rules,
polite conditional fetching, and storing a listing."""

from __future__ import annotations

import gzip
import itertools
import time as time_module
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from jobs.arxiv.calendar import (
    ARXIV_TZ,
    current_listing,
    give_up_at,
    is_announcement_listing,
    listing_from_announcement,
    retry_delay,
)
from jobs.arxiv.categories import check_categories, feed_key
from jobs.arxiv.feeds import FeedError, FeedUnavailable, fetch_feed, merge_feeds, parse_feed
from jobs.arxiv.ingest import Verdict, judge_feed, watch_once
from jobs.arxiv.pacer import Lane, Pacer
from store.db import open_db
from store.feeds import get_feed_state, listing_candidates, listing_counts, store_listing
from store.papers import Paper, get_paper, upsert_papers
from store.parse.search_query import parse_query
from store.schema import m0009_papers_published_from_listings
from store.search import search_catalog
from store.workers import CatalogWorkers
from tests.fakes.arxiv import FakeArxiv, combined_feed
from tests.fakes.arxiv import Feed as ServedFeed

FEEDS = Path(__file__).parents[1] / "fixtures" / "feeds"


def feed_bytes(name: str) -> bytes:
    return gzip.decompress((FEEDS / f"{name}.xml.gz").read_bytes())


@pytest.mark.parametrize(
    ("name", "listing", "fmt", "counts"),
    [
        ("new-2026-08-20-cs-cl", date(2026, 8, 19), "rss2", (49, 23, 45, 17)),
        ("new-2026-08-20-cs-ai", date(2026, 8, 19), "rss2", (65, 105, 32, 73)),
        ("new-2024-03-10-cs-cl", date(2024, 3, 9), "rss2", (0, 0, 0, 0)),  # Saturday
        ("new-2024-07-06-cs-cl", date(2024, 7, 5), "rss2", (0, 0, 0, 0)),  # holiday
        ("legacy-2024-01-05-cs-cl", date(2024, 1, 4), "rdf", (19, 10, 14, 5)),
        ("legacy-2023-12-27-cs-cl", date(2023, 12, 26), "rdf", (0, 0, 0, 0)),  # holiday
    ],
)
def test_parse_both_formats(
    name: str, listing: date, fmt: str, counts: tuple[int, int, int, int]
) -> None:
    feed = parse_feed(feed_bytes(name))
    assert feed.listing_date == listing
    assert feed.format == fmt
    types = Counter(item.announce_type for item in feed.items)
    assert (types["new"], types["cross"], types["replace"], types["replace-cross"]) == counts


def test_new_format_item_fields() -> None:
    item = parse_feed(feed_bytes("new-2026-08-20-cs-cl")).items[0]
    assert (item.arxiv_id, item.version) == ("2608.16975", 1)
    assert item.title.startswith("Margin-Regularized Structured Semantic Alignment")
    assert item.authors == ("Jiaqi Wang", "Huawen Hu", "Shu Zhang")
    assert item.abstract.startswith("With the rapid advancement of large language models")
    assert "Announce Type" not in item.abstract
    assert item.categories == ("cs.CL", "cs.LG") and item.primary_category == "cs.CL"


def test_legacy_item_fields() -> None:
    feed = parse_feed(feed_bytes("legacy-2024-01-05-cs-cl"))
    first = feed.items[0]
    assert (first.arxiv_id, first.version) == ("2401.01405", 1)
    assert first.title == "Quantifying the Uniqueness of Donald Trump in Presidential Discourse"
    assert first.authors[:2] == ("Karen Zhou", "Alexander A. Meitus")
    assert first.abstract.startswith("Does Donald Trump speak differently")
    assert "<p>" not in first.abstract
    updated = next(i for i in feed.items if i.arxiv_id == "2310.04444")
    assert updated.announce_type == "replace" and updated.version == 3
    assert updated.title == "What's the Magic Word? A Control Theory of LLM Prompting"


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body><h1>503 Service Unavailable</h1></body></html>",
        b"<!DOCTYPE html><html><head><title>arXiv</title></head></html>",
        feed_bytes("new-2026-08-20-cs-cl")[:30000],  # cut off mid-transfer
        b"",
    ],
)
def test_malformed_feeds_are_failures(body: bytes) -> None:
    with pytest.raises(FeedError):
        parse_feed(body)


def test_merging_feeds_keeps_each_paper_once_and_new_wins() -> None:
    cl, ai = (
        parse_feed(feed_bytes("new-2026-08-20-cs-cl")),
        parse_feed(feed_bytes("new-2026-08-20-cs-ai")),
    )
    merged = merge_feeds([ai, cl])
    ids = [item.arxiv_id for item in merged.items]
    assert len(ids) == len(set(ids)) == len({i.arxiv_id for i in cl.items + ai.items})
    both = {i.arxiv_id for i in cl.items if i.announce_type == "new"} & {
        i.arxiv_id for i in ai.items if i.announce_type == "cross"
    }
    assert both, "the recorded day has cs.CL papers cross-listed to cs.AI"
    by_id = {item.arxiv_id: item for item in merged.items}
    assert all(by_id[arxiv_id].announce_type == "new" for arxiv_id in both)


@pytest.mark.parametrize(
    ("now", "listing"),
    [
        (datetime(2026, 8, 19, 3, 59, tzinfo=UTC), date(2026, 8, 18)),  # 23:59 EDT
        (datetime(2026, 8, 19, 4, 0, tzinfo=UTC), date(2026, 8, 19)),  # midnight EDT
        (datetime(2024, 1, 5, 4, 59, tzinfo=UTC), date(2024, 1, 4)),  # 23:59 EST
        (datetime(2024, 1, 5, 5, 0, tzinfo=UTC), date(2024, 1, 5)),
    ],
)
def test_current_listing_follows_eastern_time(now: datetime, listing: date) -> None:
    assert current_listing(now) == listing


@pytest.mark.parametrize(
    ("listing", "announced"),
    [
        (date(2026, 8, 19), True),  # Wednesday
        (date(2024, 3, 9), False),  # Saturday
        (date(2024, 3, 10), False),  # Sunday
        (date(2024, 3, 11), True),  # Monday (announced Sunday evening)
        (date(2024, 7, 5), True),  # a holiday: a weekday, learnt from the feed (below)
    ],
)
def test_announcement_listings(listing: date, announced: bool) -> None:
    assert is_announcement_listing(listing) is announced


def test_calendar_helpers() -> None:
    assert listing_from_announcement(date(2024, 1, 3)) == date(2024, 1, 4)
    assert listing_from_announcement(date(2023, 12, 22)) == date(2023, 12, 25)  # Fri → Mon
    assert [retry_delay(n, 60, 900) for n in range(6)] == [60, 120, 240, 480, 900, 900]


@pytest.mark.parametrize(
    ("name", "due", "verdict"),
    [
        ("new-2026-08-20-cs-cl", date(2026, 8, 19), Verdict.FRESH),
        ("new-2024-03-10-cs-cl", date(2024, 3, 9), Verdict.NO_ANNOUNCEMENT),  # weekend, empty
        ("new-2024-05-24-cs-cl", date(2024, 5, 23), Verdict.STALE),  # empty on a weekday
        ("new-2024-03-12-cs-cl", date(2024, 3, 12), Verdict.STALE),  # yesterday's listing
        ("legacy-2023-12-27-cs-cl", date(2023, 12, 26), Verdict.STALE),  # a holiday, morning
        ("new-2024-07-06-cs-cl", date(2024, 7, 5), Verdict.STALE),  # a holiday, morning
    ],
)
def test_judging_a_feed_against_the_calendar(name: str, due: date, verdict: Verdict) -> None:
    morning = datetime.combine(due, time(9, 0), tzinfo=ARXIV_TZ)
    assert judge_feed(parse_feed(feed_bytes(name)), due, morning) is verdict


@pytest.mark.parametrize(
    "name", ["legacy-2023-12-27-cs-cl", "new-2024-07-06-cs-cl", "new-2024-05-24-cs-cl"]
)
def test_a_weekday_feed_still_empty_at_give_up_time_is_no_announcement(name: str) -> None:
    feed = parse_feed(feed_bytes(name))
    due = feed.listing_date
    assert due is not None and is_announcement_listing(due)
    assert judge_feed(feed, due, give_up_at(due) - timedelta(seconds=1)) is Verdict.STALE
    assert judge_feed(feed, due, give_up_at(due)) is Verdict.NO_ANNOUNCEMENT


def test_not_modified_is_stale_only_when_a_listing_is_due() -> None:
    wednesday = datetime(2026, 8, 19, 13, tzinfo=UTC)
    assert judge_feed(None, date(2026, 8, 19), wednesday) is Verdict.STALE
    assert judge_feed(None, date(2026, 8, 22), wednesday) is Verdict.NO_ANNOUNCEMENT


def test_categories_are_checked_against_the_taxonomy() -> None:
    check = check_categories(["cs.cl", "cs.AI,", "cs.XX", "math.GT", "cs.CL"])
    assert check.known == ("cs.CL", "cs.AI", "math.GT")
    assert check.unknown == ("cs.XX",)
    assert feed_key({"cs.CL", "cs.AI"}) == "cs.AI+cs.CL"


async def test_conditional_get_and_errors(arxiv_server: FakeArxiv) -> None:
    body = feed_bytes("new-2026-08-20-cs-cl")
    arxiv_server.feeds["cs.CL"] = ServedFeed(body, etag='"v1"')
    pacer = Pacer(0.0)
    first = await fetch_feed(arxiv_server.rss_url + "cs.CL", pacer)
    assert first.body == body and first.etag == '"v1"'
    again = await fetch_feed(arxiv_server.rss_url + "cs.CL", pacer, etag=first.etag)
    assert again.body is None
    assert arxiv_server.rss_requests()[1].headers.get("If-None-Match") == '"v1"'
    arxiv_server.feeds["cs.CL"] = ServedFeed(b"Service Unavailable", status=503)
    with pytest.raises(FeedUnavailable):
        await fetch_feed(arxiv_server.rss_url + "cs.CL", pacer)


async def test_requests_are_spaced_by_the_shared_pacer(arxiv_server: FakeArxiv) -> None:
    arxiv_server.feeds["cs.CL"] = ServedFeed(feed_bytes("new-2024-03-10-cs-cl"))
    pacer = Pacer(0.3)  # the real pacer, with a shorter interval than arXiv's 3 s
    for _ in range(3):
        await fetch_feed(arxiv_server.rss_url + "cs.CL", pacer)
    times = [seen.at for seen in arxiv_server.rss_requests()]
    # Starts are spaced by the pacer; the server sees them after a connect of a few ms each.
    assert all(later - earlier >= 0.25 for earlier, later in itertools.pairwise(times))


async def test_a_dripping_feed_is_cut_off_at_its_deadline_and_frees_the_lane(
    arxiv_server: FakeArxiv,
) -> None:
    # Issue 18: httpx's timeout is per read, so a feed trickling in held the background lane
    # (and its worker thread) for as long as it dripped; now the whole transfer has a deadline.
    body = feed_bytes("new-2024-03-10-cs-cl")
    arxiv_server.feeds["cs.CL"] = ServedFeed(body, drip=60.0 / len(body))  # a minute in all
    pacer = Pacer(0.0)
    started = time_module.monotonic()
    with pytest.raises(FeedUnavailable, match="no whole answer"):
        await fetch_feed(arxiv_server.rss_url + "cs.CL", pacer, request_timeout=0.5)
    assert time_module.monotonic() - started < 1.0
    arxiv_server.feeds["cs.CL"] = ServedFeed(body)
    with pacer.turn(Lane.BACKGROUND, timeout=0.1):  # the lane is free again
        pass


def test_storing_a_listing_merges_cross_lists_and_reports_replacements() -> None:
    db = open_db(None)
    now = datetime(2026, 8, 19, 13, tzinfo=UTC)
    feed = parse_feed(
        combined_feed([feed_bytes("new-2026-08-20-cs-ai"), feed_bytes("new-2026-08-20-cs-cl")])
    )
    result = store_listing(db, "cs.AI+cs.CL", date(2026, 8, 19), feed.items, now, etag='"x"')
    assert len(result.replaced) == sum(
        1 for i in feed.items if i.announce_type in ("replace", "replace-cross")
    )
    counts = listing_counts(db, date(2026, 8, 19), ["cs.CL", "cs.AI"])
    assert counts["cs.CL"] == (49, 23)
    # A combined feed cannot tell "newly cross-listed into cs.CL" from "into cs.AI" for a paper
    # listing both: one such paper counts as a cs.AI cross-list here (105 in the cs.AI feed).
    assert counts["cs.AI"][0] == 65 and 105 <= counts["cs.AI"][1] <= 106
    candidates = listing_candidates(db, date(2026, 8, 19), ["cs.CL", "cs.AI"])
    ids = [c.paper.arxiv_id for c in candidates]
    assert len(ids) == len(set(ids))
    replaced_ids = {arxiv_id for arxiv_id, _ in result.replaced}
    assert not replaced_ids & set(ids), "replacements never become candidates"
    assert candidates[0].announce_type == "new" and candidates[-1].announce_type == "cross"
    assert get_feed_state(db, "cs.AI+cs.CL").etag == '"x"'
    # An older version announced later never overwrites a newer stored one.
    newest = next(i for i in feed.items if (i.version or 0) >= 2)
    older = type(newest)(**{**newest.__dict__, "version": 1, "title": "old title"})
    store_listing(db, "cs.CL", date(2026, 8, 20), [older], now)
    stored = get_paper(db, newest.arxiv_id)
    assert stored is not None and stored.version == newest.version and stored.title != "old title"


async def test_watch_once_fetches_once_and_stores_only_fresh_listings(
    arxiv_server: FakeArxiv,
) -> None:
    db = open_db(None)
    catalog = CatalogWorkers(db)  # in memory: the writes run inline
    pacer = Pacer(0.0)
    url = arxiv_server.rss_url
    wednesday = datetime(2026, 8, 19, 13, tzinfo=UTC)
    arxiv_server.feeds["cs.CL"] = ServedFeed(feed_bytes("new-2024-05-24-cs-cl"))  # empty
    stale = await watch_once(catalog, pacer, url, {"cs.CL"}, wednesday)
    assert stale.verdict is Verdict.STALE and stale.ingest is None
    assert db.table("announcements").count == 0 and db.table("feed_state").count == 0

    arxiv_server.feeds["cs.CL"] = ServedFeed(feed_bytes("new-2026-08-20-cs-cl"), etag='"a"')
    fresh = await watch_once(catalog, pacer, url, {"cs.CL"}, wednesday)
    assert fresh.verdict is Verdict.FRESH and fresh.ingest is not None
    again = await watch_once(catalog, pacer, url, {"cs.CL"}, wednesday)
    assert again.verdict is Verdict.FRESH and not again.fetched
    assert len(arxiv_server.rss_requests()) == 2

    saturday = datetime(2026, 8, 22, 13, tzinfo=UTC)
    weekend = await watch_once(catalog, pacer, url, {"cs.CL"}, saturday)
    assert weekend.verdict is Verdict.NO_ANNOUNCEMENT
    assert len(arxiv_server.rss_requests()) == 2, "no announcement, no request"


def test_a_listing_stored_again_reports_no_replacement_twice() -> None:
    db = open_db(None)
    now = datetime(2026, 8, 19, 13, tzinfo=UTC)
    items = parse_feed(feed_bytes("new-2026-08-20-cs-cl")).items
    replace = next(i for i in items if i.announce_type == "replace" and (i.version or 0) >= 2)
    assert replace.version is not None
    upsert_papers(db, [Paper(replace.arxiv_id, "known", version=replace.version)], now)
    first = store_listing(db, "cs.CL", date(2026, 8, 19), items, now)
    assert (replace.arxiv_id, replace.version) not in first.replaced, "that version was known"
    assert first.replaced, "versions the store did not hold are reported"
    again = store_listing(db, "cs.CL", date(2026, 8, 19), items, now)
    assert again.replaced == [], "claimants hear of a new version once"


def test_feed_papers_get_a_year_and_keep_what_the_api_knew() -> None:
    db = open_db(None)
    now = datetime(2026, 8, 19, 13, tzinfo=UTC)
    items = parse_feed(feed_bytes("new-2026-08-20-cs-cl")).items
    new = next(i for i in items if i.announce_type == "new")
    api = Paper(new.arxiv_id, "API title", version=1, doi="10.1/api", comment="ACL 2026")
    upsert_papers(db, [api], now)
    store_listing(db, "cs.CL", date(2026, 8, 19), items, now)
    stored = get_paper(db, new.arxiv_id)
    assert stored is not None and stored.doi == "10.1/api" and stored.comment == "ACL 2026"
    assert stored.published is not None and stored.published.date() == date(2026, 8, 19)
    assert stored.updated is not None and stored.updated.date() == date(2026, 8, 19)
    query = parse_query(f"year:2026 {new.title.split()[0]}")
    hits = search_catalog(db, query, [], 0).hits
    assert new.arxiv_id in [hit.arxiv_id for hit in hits], "year: finds feed papers"


def test_migration_dates_feed_papers_from_their_first_listing() -> None:
    db = open_db(None)
    now = datetime(2026, 8, 19, 13, tzinfo=UTC)
    items = parse_feed(feed_bytes("new-2026-08-20-cs-cl")).items
    store_listing(db, "cs.CL", date(2026, 8, 19), items, now)
    new = next(i for i in items if i.announce_type == "new")
    db.execute("update papers set published = null")
    m0009_papers_published_from_listings.migrate(db)
    stored = get_paper(db, new.arxiv_id)
    assert stored is not None and stored.published == datetime(2026, 8, 19, tzinfo=UTC)
