"""How long a member of one group waits while another group's catalog work is heavy, with the
catalog's worker threads (store/workers.py) and with every call inline on the event loop (as
before them).

Run: .venv/bin/python -m bench.bench_catalog_loop [../shared/data/arxiv] [--papers N] [--notes N]
The bot runs as in production (real Application, request layer, rate limiter, poller) against
the in-process fake Bot API, over a catalog of real arXiv titles and abstracts (re-combined,
see bench_search) with one big group's notes. In the big group a member sends /export and
/search one after another; meanwhile another member, in a private chat with the bot (Telegram's
per-group limit of 20 messages a minute would otherwise be what we measure), sends /help and
/mine every 50 ms. Prints, for each mode, that member's round trips (p50, p95, max) and the
heavy commands' own times; then the plain per-command cost (50 /mine, nothing else running).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.bench_search import load_records, make_papers, seed_paragraphs
from store.db import Database, open_db
from store.groups import ensure_group
from store.papers import paper_row
from store.workers import CatalogWorkers
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.telegram import Chat, FakeTelegram, User
from tests.harness import TOKEN, RunningBot, make_settings, running_bot

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)
DATA = next(
    (p / "shared/data/arxiv" for p in Path(__file__).resolve().parents if (p / "shared").is_dir()),
    Path("../shared/data/arxiv"),
)
HEAVY = ["/export", "/search language model", "/export", "/search 大模型 微调", "/export"]


def build(db: Database, data: Path, big_chat: int, papers: int, notes: int) -> None:
    """Papers from real listing text, and `notes` notes in the big group, through the store's
    tables (the index triggers run for every row)."""
    rng = random.Random(8)
    ensure_group(db, big_chat, "Big club", "supergroup", "UTC", NOW)
    catalog = make_papers(load_records(data), papers, rng)
    with db.atomic():
        db.table("papers").upsert_all((paper_row(p, NOW) for p in catalog), pk="arxiv_id")
    chinese = seed_paragraphs()
    rows = []
    for number in range(notes):
        paper = catalog[number % len(catalog)]
        text = rng.choice(chinese) if number % 4 == 0 else paper.abstract[:600]
        rows.append(
            {
                "chat_id": big_chat,
                "arxiv_id": paper.arxiv_id,
                "entry_key": paper.arxiv_id,
                "author_id": 1000 + number % 50,
                "author_name": f"member {number % 50}",
                "revision": 1,
                "created_at": NOW.isoformat(),
                "title": paper.title,
                "raw_text": text,
                "source": "telegram",
            }
        )
    with db.atomic():
        db.table("notes").insert_all(rows, batch_size=1000)


async def round_trip(telegram: FakeTelegram, chat: Chat, user: User, text: str) -> float:
    """Seconds from the member's send to the bot's next message in the chat (one member per
    chat at a time here, so it is the answer)."""
    seen = len(telegram.messages(chat))
    started = time.perf_counter()
    await telegram.send(chat, user, text)
    await telegram.wait_for(lambda: len(telegram.messages(chat)) > seen, 120)
    return time.perf_counter() - started


async def heavy_and_light(
    bot: RunningBot, big: Chat, small: Chat
) -> tuple[list[float], list[float]]:
    """The heavy commands' times, and the other chat's round trips meanwhile."""
    telegram = bot.telegram
    ada, bo = telegram.user("Ada"), telegram.user("Bo")
    done = asyncio.Event()
    light: list[float] = []

    async def other_member() -> None:
        commands = ["/help", "/mine"]
        while not done.is_set():
            light.append(await round_trip(telegram, small, bo, commands[len(light) % 2]))
            await asyncio.sleep(0.05)  # a member's pace, not a measurement wait

    meanwhile = asyncio.create_task(other_member())
    heavy = [await round_trip(telegram, big, ada, text) for text in HEAVY]
    done.set()
    await meanwhile
    return heavy, light


async def run(folder: Path, data: Path, papers: int, notes: int, inline: bool) -> dict[str, object]:
    arxiv = FakeArxiv().start()
    telegram = FakeTelegram(TOKEN)
    settings = make_settings(folder, arxiv)
    big = telegram.group("Big club")
    try:
        db = open_db(settings.db_path)
        if not (folder / "built").exists():
            build(db, data, big.id, papers, notes)
            (folder / "built").touch()
        async with running_bot(settings, telegram, arxiv, db=db) as bot:
            if inline:  # every call on the loop's own connection, as before the workers
                bot.services.catalog.close()
                bot.services.catalog = CatalogWorkers(db, inline=True)
            ada, bo = telegram.user("Ada"), telegram.user("Bo")
            small = telegram.private_chat(bo)
            await round_trip(telegram, big, ada, "/help")  # both chats met before timing
            await round_trip(telegram, big, bo, "/help")
            await round_trip(telegram, small, bo, "/help")
            heavy, light = await heavy_and_light(bot, big, small)
            quiet = [await round_trip(telegram, small, bo, "/mine") for _ in range(50)]
    finally:
        arxiv.stop()
    return {"heavy": heavy, "light": light, "quiet": quiet}


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    median = statistics.median(ordered)
    return (
        f"p50 {median * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms  max {ordered[-1] * 1000:7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, nargs="?", default=DATA)
    parser.add_argument("--papers", type=int, default=20_000)
    parser.add_argument("--notes", type=int, default=5_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        print(f"catalog: {args.papers:,} papers; the big group has {args.notes:,} notes")
        for inline in (True, False):
            result = asyncio.run(run(folder, args.data, args.papers, args.notes, inline))
            mode = "inline on the event loop (before)" if inline else "catalog workers (now)"
            heavy, light, quiet = result["heavy"], result["light"], result["quiet"]
            assert isinstance(heavy, list) and isinstance(light, list) and isinstance(quiet, list)
            print(f"\n{mode}")
            print(f"  big group, {' | '.join(HEAVY)}:")
            print("    " + ", ".join(f"{t:.2f} s" for t in heavy))
            print(f"  another chat meanwhile, {len(light):3} round trips: {summary(light)}")
            print(f"  /mine, nothing else running, 50 round trips: {summary(quiet)}")


if __name__ == "__main__":
    main()
