"""Web catalog speed: the pages `paperclub web` serves, over the seed plus N synthetic papers.

Run: .venv/bin/python -m bench.bench_web [--papers 20000] [--runs 5]
Builds a catalog in a temporary folder (the seed imported into one group, then N papers as the
feeds would store them), serves it with the same Datasette instance `paperclub web` builds, and
prints the median and worst time of each page over --runs requests (in-process ASGI, so the
figures are Datasette and SQLite, without the network).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, unquote

from store.catalog import import_catalog
from store.db import open_db
from store.groups import ensure_group
from store.papers import Paper, upsert_papers
from store.web.server import build_datasette

SEED = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seeds"
NOW = datetime(2026, 11, 21, tzinfo=UTC)
PAGES = [
    "/catalog/search?q=lora",
    f"/catalog/search?q={quote('微调')}",
    f"/catalog/search?q={quote('检索增强')}",
    "/catalog/search?q=language+models",
    "/catalog/paper?id=2305.14283",
    "/catalog/web_notes",
    f"/catalog/web_notes?_q={quote('微调')}",
    "/catalog/web_papers",
    "/catalog/web_papers?_q=lora",
    "/catalog/claims",
    "/catalog/topics",
]


def build_catalog(path: Path, papers: int) -> None:
    """The seed in one group, then `papers` synthetic papers over ten months."""
    db = open_db(path)
    ensure_group(db, -1001, "club", "supergroup", "UTC", NOW)
    text = (SEED / "llms-paper-study-club-notes.txt").read_text(encoding="utf-8")
    import_catalog(db, -1001, text, NOW)
    per_month = max(papers // 10, 1)
    upsert_papers(
        db,
        [
            Paper(
                f"25{month:02d}.{index:05d}",
                f"Paper {index} on language models, lora variant {index % 7}",
                abstract="We study retrieval augmented generation and fine-tuning. " * 5,
                authors=("A. Author", "B. Writer"),
                categories=("cs.CL", "cs.LG"),
                primary_category="cs.CL",
                published=datetime(2025, month, 1, tzinfo=UTC),
            )
            for month in range(1, 11)
            for index in range(per_month)
        ],
        NOW,
    )
    db.close()


async def time_pages(path: Path, runs: int) -> list[tuple[str, float, float]]:
    """(page, median ms, worst ms) for each page."""
    datasette = build_datasette(path)
    figures = []
    for page in PAGES:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            response = await datasette.client.get(page)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (page, response.status_code)
        figures.append((page, statistics.median(times), max(times)))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "catalog.db"
        build_catalog(path, args.papers)
        figures = asyncio.run(time_pages(path, args.runs))
    print(f"web pages over the seed + {args.papers:,} papers ({args.runs} runs each)")
    print(f"{'page':<40} {'median ms':>10} {'worst ms':>9}")
    for page, median, worst in figures:
        print(f"{unquote(page):<40} {median:>10.1f} {worst:>9.1f}")


if __name__ == "__main__":
    main()
