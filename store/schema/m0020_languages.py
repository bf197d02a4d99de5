"""Migration 0020: languages."""

from __future__ import annotations

from sqlite_utils import Database


def migrate(db: Database) -> None:
    """The language a group is answered in (groups made before it: English, as they were)."""
    db.table("groups").add_column("language", str, not_null_default="en")
