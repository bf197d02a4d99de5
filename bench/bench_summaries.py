"""Summaries for 100 groups sharing one listing: requests made against the distinct (paper,
language) pairs the groups are shown, tokens per paper, and digest build time while the
provider hangs.

Run: .venv/bin/python -m bench.bench_summaries [--groups 100]
The listing is the recorded cs.CL + cs.AI day of tests/fixtures/feeds (2026-08-19); half the
groups read Chinese, half English, each with one keyword of KEYWORDS, so they are shown
different papers. The provider is tests/fakes/openai.py on a loopback port, through the real
`openai` SDK. Tokens per paper are estimated from the real prompts: prompt characters / 4
(the system prompt and the abstract are English) plus ANSWER_TOKENS for the answer.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from bot.outbound.digest_pages import DigestPages
from jobs.arxiv.feeds import merge_feeds, parse_feed
from jobs.digest.build import DigestBuilder
from jobs.summaries.listing import ListingSummaries
from jobs.summaries.prompt import summary_messages
from jobs.summaries.provider import ChatProvider
from jobs.summaries.summarizer import Summarizer
from store.db import open_db
from store.feeds import store_listing
from store.groups import active_groups, ensure_group, update_group
from store.summaries import get_usage
from store.workers import CatalogWorkers
from tests.fakes.openai import FakeProvider

FEEDS = Path(__file__).parents[1] / "tests" / "fixtures" / "feeds"
NOW = datetime(2026, 8, 20, 9, tzinfo=UTC)
LISTING = date(2026, 8, 19)
KEYWORDS = ["lora", "retrieval", "agent", "reasoning", "alignment", "speech", "translation",
            "benchmark", "multimodal", "efficient"]  # fmt: skip
ANSWER_TOKENS = {"en": 80, "zh": 130}  # one or two sentences; Chinese costs more per idea


def build(path: Path, groups: int) -> None:
    db = open_db(path)
    feeds = [
        parse_feed(gzip.decompress((FEEDS / f"new-2026-08-20-{c}.xml.gz").read_bytes()))
        for c in ("cs-cl", "cs-ai")
    ]
    merged = merge_feeds(feeds)
    store_listing(db, "cs.AI+cs.CL", LISTING, merged.items, NOW)
    for n in range(groups):
        chat_id = -1000 - n
        ensure_group(db, chat_id, f"club {n}", "supergroup", "UTC", NOW)
        update_group(db, chat_id, NOW, categories=["cs.CL", "cs.AI"],
                     keywords=[KEYWORDS[n % len(KEYWORDS)]],
                     language="zh" if n % 2 else "en")  # fmt: skip
    db.close()


async def run(groups: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-summaries-"))
    build(folder / "club.db", groups)
    db = open_db(folder / "club.db")
    catalog = CatalogWorkers(db)
    fake = FakeProvider()
    url = await fake.start()
    builder = DigestBuilder(db, DigestPages(db, summaries=True), catalog=catalog)
    provider = ChatProvider(url, "sk-bench", "fake", deadline=30)
    summarizer = Summarizer(catalog, provider, lambda: NOW, 10_000_000)
    summaries = ListingSummaries(catalog, builder, summarizer, lambda: NOW)
    try:
        pairs: set[tuple[str, str]] = set()
        prompts: dict[tuple[str, str], int] = {}
        for group in active_groups(db):
            for chosen in await builder.preview(group, LISTING, NOW):
                key = (chosen.paper.arxiv_id, group.language)
                pairs.add(key)
                messages = summary_messages(chosen.paper.title, chosen.paper.abstract, key[1])
                prompts[key] = sum(len(m["content"]) for m in messages) // 4
        started = time.perf_counter()
        await summaries.prepare(LISTING)
        await summarizer.idle()
        made = time.perf_counter() - started
        usage = get_usage(db, NOW.date())
        print(f"groups: {groups}, distinct (paper, language) pairs shown: {len(pairs)}")
        print(f"provider requests: {len(fake.requests)} (usage table: {usage.requests}), "
              f"summaries made in {made:.1f} s")  # fmt: skip
        for language in ("en", "zh"):
            tokens = [p + ANSWER_TOKENS[language] for (_, lang), p in prompts.items()
                      if lang == language]  # fmt: skip
            if tokens:
                mean = sum(tokens) / len(tokens)
                answer = ANSWER_TOKENS[language]
                print(
                    f"tokens per paper ({language}, estimated): mean {mean:.0f}, "
                    f"max {max(tokens)} (prompt chars/4 + {answer} answer)"
                )

        # Delivery with no provider, then with it hanging: every group's digest built, written.
        async def build_all() -> float:
            started = time.perf_counter()
            for group in active_groups(db):
                await builder(group, LISTING, NOW)
            took = time.perf_counter() - started
            db.execute("delete from digest_items")
            db.execute("delete from digests")
            return took

        calm = await build_all()
        db.execute("delete from summaries")
        fake.hang()
        summarizer.want([c.paper for c in await builder.preview(
            active_groups(db)[0], LISTING, NOW)], "en")  # fmt: skip
        hanging = await build_all()
        fake.release()
        print(f"{groups} digests built: {hanging:.2f} s with the provider hanging, "
              f"{calm:.2f} s with no provider")  # fmt: skip
    finally:
        await fake.stop()
        builder.close()
        catalog.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--groups", type=int, default=100)
    args = parser.parse_args()
    asyncio.run(run(args.groups))


if __name__ == "__main__":
    main()
