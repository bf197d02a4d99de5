"""A listing prepared when it is fetched, then a group's digest: what the semantic ranker costs
the watcher (once per listing, in the background) and what is left for an admin's /digest.

Run: .venv/bin/python -m bench.bench_prepared MODEL_DIR FEED_FILES... [--papers 1000]
e.g. MODEL_DIR from `paperclub model fetch --from-package`, the feeds
../shared/data/arxiv/rss_new_raw/Luvata_arxive/2026-08-20-cs-*.xml.gz (1,135 items, four
categories). Prints what the bot's background round costs once the seed catalog is stored (its
model and its entries' vectors, jobs/digest/build.py refresh_models), the preparation's CPU and
wall time, then the digest's wall time for a group with the club's keywords and that catalog
(the part a /digest waits for, without Telegram).
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from bench.relevance_cases import CLUB_KEYWORDS
from bot.outbound.digest_pages import DigestPages
from jobs.arxiv.feeds import merge_feeds, parse_feed
from jobs.digest.build import DigestBuilder
from jobs.rank.semantic import semantic_ranker
from store.catalog import import_catalog
from store.db import Database, open_db
from store.feeds import listing_candidates, store_listing
from store.groups import ensure_group, get_group, update_group

NOW = datetime(2026, 8, 20, 9, tzinfo=UTC)
CHAT = -100


def store_feeds(db: Database, feeds: list[Path], papers: int) -> tuple[date, list[str]]:
    """The recorded feeds' first `papers` items stored as one listing, and a group tracking
    its categories; the listing's date and the categories."""
    feed = merge_feeds([parse_feed(gzip.decompress(f.read_bytes())) for f in feeds])
    if feed.listing_date is None:
        raise SystemExit("the feeds carry no listing date")
    categories = sorted({c for item in feed.items for c in item.categories[:1]})
    store_listing(db, "+".join(categories), feed.listing_date, feed.items[:papers], NOW)
    ensure_group(db, CHAT, "club", "supergroup", "UTC", NOW)
    update_group(db, CHAT, NOW, categories=categories)
    return feed.listing_date, categories


async def measure(model: Path, feeds: list[Path], papers: int, seed: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "club.db"
        db = open_db(path)
        listing, categories = store_feeds(db, feeds, papers)
        update_group(db, CHAT, NOW, keywords=list(CLUB_KEYWORDS))
        import_catalog(db, CHAT, seed, NOW)  # the club's catalog
        count = len(listing_candidates(db, listing, categories))
        builder = DigestBuilder(db, DigestPages(db), semantic=semantic_ranker(model, path))
        try:
            cpu, wall = time.process_time(), time.perf_counter()
            await builder.refresh_models()  # the round the bot runs after a catalog change
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            entries = builder.vectors.encoded if builder.vectors is not None else 0
            print(
                f"catalog stored, then the background round: its model and {entries} entries' "
                f"vectors in {cpu:.1f} s CPU, {wall:.1f} s wall"
            )
            cpu, wall = time.process_time(), time.perf_counter()
            await builder.prepare(listing)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            print(
                f"listing of {count} candidates prepared: {cpu:.1f} s CPU, {wall:.1f} s wall; "
                f"per 1,000 papers {cpu * 1000 / count:.1f} s CPU"
            )
            group = get_group(db, CHAT)
            if group is None:
                raise SystemExit("no group")
            wall = time.perf_counter()
            found = await builder.choose(group, listing, NOW)
            wall = time.perf_counter() - wall
            shown = len(found[1]) if found else 0
            print(
                f"then a digest ({shown} items, the seed catalog): {wall:.2f} s wall "
                "(target: a /digest within 10 s once the listing was fetched)"
            )
        finally:
            builder.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path)
    parser.add_argument("feeds", nargs="+", type=Path)
    parser.add_argument("--papers", type=int, default=1000)
    parser.add_argument(
        "--seed", type=Path, default=Path("../shared/seeds/llms-paper-study-club-notes.txt")
    )
    args = parser.parse_args()
    seed = args.seed.read_text(encoding="utf-8")
    asyncio.run(measure(args.model, args.feeds, args.papers, seed))


if __name__ == "__main__":
    main()
