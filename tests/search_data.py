"""Test data for search: groups, papers and notes written through the store, seed entries."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from store.catalog import import_catalog
from store.db import Database
from store.groups import ensure_group
from store.papers import Paper, upsert_papers
from store.parse.catalog_markdown import CatalogEntry, parse_catalog

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def seed_entries(name: str) -> tuple[CatalogEntry, ...]:
    """The entries of a seed catalog, as the club's importer reads them."""
    return parse_catalog((SEEDS / name).read_text(encoding="utf-8")).entries


def import_seed(db: Database, chat_id: int, name: str) -> tuple[CatalogEntry, ...]:
    """Import a seed catalog into a group with the real importer; returns its entries."""
    import_catalog(db, chat_id, (SEEDS / name).read_text(encoding="utf-8"), NOW)
    return seed_entries(name)


def add_group(db: Database, chat_id: int, title: str = "club") -> None:
    """A group the notes can belong to."""
    ensure_group(db, chat_id, title, "supergroup", "UTC", NOW)


def add_note(
    db: Database,
    chat_id: int,
    text: str,
    *,
    arxiv_id: str | None = None,
    title: str = "",
    author: str = "Ada",
    author_id: int | None = None,
) -> int:
    """Write a note row as the notes feature stores it; returns its id."""
    table = db.table("notes")
    table.insert(
        {
            "chat_id": chat_id,
            "arxiv_id": arxiv_id,
            "entry_key": arxiv_id or title.strip().lower(),
            "author_id": author_id,
            "author_name": author,
            "revision": 1,
            "created_at": NOW.isoformat(),
            "title": title,
            "raw_text": text,
            "source": "telegram" if author_id else "import",
        }
    )
    assert table.last_pk is not None
    return int(table.last_pk)


def add_papers(db: Database, *papers: Paper) -> None:
    """Store papers as the feeds would."""
    upsert_papers(db, papers, NOW)
