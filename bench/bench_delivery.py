"""100 groups' digests at the same moment, through the real Application and the fake Bot API.

Run: .venv/bin/python -m bench.bench_delivery [--groups 100] [--big 33] [--notes 5000]
     [--stale [--due 60]]
Every group tracks cs.CL with a digest of three parts; a third of them (--big) have catalogs of
5,000 notes, each group its own sample of the real titles and abstracts in
../shared/data/arxiv/listings/normalized. Two listings are delivered in turn, stored from the
recorded feeds of 2024-03-13 and 2024-03-14 (../shared/data/arxiv/rss_new_raw).

The notes are written straight into the catalog, as an import does; the running bot brings the
changed catalogs' models up to date in the background soon after (jobs/digest/build.py
refresh_models), and that round is timed first, on its own. With --stale the catalogs changed
while the bot was stopped and the first digests are due --due seconds after start: the bot's
own start round (on the real JobQueue) brings models up to date meanwhile, and the bench fires
the digests when they are due or when that round is done, whichever comes first; --due 0 is the
worst case, digests built with every model stale. All groups' daily jobs fire at once (every
new group defaults to 09:00).

Printed per day: the time until the last message next to Telegram's floor (30 messages/s
overall; target <= 1.5x), messages lost and doubled (target 0 and 0), and the bot process's
peak RSS (target <= 200 MB). The catalog is built in this process; the bot runs in a child
process, so its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from pathlib import Path

from jobs.arxiv.feeds import parse_feed
from store.catalog_models import stale_models
from store.db import Database, open_db
from store.digest_costs import catalog_size
from store.digests import get_digest
from store.feeds import store_listing
from store.groups import active_groups, ensure_group, update_group

SHARED = next(
    (p / "shared/data/arxiv" for p in Path(__file__).resolve().parents if (p / "shared").is_dir()),
    Path("../shared/data/arxiv"),
)
NOTES = SHARED / "listings/normalized/listings_2023-12-14_2024-01-16.normalized.jsonl.gz"
FEEDS = [SHARED / "rss_new_raw/Luvata_arxive" / f"2024-03-{d}-cs-cl.xml.gz" for d in (13, 14)]
DIGEST_SIZE = 20  # three parts of the recorded cs.CL days
TELEGRAM_RATE = 30.0  # messages per second, all chats together


def build_catalog(path: Path, groups: int, big: int, notes: int) -> None:
    """The catalog file: the groups, and the big groups' notes."""
    db = open_db(path)
    now = datetime(2024, 3, 10, tzinfo=UTC)
    with gzip.open(NOTES, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    chooser = random.Random(8)
    for n in range(groups):
        chat_id = -1_000_000_000_000 - n
        ensure_group(db, chat_id, f"club {n}", "supergroup", "UTC", now)
        # 23:00: no catch-up at start; the bench fires the jobs itself
        update_group(db, chat_id, now, digest_size=DIGEST_SIZE, digest_time="23:00")
        if n % max(1, groups // big) == 0 and n // max(1, groups // big) < big:
            add_notes(db, chat_id, chooser.sample(rows, notes), now)
    db.close()


def store_day(db: Database, feed_path: Path) -> date:
    """Store one recorded feed as the watcher does; its listing date."""
    feed = parse_feed(gzip.decompress(feed_path.read_bytes()))
    assert feed.listing_date is not None
    store_listing(db, "cs.CL", feed.listing_date, feed.items, datetime.now(UTC))
    return feed.listing_date


def add_notes(db: Database, chat_id: int, rows: list[dict[str, str]], now: datetime) -> None:
    """Notes as an import stores them: the title, and the abstract as the body."""
    with db.atomic():
        db.table("notes").insert_all(
            {
                "chat_id": chat_id,
                "entry_key": row["id"],
                "author_name": "club catalog",
                "revision": 1,
                "created_at": now.isoformat(),
                "title": row["title"],
                "body": row["abstract"],
                "raw_text": f"{row['title']}\n{row['abstract']}",
                "source": "import",
            }
            for row in rows
        )


async def deliver(path: Path, stale: bool, due: float) -> list[dict[str, object]]:
    """In the child: run the bot, fire every group's digest job at once, once per listing."""
    from bot.cli.malloc_arenas import limit_malloc_arenas

    limit_malloc_arenas()  # as `paperclub run` does
    from tests.fakes.arxiv import FakeArxiv
    from tests.fakes.telegram import Chat, FakeTelegram
    from tests.harness import TOKEN, make_settings, running_bot

    db = open_db(path)
    chats = [g.chat_id for g in active_groups(db)]
    big = {chat for chat in chats if catalog_size(db, chat) > 0}
    moment = [datetime(2024, 3, 12, 13, tzinfo=UTC)]
    clock: Callable[[], datetime] = lambda: moment[0]  # noqa: E731
    arxiv = FakeArxiv().start()
    telegram = FakeTelegram(TOKEN)
    for chat in chats:
        telegram.chats[chat] = Chat(chat, "supergroup", title=f"club {chat}")
    settings = make_settings(path.parent, arxiv, db_path=path)
    results = []
    try:
        async with running_bot(settings, telegram, arxiv, db=db, clock=clock) as bot:
            work = bot.app.bot_data.work
            started = time.perf_counter()
            if stale:  # the bot's start round runs by itself until the digests are due
                # the bot's own job, with no event of this bench's to wait on
                while time.perf_counter() - started < due and stale_models(db):  # noqa: ASYNC110
                    await asyncio.sleep(0.1)
                refreshed = work.builder.models.built
            else:
                refreshed = await work.builder.refresh_models()
            results.append(
                {
                    "refreshed": refreshed,
                    "seconds": time.perf_counter() - started,
                    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                }
            )
            for feed_path in FEEDS:
                listing = store_day(db, feed_path)
                moment[0] = datetime(listing.year, listing.month, listing.day, 13, tzinfo=UTC)
                before = {chat: len(telegram.messages(chat)) for chat in chats}
                built = work.builder.models.built
                jobs = [
                    bot.app.job_queue.get_jobs_by_name(work.digest_schedule.job_name(chat))[0]
                    for chat in chats
                ]
                started = time.perf_counter()
                finished: dict[int, float] = {}
                await asyncio.gather(
                    *(
                        timed(job.run(bot.app), chat, started, finished)
                        for job, chat in zip(jobs, chats, strict=True)
                    )
                )
                elapsed = max(finished.values())
                small = [finished[c] for c in chats if c not in big]
                expected = {
                    chat: record.parts_total if record is not None else 0
                    for chat in chats
                    for record in [get_digest(db, chat, listing)]
                }
                posted = {chat: len(telegram.messages(chat)) - before[chat] for chat in chats}
                results.append(
                    {
                        "listing": listing.isoformat(),
                        "seconds": elapsed,
                        "messages": sum(posted.values()),
                        "expected": sum(expected.values()),
                        "lost": sum(max(0, expected[c] - posted[c]) for c in chats),
                        "doubled": sum(max(0, posted[c] - expected[c]) for c in chats),
                        "models_built": work.builder.models.built - built,
                        "groups": len(chats),
                        "three_parts": sum(1 for c in chats if expected[c] == 3),
                        "small_done": max(small, default=0.0),
                        "median_done": statistics.median(finished.values()),
                    }
                )
    finally:
        arxiv.stop()
    results[-1]["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return results


async def timed(
    run: Awaitable[object], chat: int, started: float, finished: dict[int, float]
) -> None:
    """Run a group's digest job (it returns after the last part) and note when it ended."""
    await run
    finished[chat] = time.perf_counter() - started


def main() -> None:
    """Build the catalog, deliver in a child process, print one line per day."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=100)
    parser.add_argument("--big", type=int, default=33, help="groups with large catalogs")
    parser.add_argument("--notes", type=int, default=5000, help="notes in a large catalog")
    parser.add_argument("--stale", action="store_true", help="catalogs changed while stopped")
    parser.add_argument(
        "--due", type=float, default=60.0, help="with --stale: seconds from start to digests"
    )
    parser.add_argument("--deliver", type=Path, help=argparse.SUPPRESS)  # the child's part
    args = parser.parse_args()
    if args.deliver:
        print(json.dumps(asyncio.run(deliver(args.deliver, args.stale, args.due))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "paperclub.db"
        started = time.perf_counter()
        build_catalog(path, args.groups, args.big, args.notes)
        setup = time.perf_counter() - started
        child = subprocess.run(
            [sys.executable, "-m", "bench.bench_delivery", "--deliver", str(path)]
            + (["--stale", "--due", str(args.due)] if args.stale else []),
            capture_output=True,
            text=True,
            check=True,
        )
        refresh, *results = json.loads(child.stdout.strip().splitlines()[-1])
    print(
        f"{args.groups} groups, {args.big} with {args.notes:,}-note catalogs, digests of "
        f"{DIGEST_SIZE} papers (catalog built in {setup:.0f} s, not timed below)"
    )
    if args.stale:
        print(
            f"  catalogs changed while the bot was stopped (--stale), digests due {args.due:.0f} s "
            f"after start: the start round built {refresh['refreshed']:.0f} models by then, "
            f"{refresh['seconds']:.1f} s after start (peak RSS {refresh['peak_mb']:.0f} MB)"
        )
    else:
        print(
            f"  models brought up to date after the import, in the background before digest "
            f"time: {refresh['refreshed']:.0f} built in {refresh['seconds']:.1f} s "
            f"(peak RSS by then {refresh['peak_mb']:.0f} MB)"
        )
    for label, result in zip(("day 1", "day 2"), results, strict=True):
        floor = float(result["expected"]) / TELEGRAM_RATE
        print(
            f"  listing {result['listing']} ({label}: {result['models_built']:.0f} models built): "
            f"last message after {result['seconds']:.1f} s, floor {floor:.1f} s "
            f"({float(result['seconds']) / floor:.2f}x, target <= 1.5x); "
            f"{result['messages']:.0f} of {result['expected']:.0f} messages "
            f"({result['three_parts']:.0f} groups in 3 parts), "
            f"lost {result['lost']:.0f}, doubled {result['doubled']:.0f}"
        )
        print(
            f"    groups done: median after {result['median_done']:.1f} s; every group without "
            f"a large catalog after {result['small_done']:.1f} s"
        )
    print(f"  peak RSS of the bot process: {results[-1]['peak_mb']:.0f} MB (target <= 200 MB)")


if __name__ == "__main__":
    main()
