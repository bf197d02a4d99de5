"""Migration 0005: notes catalog columns."""

from __future__ import annotations

from sqlite_utils import Database


def migrate(db: Database) -> None:
    """A note's own heading line and paper address, so the club's catalog round-trips."""
    notes = db.table("notes")
    notes.add_column("heading", str, not_null_default="")  # "" when it is just the title
    notes.add_column("url", str, not_null_default="")  # as written; arXiv or any other link
