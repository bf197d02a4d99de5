"""Migration 0030: service health."""

from __future__ import annotations

from sqlite_utils import Database


def migrate(db: Database) -> None:
    """What the operator's view reads: recent errors (a ring, trimmed on write) and the running
    bot's state (its heartbeat, the day of the last health line)."""
    db.table("service_errors").create(
        {"id": int, "at": str, "source": str, "message": str}, pk="id"
    )
    db.table("service_state").create({"key": str, "value": str, "updated_at": str}, pk="key")
