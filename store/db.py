"""Open the catalog: one SQLite file in WAL mode, migrated to the current schema on open."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from store.chinese import register_search_text
from store.migrations import migrations

__all__ = ["Database", "StoreError", "open_db"]

BUSY_TIMEOUT_MS = 10_000


class StoreError(Exception):
    """The catalog file cannot be opened or written; the message is one line for the operator."""


def open_db(path: str | Path | None = None) -> Database:
    """Open (creating if needed) and migrate the catalog; `None` gives a private in-memory one."""
    try:
        if path is None or str(path) == ":memory:":
            db = Database(memory=True)
        else:
            path = Path(path)
            if path.parent and not path.parent.exists():
                raise StoreError(
                    f"cannot open the database {path}: folder {path.parent} is missing"
                )
            db = Database(sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000))
            db.enable_wal()
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        register_search_text(db)  # the search index triggers call it on every write
        migrations.apply(db)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the database {path}: {exc}") from None
    return db
