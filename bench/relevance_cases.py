"""The cases bench_relevance ranks: real listing days, the club's catalog and its picks.

Two protocols. "picks" (the headline, closest to a real group): each listing day of the feeds,
the group's catalog as it stood the day before (the seed entries of papers announced earlier),
and as picks the papers of that day the club went on to write notes on. "held-out": one seed
paper at a time taken out of the catalog and put among a day's candidates (easier: a catalog
paper is, by construction, like the rest of the catalog).
"""

from __future__ import annotations

import gzip
import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from jobs.arxiv.categories import feed_key
from jobs.arxiv.feeds import Feed, merge_feeds, parse_feed
from jobs.rank.lexical import CatalogEntry, ListingIndex, RankInput, build_listing_index
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
    """One listing day as a group would rank it, and the papers it should have put on top: one
    held-out catalog paper, or every paper of the day that the club went on to write notes on."""

    picks: tuple[str, ...]
    listing: date
    candidates: tuple[RankInput, ...]
    index: ListingIndex  # built once per case, outside the rankers' time
    catalog: tuple[CatalogEntry, ...]  # the club's catalog without the picks
    keywords: tuple[str, ...]


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


def held_out_cases(shared: Path, categories: Sequence[str], limit: int) -> list[Case]:
    """One case per seed paper with an abstract that the catalog holds, put on a listing day."""
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
        cases.append(Case((paper.arxiv_id,), day, tuple(items), index, rest, CLUB_KEYWORDS))
    return cases


NEW_ID = re.compile(r"^(\d{4})\.(\d{4,5})$")


def id_order(arxiv_id: str) -> tuple[int, int] | None:
    """A new-style id's (year-month, number): ids grow with submission time."""
    found = NEW_ID.match(arxiv_id)
    return (int(found[1]), int(found[2])) if found else None


def pick_cases(shared: Path, categories: Sequence[str]) -> list[Case]:
    """One case per listing day that carries papers the club later noted (the picks). The
    catalog is the seed's entries for papers submitted before the day's first new paper and not
    announced on this day or later; the other catalog papers leave the candidates (the club
    knows them already), the picks stay where arXiv put them."""
    catalog, _papers = club_catalog(shared)
    keys = {entry.key for entry in catalog}
    days = listing_days(shared, categories)
    announced: dict[str, date] = {}
    for day, items in days.items():
        for item in items:
            announced.setdefault(item.arxiv_id, day)
    cases = []
    for day, items in days.items():
        picks = tuple(
            c.arxiv_id for c in items if c.arxiv_id in keys and announced[c.arxiv_id] == day
        )
        if not picks:
            continue
        firsts = [
            order for c in items if c.announce_type == "new" and (order := id_order(c.arxiv_id))
        ]
        frontier = min(firsts) if firsts else None

        def known(key: str, day: date = day, frontier: tuple[int, int] | None = frontier) -> bool:
            if key in announced and announced[key] >= day:
                return False
            order = id_order(key)
            return order is None or frontier is None or order < frontier

        before = tuple(entry for entry in catalog if known(entry.key))
        shown = [c for c in items if c.arxiv_id in picks or c.arxiv_id not in keys]
        shown = [replace(c, position=n) for n, c in enumerate(shown)]
        cases.append(
            Case(picks, day, tuple(shown), build_listing_index(shown), before, CLUB_KEYWORDS)
        )
    return cases
