"""Migration 0008: search notes by paper."""

from __future__ import annotations

from sqlite_utils import Database


def migrate(db: Database) -> None:
    """Notes by paper: the index triggers on papers and id searches look notes up by arxiv_id."""
    db.table("notes").create_index(["arxiv_id"], if_not_exists=True)
