"""Test data for search: groups, papers and notes written through the store, seed entries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from store.db import Database
from store.groups import ensure_group
from store.papers import Paper, upsert_papers

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class SeedEntry:
    """One entry of the seed catalog: its heading line and its text (heading + '- ' lines)."""

    title: str
    text: str
    line: int


def seed_entries(name: str) -> list[SeedEntry]:
    """Entries of a seed file: a heading line followed by `- field: value` lines."""
    lines = (SEEDS / name).read_text(encoding="utf-8").splitlines()
    entries: list[SeedEntry] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(lines, start=1):
        if not line.startswith("- ") and current:
            entries.append(SeedEntry(current[0], "\n".join(current), start))
            current = []
        if not current:
            start = number
        current.append(line)
    if current:
        entries.append(SeedEntry(current[0], "\n".join(current), start))
    return [e for e in entries if e.title.strip()]


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
