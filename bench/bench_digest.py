"""A real announcement day through the digest pipeline: parse, store, rank, and peak memory.

Run: .venv/bin/python -m bench.bench_digest \
         ../shared/data/arxiv/rss_new_raw/Luvata_arxive/2026-08-20-cs-*.xml.gz
Options: --catalog FILE (JSON lines with title/abstract; default: the shared normalized
listings) to build the 5,000-note catalog from real titles and abstracts; --runs N.
Prints: feedparser alone vs parse_feed + store_listing (targets ingest ≤ 1.5× feedparser),
ranking 2,000 candidates against 5,000 catalog entries, the best 50 explained as a digest does
(target ≤ 200 ms; the listing index and the catalog model are built once and shared, and timed
apart), and peak memory.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import feedparser

from jobs.arxiv.categories import feed_key
from jobs.arxiv.feeds import merge_feeds, parse_feed
from jobs.rank.lexical import (
    EXPLAINED,
    CatalogEntry,
    RankInput,
    build_catalog_model,
    build_listing_index,
    rank,
)
from store.db import open_db
from store.feeds import store_listing

DEFAULT_CATALOG = Path(__file__).resolve().parents[2] / (
    "shared/data/arxiv/listings/normalized/listings_2023-12-14_2024-01-16.normalized.jsonl.gz"
)
KEYWORDS = ["lora", "retrieval augmented", "agent", "检索增强", "-survey"]


def median_time(
    runs: int, work: Callable[[], object], clock: Callable[[], float] = time.perf_counter
) -> float:
    """Median time of `runs` calls, in seconds: wall time, or CPU with time.process_time (on a
    shared machine the CPU time is the steadier figure)."""
    times = []
    for _ in range(runs):
        start = clock()
        work()
        times.append(clock() - start)
    return statistics.median(times)


def read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def ingest(bodies: list[bytes]) -> int:
    feeds = [parse_feed(body) for body in bodies]
    merged = merge_feeds(feeds)
    db = open_db(None)
    key = feed_key(c for feed in feeds for c in feed.categories)
    assert merged.listing_date is not None
    now = datetime.now(UTC)
    return store_listing(db, key, merged.listing_date, merged.items, now).papers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("feeds", nargs="+", type=Path)
    parser.add_argument("--catalog", type=Path, default=DEFAULT_CATALOG)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    bodies = [read(path) for path in args.feeds]
    size = sum(len(b) for b in bodies)

    parse_only = median_time(args.runs, lambda: [feedparser.parse(b) for b in bodies])
    papers = ingest(bodies)
    parse_store = median_time(args.runs, lambda: ingest(bodies))

    docs: dict[str, dict[str, str]] = {}
    with gzip.open(args.catalog, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row.get("abstract") and row["id"] not in docs:
                docs[row["id"]] = row
    day = merge_feeds([parse_feed(b) for b in bodies]).items
    candidates = [
        RankInput(i.arxiv_id, i.title, i.abstract, i.announce_type, i.position)
        for i in day
        if i.announce_type in ("new", "cross")
    ]
    rest = [d for d in docs.values() if d["id"] not in {c.arxiv_id for c in candidates}]
    filler = rest[: 2000 - len(candidates)]
    candidates += [
        RankInput(d["id"], d["title"], d["abstract"], "new", len(candidates) + n)
        for n, d in enumerate(filler)
    ]
    used = {c.arxiv_id for c in candidates}
    catalog = [
        CatalogEntry(d["id"], f"{d['title']} {d['abstract']}")
        for d in docs.values()
        if d["id"] not in used
    ][:5000]
    build = median_time(args.runs, lambda: build_catalog_model(catalog))
    model = build_catalog_model(catalog)
    index_time = median_time(args.runs, lambda: build_listing_index(candidates))
    index = build_listing_index(candidates)
    ranking = median_time(args.runs, lambda: rank(index, model, KEYWORDS, explain_top=EXPLAINED))
    ranking_cpu = median_time(
        args.runs, lambda: rank(index, model, KEYWORDS, explain_top=EXPLAINED), time.process_time
    )

    tracemalloc.start()
    ingest(bodies)
    rank(
        build_listing_index(candidates),
        build_catalog_model(catalog),
        KEYWORDS,
        explain_top=EXPLAINED,
    )
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"feeds: {len(bodies)} files, {size / 1e6:.2f} MB, {papers} papers stored")
    print(f"{'step':<44} {'median':>10}")
    print(f"{'feedparser.parse alone':<44} {parse_only * 1000:>8.0f} ms")
    ratio = parse_store / parse_only
    print(
        f"{'parse_feed + merge + store_listing':<44} {parse_store * 1000:>8.0f} ms  ({ratio:.2f}×)"
    )
    print(f"{'build catalog model (once per catalog)':<44} {build * 1000:>8.0f} ms")
    label = f"index {len(candidates):,} candidates (once per listing)"
    print(f"{label:<44} {index_time * 1000:>8.0f} ms")
    label = f"rank {len(candidates):,} candidates vs {len(catalog):,} entries"
    print(f"{label:<44} {ranking * 1000:>8.0f} ms  ({ranking_cpu * 1000:.0f} ms CPU)")
    print(f"{'  all three (nothing cached)':<44} {(build + index_time + ranking) * 1000:>8.0f} ms")
    print(f"{'peak traced memory (ingest + rank)':<44} {peak / 1e6:>8.1f} MB")
    print(f"{'max RSS of the process':<44} {rss:>8.1f} MB")


if __name__ == "__main__":
    main()
