"""Migration 0015: papers metadata checked."""

from __future__ import annotations

from sqlite_utils import Database


def migrate(db: Database) -> None:
    """When arXiv was last asked to complete a paper known only by title (imported entries)."""
    db.table("papers").add_column("metadata_checked_at", str)
