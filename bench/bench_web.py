"""Web catalog speed: the pages `paperclub web` serves, over the seed plus N synthetic papers.

Run: .venv/bin/python -m bench.bench_web [--papers 20000] [--runs 5]
Builds a catalog in a temporary folder (the seed imported into one group, then N papers as the
feeds would store them), serves it with the same Datasette instance `paperclub web` builds, and
prints the median and worst time of each page over --runs requests (in-process ASGI, so the
figures are Datasette and SQLite, without the network) against the target (TARGET_MS), next to
the median of the page's bare SQL (its canned query, or its view's first page) on a plain
connection, and the machine's load average (the machine is shared).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, unquote

from bot.cli.web import web_texts
from store.catalog import import_catalog
from store.db import open_db
from store.groups import ensure_group
from store.papers import Paper, upsert_papers
from store.web import queries
from store.web.search_functions import register_search_functions
from store.web.server import build_datasette

SEED = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seeds"
NOW = datetime(2026, 11, 21, tzinfo=UTC)
TARGET_MS = 150.0  # issue 23: every page at most 150 ms at the median
PAGES = [
    "/",
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


# Each page's bare SQL: (sql, parameters).
_VIEW_PAGE = "select * from {view} order by {order} limit 51"
BARE: dict[str, tuple[str, dict[str, str]]] = {
    "/": (queries.HOME_GROUPS, {}),  # the home page's groups (its other two lists: less)
    "/catalog/search?q=lora": (queries.SEARCH, {"q": "lora"}),
    f"/catalog/search?q={quote('微调')}": (queries.SEARCH, {"q": "微调"}),
    f"/catalog/search?q={quote('检索增强')}": (queries.SEARCH, {"q": "检索增强"}),
    "/catalog/search?q=language+models": (queries.SEARCH, {"q": "language models"}),
    "/catalog/paper?id=2305.14283": (queries.PAPER, {"id": "2305.14283"}),
    "/catalog/web_notes": (_VIEW_PAGE.format(view="web_notes", order="note_id desc"), {}),
    f"/catalog/web_notes?_q={quote('微调')}": (
        _VIEW_PAGE.format(view=f"web_notes where {queries.NOTES_MATCHING}", order="note_id desc"),
        {"paperclub_q": "微调"},
    ),
    "/catalog/web_papers": (_VIEW_PAGE.format(view="web_papers", order="year desc"), {}),
    "/catalog/web_papers?_q=lora": (
        _VIEW_PAGE.format(view=f"web_papers where {queries.PAPERS_MATCHING}", order="year desc"),
        {"paperclub_q": "lora"},
    ),
    "/catalog/claims": (queries.CLAIMS, {"group": ""}),
    "/catalog/topics": (queries.TOPICS, {}),
}


def time_bare_sql(path: Path, runs: int) -> dict[str, float]:
    """The median ms of each page's bare SQL on a plain read-only connection."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    register_search_functions(conn)
    medians = {}
    for page, (sql, params) in BARE.items():
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            conn.execute(sql, params).fetchall()
            times.append((time.perf_counter() - start) * 1000)
        medians[page] = statistics.median(times)
    conn.close()
    return medians


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
    datasette = build_datasette(path, web_texts())
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
        bare = time_bare_sql(path, args.runs)
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"web pages over the seed + {args.papers:,} papers ({args.runs} runs each)")
    print(f"load average (1, 5, 15 min): {load} on {os.cpu_count()} cores")
    print(f"{'page':<36} {'median ms':>9} {'worst ms':>8} {'bare SQL ms':>11} {'target':>7}")
    for page, median, worst in figures:
        verdict = "ok" if median <= TARGET_MS else "OVER"
        print(
            f"{unquote(page):<36} {median:>9.1f} {worst:>8.1f} {bare[page]:>11.1f} "
            f"{verdict:>4} {TARGET_MS:.0f}"
        )


if __name__ == "__main__":
    main()
