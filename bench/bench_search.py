"""Search speed on a large catalog: 300,000 papers and 20,000 notes built from real arXiv text.

Run: .venv/bin/python -m bench.bench_search /work/shared/data/arxiv [--papers N] [--notes N]
Papers and notes are generated from the real titles, abstracts and authors of
`listings/normalized/*.jsonl.gz` under the given folder (re-combined, with synthetic ids), and
Chinese notes from the seed catalog. Prints p50/p95 of `search_catalog` over a fixed query mix
(English, Chinese, ids, authors), p50/p95 of a bare FTS5 MATCH (ORDER BY rank LIMIT 11) with the
same expression on the same index, their ratio, the index size and peak memory.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from store.db import Database, open_db
from store.groups import ensure_group
from store.papers import Paper, paper_row
from store.parse.search_query import parse_query
from store.search import search_catalog
from store.search_expression import papers_expression

SEEDS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seeds"
NOW = datetime(2026, 11, 21, tzinfo=UTC)
GROUPS = 20
ENGLISH = [
    "lora", "adapter", "retrieval augmented generation", "mixture of experts",
    '"instruction tuning"', "hallucination", "diffusion", "chain-of-thought reasoning",
    "speculative decoding", "reward model -vision",
]  # fmt: skip
CHINESE = ["微调", "检索", "多模态", "检索增强", "大模型"]


def load_records(folder: Path) -> list[dict[str, Any]]:
    """Real listing records (title, abstract, authors, categories)."""
    records = []
    for path in sorted((folder / "listings" / "normalized").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            records.extend(json.loads(line) for line in lines)
    return [r for r in records if r.get("title") and r.get("abstract")]


def make_papers(records: list[dict[str, Any]], count: int, rng: random.Random) -> list[Paper]:
    """`count` papers: a real title and authors, the abstract re-combined from two real ones."""
    papers = []
    for number in range(count):
        base, other = records[number % len(records)], rng.choice(records)
        yymm = 1501 + (number // 90_000) * 100 + number % 12
        sentences = base["abstract"].split(". ")
        extra = other["abstract"].split(". ")
        abstract = ". ".join(sentences[: max(1, len(sentences) // 2)] + extra[len(extra) // 2 :])
        categories = tuple(base.get("categories") or [base.get("primary_category") or "cs.CL"])
        papers.append(
            Paper(
                arxiv_id=f"{yymm}.{number % 90_000 + 10_000:05d}",
                title=base["title"] if number < len(records) else f"{base['title']} ({number})",
                version=1,
                authors=tuple(base.get("authors") or rng.choice(records).get("authors") or ()),
                abstract=abstract,
                categories=categories,
                primary_category=categories[0],
                published=datetime(2000 + yymm // 100, yymm % 100, 1, tzinfo=UTC),
                source="feed",
            )
        )
    return papers


def seed_paragraphs() -> list[str]:
    """Chinese note texts: the seed catalog's lines with Chinese in them."""
    lines: list[str] = []
    for path in SEEDS.glob("*.txt"):
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if len(line) > 20]
    return [line for line in lines if any("\u4e00" <= ch <= "\u9fff" for ch in line)]


def build(db: Database, records: list[dict[str, Any]], papers: int, notes: int) -> list[Paper]:
    """Fill the catalog through the real store paths (triggers included)."""
    rng = random.Random(5)
    for chat in range(GROUPS):
        ensure_group(db, -100 - chat, f"club {chat}", "supergroup", "UTC", NOW)
    catalog = make_papers(records, papers, rng)
    with db.atomic():  # bulk, as the feed ingest writes; the index triggers run for every row
        db.table("papers").upsert_all((paper_row(p, NOW) for p in catalog), pk="arxiv_id")
    chinese = seed_paragraphs()
    rows = []
    for number in range(notes):
        paper = catalog[rng.randrange(len(catalog))]
        text = rng.choice(chinese) if number % 4 == 0 else paper.abstract[:600]
        rows.append(
            {
                "chat_id": -100 - number % GROUPS,
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
    return catalog


def query_mix(catalog: list[Paper]) -> list[tuple[str, str]]:
    """(kind, typed query): the fixed mix, the same on every run."""
    ids = [catalog[n].arxiv_id for n in (7, 12_345, 250_001 % len(catalog))]
    names = [a for p in catalog[:400] for a in p.authors[:1]]
    surnames = [name.split()[-1] for name in names[:: max(1, len(names) // 4)][:4]]
    return (
        [("english", q) for q in ENGLISH]
        + [("chinese", q) for q in CHINESE]
        + [("id", i) for i in ids]
        + [("id", f"{ids[0]}v2")]
        + [("author", f"author:{s}") for s in surnames]
        + [("author", f'author:"{names[1]}" year:2015-2026')]
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(db: Database, mix: list[tuple[str, str]], rounds: int) -> dict[str, list[float]]:
    """Milliseconds per call, for our search and for the bare FTS5 query, by kind and overall."""
    timings: dict[str, list[float]] = {"search": [], "bare": []}
    chat_ids = [-100]
    for _ in range(rounds):
        for kind, typed in mix:
            started = time.perf_counter()
            query = parse_query(typed)
            search_catalog(db, query, chat_ids, 0)
            took = (time.perf_counter() - started) * 1000
            timings["search"].append(took)
            timings.setdefault(f"search {kind}", []).append(took)
            expression = papers_expression(query)
            started = time.perf_counter()
            if expression is None:  # ids: what FTS would do is a key lookup
                list(db.query("select id from search_keys where arxiv_id = ?", [query.ids[0].id]))
            else:
                list(
                    db.query(
                        "select rowid from papers_fts where papers_fts match ? "
                        "order by rank limit 11",
                        [expression],
                    )
                )
            took = (time.perf_counter() - started) * 1000
            timings["bare"].append(took)
            timings.setdefault(f"bare {kind}", []).append(took)
    return timings


def index_bytes(db: Database) -> int:
    """Bytes of the pages holding the FTS5 tables and the key map (SQLite's dbstat)."""
    row = next(
        iter(
            db.query(
                "select sum(pgsize) as size from dbstat where name like 'papers_fts%' "
                "or name like 'notes_fts%' or name like '%search_keys%'"
            )
        )
    )
    return int(row["size"] or 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the shared arXiv data folder")
    parser.add_argument("--papers", type=int, default=300_000)
    parser.add_argument("--notes", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    records = load_records(args.data)
    with tempfile.TemporaryDirectory() as folder:
        db = open_db(Path(folder) / "bench.db")
        started = time.perf_counter()
        catalog = build(db, records, args.papers, args.notes)
        built = time.perf_counter() - started
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mix = query_mix(catalog)
        measure(db, mix, 1)  # warm the page cache
        timings = measure(db, mix, args.rounds)
        size = (Path(folder) / "bench.db").stat().st_size
        fts = index_bytes(db)
    print(f"catalog: {args.papers:,} papers, {args.notes:,} notes from {len(records):,} records")
    print(f"built (through the index triggers) in {built:.0f} s")
    print(f"queries: {len(mix)} in the mix x {args.rounds} rounds")
    print(f"{'':18}{'p50 ms':>9}{'p95 ms':>9}")
    for name in ["search", "bare", *sorted(k for k in timings if " " in k)]:
        values = timings[name]
        print(f"{name:18}{percentile(values, 0.5):9.2f}{percentile(values, 0.95):9.2f}")
    ratio = percentile(timings["search"], 0.95) / percentile(timings["bare"], 0.95)
    print(f"p95 ratio search/bare FTS5: {ratio:.2f} (target <= 1.5); p95 target <= 20 ms")
    print(f"index (FTS5 tables + key map): {fts / 2**20:.1f} MiB; db file {size / 2**20:.1f} MiB")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS of this process): {peak:.0f} MiB")


if __name__ == "__main__":
    main()
