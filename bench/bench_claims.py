"""The /claim round trip through the fake Bot API, and importing the club's larger seed catalog.

Run: .venv/bin/python -m bench.bench_claims [--claims 60] [--gap 0.05] [--imports 5]
The bot runs as in production (real Application, request layer, rate limiter, poller) against
the in-process fake Bot API. Members send `/claim <id>` about 50 ms apart (the rate limiter is
real, so a burst would measure its queue, not the bot); a round trip is from the member's send
to the bot's reply being posted. The import is `import_catalog` of
tests/fixtures/seeds/llms-paper-study-club-notes.txt into a fresh on-disk catalog (WAL).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from store.catalog import import_catalog
from store.db import open_db
from store.groups import ensure_group
from store.papers import Paper, upsert_papers
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.telegram import FakeTelegram
from tests.harness import TOKEN, make_settings, running_bot

SEED = (
    Path(__file__).resolve().parent.parent / "tests/fixtures/seeds/llms-paper-study-club-notes.txt"
)
NOW = datetime(2026, 11, 21, 9, tzinfo=UTC)


async def claim_round_trips(
    count: int, gap: float, folder: Path, per_group: int
) -> tuple[list[float], list[float]]:
    """Seconds from each /claim to the bot's reply: within each group's burst allowance, then
    in one group past it (python-telegram-bot's limiter holds a group to 20 messages a minute,
    as Telegram asks)."""
    arxiv = FakeArxiv().start()
    telegram = FakeTelegram(TOKEN)
    settings = make_settings(folder, arxiv)
    fresh: list[float] = []
    busy: list[float] = []
    try:
        async with running_bot(settings, telegram, arxiv) as bot:
            papers = [Paper(f"2401.{10000 + n}", f"Paper {n}") for n in range(count + 10)]
            upsert_papers(bot.db, papers, NOW)
            members = [telegram.user(f"Member{n}") for n in range(8)]
            groups = [telegram.group(f"club {n}") for n in range(-(-count // per_group))]
            for group in groups:  # each group exists before timing
                await telegram.send(group, members[0], "/help")
                await telegram.next_reply(group)
            for n, paper in enumerate(papers):
                group = groups[n // per_group] if n < count else groups[-1]
                started = time.perf_counter()
                await telegram.send(group, members[n % len(members)], f"/claim {paper.arxiv_id}")
                reply = await telegram.next_reply(group, timeout=30)
                (fresh if n < count else busy).append(time.perf_counter() - started)
                assert "presents this paper" in reply.text, reply.text
                await asyncio.sleep(gap)
    finally:
        arxiv.stop()
    return fresh, busy


def import_times(runs: int, folder: Path) -> tuple[list[float], int]:
    """Seconds to import the larger seed into a fresh catalog, per run; and its entry count."""
    text = SEED.read_text(encoding="utf-8")
    times: list[float] = []
    entries = 0
    for run in range(runs):
        db = open_db(folder / f"import{run}.db")
        ensure_group(db, -100, "club", "supergroup", "UTC", NOW)
        started = time.perf_counter()
        report = import_catalog(db, -100, text, NOW)
        times.append(time.perf_counter() - started)
        entries = report.entries
        db.close()
    return times, entries


def main() -> None:
    """Measure both and print one small table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=60)
    parser.add_argument("--per-group", type=int, default=15, help="claims per group (< 20)")
    parser.add_argument("--gap", type=float, default=0.05, help="seconds between commands")
    parser.add_argument("--imports", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        fresh, busy = asyncio.run(
            claim_round_trips(args.claims, args.gap, Path(tmp), args.per_group)
        )
        imports, entries = import_times(args.imports, Path(tmp))
    print(f"/claim round trip, fake Bot API, commands {args.gap * 1000:.0f} ms apart")
    for label, values in (
        (f"{len(fresh)} claims, {args.per_group} per group", fresh),
        (f"{len(busy)} more in a group past 20 msgs/min", busy),
    ):
        ms = sorted(t * 1000 for t in values)
        p95 = ms[max(0, round(0.95 * len(ms)) - 1)]
        print(f"  {label:38} median {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms")
    print(f"import of {SEED.name} ({entries} entries, fresh WAL catalog, {args.imports} runs)")
    print(
        f"  median {statistics.median(imports) * 1000:.0f} ms   "
        f"best {min(imports) * 1000:.0f} ms   worst {max(imports) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
