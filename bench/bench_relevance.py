"""Would the digest have picked the papers the club went on to write notes on? Replays the seed
catalog over real listing days, one held-out paper at a time.

Run: .venv/bin/python -m bench.bench_relevance ../shared [--categories cs.CL] [--limit N]
`../shared` is the shared data folder (seeds/, data/arxiv/). For each seed paper with metadata
(data/arxiv/seed_papers, an abstract), the seed catalog (seeds/llms-paper-study-club-notes.txt,
imported with the real importer, papers filled with that metadata as the look-up would) loses
that paper's entry; the paper is put among a real listing day's candidates (legacy feeds in
data/arxiv/rss_legacy_raw): on the day it was announced when the feeds have it, else on the
listing days in turn, at a random (seeded) place. The other catalog papers are taken out of the
day (the club knows them already). Each ranker orders the day; the paper's place gives R@10,
R@20 and MRR, with the catalog and without it (cold start: keywords only), and the CPU time (per
digest, nothing cached: catalog model and ranking; the listing index is timed apart) and peak
traced memory of one digest.

The keywords are the club's section topics in English, as its admin would type them (CLUB_KEYWORDS).
Other rankers plug in through EXTRA_RANKERS; --model DIR adds the semantic and fused rows
(bench/relevance_semantic.py, the semantic extra).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

import jobs.rank.lexical
from jobs.arxiv.categories import feed_key
from jobs.arxiv.feeds import Feed, merge_feeds, parse_feed
from jobs.rank.lexical import (
    EXPLAINED,
    CatalogEntry,
    CatalogModel,
    ListingIndex,
    RankInput,
    build_catalog_model,
    build_listing_index,
    rank,
)
from store.catalog import import_catalog
from store.db import open_db
from store.digests import catalog_texts
from store.feeds import listing_candidates, store_listing
from store.groups import ensure_group
from store.papers import Paper, upsert_papers

CHAT = -100
NOW = datetime(2024, 1, 20, tzinfo=UTC)
SEED = "seeds/llms-paper-study-club-notes.txt"
METADATA = "data/arxiv/seed_papers/seed_papers_metadata.jsonl"
FEEDS = "data/arxiv/rss_legacy_raw/Luvata_arxive"
# The seed's sections (multimodal, PEFT, RAG, domain QA, prompts, KG, agents, attention, search
# and reranking, CoT, data engineering, efficient inference, evaluation, pre-training, robots,
# RL, digital humans, MoE) as keywords.
CLUB_KEYWORDS = (
    "multimodal",
    "fine-tuning",
    "lora",
    "gpt",
    "rag",
    "retrieval augmented",
    "question answering",
    "prompt",
    "interpretability",
    "knowledge graph",
    "agent",
    "attention",
    "retrieval",
    "reranking",
    "chain of thought",
    "instruction tuning",
    "efficient inference",
    "evaluation",
    "pre-training",
    "robot",
    "reinforcement learning",
    "digital human",
    "mixture of experts",
)


@dataclass(frozen=True)
class Case:
    """One held-out paper on one listing day."""

    held_out: str
    listing: date
    candidates: tuple[RankInput, ...]
    index: ListingIndex  # built once per case, outside the rankers' time
    catalog: tuple[CatalogEntry, ...]  # the club's catalog without the held-out paper
    keywords: tuple[str, ...]


Ranker = Callable[[Case, bool], list[str]]  # (case, with catalog?) -> arXiv ids, best first


def arxiv_order(case: Case, with_catalog: bool) -> list[str]:
    return [c.arxiv_id for c in case.candidates]


def keywords_only(case: Case, with_catalog: bool) -> list[str]:
    return [r.arxiv_id for r in rank(case.index, None, case.keywords, explain_top=0)]


def lexical(case: Case, with_catalog: bool) -> list[str]:
    model = build_catalog_model(case.catalog) if with_catalog else None
    return [r.arxiv_id for r in rank(case.index, model, case.keywords, explain_top=EXPLAINED)]


def similarity_only(case: Case, with_catalog: bool) -> list[str]:
    model = build_catalog_model(case.catalog) if with_catalog else None
    return [r.arxiv_id for r in rank(case.index, model, (), explain_top=EXPLAINED)]


RANKERS: list[tuple[str, Ranker]] = [
    ("arXiv order", arxiv_order),
    ("keywords only", keywords_only),
    ("lexical, no keywords", similarity_only),
    ("lexical (default)", lexical),
]
# Other rankers' rows; --model adds bench/relevance_semantic.py's "semantic" and "fused".
EXTRA_RANKERS: list[tuple[str, Ranker]] = []


def read_feed(path: Path) -> Feed:
    data = path.read_bytes()
    return parse_feed(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)


def listing_days(shared: Path, categories: Sequence[str]) -> dict[date, list[RankInput]]:
    """Each listing day's candidates in `categories`, in arXiv's order (the store's own rule)."""
    by_day: dict[date, list[Feed]] = {}
    for path in sorted((shared / FEEDS).glob("*.xml.gz")):
        category = path.name[11:].removesuffix(".xml.gz").replace("-", ".")
        if category not in {c.lower() for c in categories}:
            continue
        feed = read_feed(path)
        if feed.listing_date is not None and feed.items:
            by_day.setdefault(feed.listing_date, [])
            if all(f.categories != feed.categories for f in by_day[feed.listing_date]):
                by_day[feed.listing_date].append(feed)
    days: dict[date, list[RankInput]] = {}
    for listing, feeds in sorted(by_day.items()):
        db = open_db(None)
        merged = merge_feeds(feeds)
        key = feed_key(c for f in feeds for c in f.categories)
        store_listing(db, key, listing, merged.items, NOW)
        days[listing] = [
            RankInput(c.paper.arxiv_id, c.paper.title, c.paper.abstract, c.announce_type, n)
            for n, c in enumerate(listing_candidates(db, listing, categories))
        ]
    return days


def club_catalog(shared: Path) -> tuple[list[CatalogEntry], dict[str, Paper]]:
    """The seed imported with the real importer, its papers filled with their metadata."""
    db = open_db(None)
    ensure_group(db, CHAT, "club", "supergroup", "UTC", NOW)
    import_catalog(db, CHAT, (shared / SEED).read_text(encoding="utf-8"), NOW)
    papers: dict[str, Paper] = {}
    for line in (shared / METADATA).read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        papers[row["id"]] = Paper(
            row["id"],
            row["title"],
            authors=tuple(row.get("authors") or ()),
            abstract=row.get("abstract") or "",
            categories=tuple(row.get("categories") or ()),
            primary_category=row.get("primary_category") or "",
        )
    upsert_papers(db, papers.values(), NOW)
    entries = [CatalogEntry(c.key, c.text, c.has_notes, c.title) for c in catalog_texts(db, CHAT)]
    return entries, papers


def build_cases(shared: Path, categories: Sequence[str], limit: int) -> list[Case]:
    """One case per seed paper with an abstract that the catalog holds."""
    catalog, papers = club_catalog(shared)
    keys = {entry.key for entry in catalog}
    days = listing_days(shared, categories)
    order = list(days)
    announced = {c.arxiv_id: day for day, items in days.items() for c in items}
    held = [p for p in papers.values() if p.abstract and p.arxiv_id in keys][: limit or None]
    cases = []
    for number, paper in enumerate(held):
        day = announced.get(paper.arxiv_id) or order[number % len(order)]
        items = [c for c in days[day] if c.arxiv_id not in keys or c.arxiv_id == paper.arxiv_id]
        if all(c.arxiv_id != paper.arxiv_id for c in items):
            place = random.Random(paper.arxiv_id).randrange(len(items) + 1)
            items.insert(place, RankInput(paper.arxiv_id, paper.title, paper.abstract, "new", 0))
        items = [replace(c, position=n) for n, c in enumerate(items)]
        index = build_listing_index(items)
        rest = tuple(entry for entry in catalog if entry.key != paper.arxiv_id)
        cases.append(Case(paper.arxiv_id, day, tuple(items), index, rest, CLUB_KEYWORDS))
    return cases


@dataclass(frozen=True)
class Row:
    """One ranker's figures."""

    name: str
    recall10: float
    recall20: float
    mrr: float
    cold: tuple[float, float, float]
    cpu_ms: float
    peak_mb: float


def measure(name: str, ranker: Ranker, cases: Sequence[Case]) -> Row:
    """Places of the held-out papers with and without the catalog, CPU and peak memory."""
    figures = []
    cpu = 0.0
    for with_catalog in (True, False):
        places = []
        start = time.process_time()
        for case in cases:
            order = ranker(case, with_catalog)
            places.append(order.index(case.held_out) + 1 if case.held_out in order else 0)
        if with_catalog:
            cpu = time.process_time() - start
        figures.append(scores(places))
    tracemalloc.start()
    ranker(cases[0], True)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return Row(name, *figures[0], figures[1], cpu * 1000 / len(cases), peak / 1e6)


def scores(places: Sequence[int]) -> tuple[float, float, float]:
    """R@10, R@20 and MRR of 1-based places (0: not ranked at all)."""
    found = [p for p in places if p]
    return (
        sum(p <= 10 for p in found) / len(places),
        sum(p <= 20 for p in found) / len(places),
        sum(1 / p for p in found) / len(places),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", type=Path, help="the shared data folder (seeds/, data/arxiv/)")
    parser.add_argument("--categories", default="cs.CL", help="the group's, comma-separated")
    parser.add_argument("--limit", type=int, default=0, help="only the first N seed papers")
    parser.add_argument("--sweep", action="store_true", help="apply the weight rule instead")
    parser.add_argument(
        "--model",
        type=Path,
        help="a sentence-embedding model folder: adds the "
        "semantic and fused rows (needs the semantic extra)",
    )
    parser.add_argument("--vectors", type=Path, help="a file keeping the embeddings between runs")
    args = parser.parse_args()
    categories = [c.strip() for c in args.categories.split(",") if c.strip()]
    start = time.process_time()
    cases = build_cases(args.shared, categories, args.limit)
    if args.sweep:
        sweep(cases)
        return
    days = {case.listing for case in cases}
    size = sum(len(case.candidates) for case in cases) / len(cases)
    index_ms = min(
        timed(lambda case=case: build_listing_index(case.candidates)) for case in cases[:5]
    )
    print(
        f"{len(cases)} held-out papers over {len(days)} listing days ({', '.join(categories)}), "
        f"{size:.0f} candidates a day, catalog of {len(cases[0].catalog) + 1} entries; "
        f"set-up {time.process_time() - start:.1f} s CPU"
    )
    print(f"listing index (once per listing, shared by all groups): {index_ms:.0f} ms CPU")
    header = (
        f"{'ranker':<24} {'R@10':>6} {'R@20':>6} {'MRR':>6} │ {'cold R@10':>9} {'R@20':>6} "
        f"{'MRR':>6} │ {'CPU/digest':>10} {'peak':>8}"
    )
    print(header)
    print("─" * len(header))
    extra = list(EXTRA_RANKERS)
    if args.model is not None:
        from bench.relevance_semantic import semantic_rankers

        rows, warm = semantic_rankers(args.model, args.vectors)
        warm(cases)  # listings and catalogs embedded once, outside the rows' time
        extra += rows
    for name, ranker in [*RANKERS, *extra]:
        row = measure(name, ranker, cases)
        print(
            f"{row.name:<24} {row.recall10:>6.2f} {row.recall20:>6.2f} {row.mrr:>6.3f} │ "
            f"{row.cold[0]:>9.2f} {row.cold[1]:>6.2f} {row.cold[2]:>6.3f} │ "
            f"{row.cpu_ms:>7.1f} ms {row.peak_mb:>5.1f} MB"
        )


CONTRASTS = (0.0, 0.5, 1.0)
KEYWORD_WEIGHTS = (0.0, 0.01, 0.03, 0.1, 0.3)


def sweep(cases: Sequence[Case]) -> None:
    """The weight rule, on these cases: for each (day contrast, keyword weight) on the grid,
    the mean of R@10 and R@20 (each paper's hit@10 and hit@20 averaged) and its standard
    error; the rule takes the best contrast, then the largest keyword weight whose figure is
    within one standard error of the best (keywords are what the admin asked for: give them
    all the weight that costs no measurable recall)."""
    models: dict[str, CatalogModel] = {}
    results: dict[tuple[float, float], tuple[float, float]] = {}
    print(f"{'contrast':>8} {'keywords':>8} {'(R@10+R@20)/2':>14} {'± s.e.':>7} {'MRR':>6}")
    for contrast in CONTRASTS:
        for weight in KEYWORD_WEIGHTS:
            jobs.rank.lexical.DAY_CONTRAST, jobs.rank.lexical.KEYWORD_WEIGHT = contrast, weight
            hits, reciprocal = [], []
            for case in cases:
                model = models.get(case.held_out) or build_catalog_model(case.catalog)
                models[case.held_out] = model
                ranked = rank(case.index, model, case.keywords, explain_top=EXPLAINED)
                order = [r.arxiv_id for r in ranked]
                place = order.index(case.held_out) + 1 if case.held_out in order else 0
                hits.append(((0 < place <= 10) + (0 < place <= 20)) / 2)
                reciprocal.append(1 / place if place else 0.0)
            mean = statistics.fmean(hits)
            error = statistics.stdev(hits) / len(hits) ** 0.5
            results[(contrast, weight)] = (mean, error)
            print(
                f"{contrast:>8} {weight:>8} {mean:>14.3f} {error:>7.3f} "
                f"{statistics.fmean(reciprocal):>6.3f}"
            )
    best = max(results, key=lambda key: results[key][0])
    floor = results[best][0] - results[best][1]
    weight = max(w for w in KEYWORD_WEIGHTS if results[(best[0], w)][0] >= floor)
    print(f"rule: contrast {best[0]}, keyword weight {weight}")


def timed(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return (time.process_time() - start) * 1000


if __name__ == "__main__":
    main()
