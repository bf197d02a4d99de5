"""Digests built once per listing: the listing index is shared by every group tracking the
same categories, a group without a catalog has no model (tests/unit/test_catalog_models.py: how a
model is kept), and a stored part learns what it shows without loading the listing."""

from __future__ import annotations

import asyncio
import gzip
from datetime import UTC, date, datetime
from pathlib import Path

from bot.outbound.digest_pages import DigestPages
from jobs.arxiv.feeds import merge_feeds, parse_feed
from jobs.digest.build import DigestBuilder
from jobs.digest.turns import CheapestFirst
from store.db import Database
from store.digests import get_digest
from store.feeds import listing_candidates, store_listing
from store.groups import ensure_group, get_group, update_group
from store.listing_facts import cross_listed, listing_size
from tests.harness import built_once
from tests.search_data import add_note

FEEDS = Path(__file__).parents[1] / "fixtures" / "feeds"
NOW = datetime(2026, 8, 20, 9, tzinfo=UTC)
LISTING = date(2026, 8, 19)  # the feeds of file date D carry the listing of D-1


def stored_day(tmp_path: Path) -> Database:
    """The recorded cs.CL and cs.AI feeds of one day, stored as the watcher stores them
    (once per session, copied for each test)."""
    return built_once("cs.AI+cs.CL 2026-08-20", store_day, tmp_path / "club.db")


def store_day(db: Database) -> None:
    feeds = [
        parse_feed(gzip.decompress((FEEDS / f"new-2026-08-20-{c}.xml.gz").read_bytes()))
        for c in ("cs-cl", "cs-ai")
    ]
    merged = merge_feeds(feeds)
    assert merged.listing_date is not None
    store_listing(db, "cs.AI+cs.CL", merged.listing_date, merged.items, NOW)


def group(db: Database, chat_id: int, *categories: str) -> None:
    ensure_group(db, chat_id, f"club {chat_id}", "supergroup", "UTC", NOW)
    update_group(db, chat_id, NOW, categories=list(categories))


async def test_groups_share_the_listing_index_and_keep_their_models(tmp_path: Path) -> None:
    db = stored_day(tmp_path)
    for chat_id in (-1, -2):
        group(db, chat_id, "cs.CL")
    group(db, -3, "cs.CL", "cs.AI")
    add_note(db, -1, "LoRA adapters for retrieval augmented generation", title="LoRA notes")
    builder = DigestBuilder(db, DigestPages(db))
    try:
        for chat_id in (-1, -2, -3):
            stored = get_group(db, chat_id)
            assert stored is not None
            assert await builder(stored, LISTING, NOW)
            record = get_digest(db, chat_id, LISTING)
            assert record is not None and len(record.items) == 10
        assert builder.indexed == 2, "one index for cs.CL (two groups), one for cs.AI+cs.CL"
        assert builder.models.built == 1, "groups without a catalog build no model"
    finally:
        builder.close()


async def test_builds_take_turns_cheapest_first() -> None:
    turns = CheapestFirst()
    order: list[int] = []
    release = asyncio.Event()

    async def build(cost: int, hold: bool = False) -> None:
        async with turns.turn(cost):
            order.append(cost)
            if hold:
                await release.wait()

    first = asyncio.create_task(build(0, hold=True))
    await asyncio.sleep(0)  # the first build holds the turn
    waiting = [asyncio.create_task(build(cost)) for cost in (5000, 10, 300)]
    await asyncio.sleep(0)
    release.set()
    await asyncio.gather(first, *waiting)
    assert order == [0, 10, 300, 5000]


def test_listing_facts_agree_with_the_listing(tmp_path: Path) -> None:
    db = stored_day(tmp_path)
    for categories in (["cs.CL"], ["cs.AI"], ["cs.CL", "cs.AI"]):
        candidates = listing_candidates(db, LISTING, categories)
        ids = [c.paper.arxiv_id for c in candidates]
        assert listing_size(db, LISTING, categories) == len(candidates)
        crossed = {c.paper.arxiv_id for c in candidates if c.announce_type == "cross"}
        assert crossed and cross_listed(db, LISTING, categories, ids) == crossed
