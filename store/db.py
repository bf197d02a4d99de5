"""Open the catalog: one SQLite file in WAL mode, migrated to the current schema on open."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from store.chinese import register_search_text
from store.migrations import migrations

__all__ = ["Catalog", "Database", "StoreError", "open_db"]

BUSY_TIMEOUT_MS = 10_000


class StoreError(Exception):
    """The catalog file cannot be opened or written; the message is one line for the operator."""


class Catalog(Database):
    """sqlite-utils' Database whose transactions take the write lock when they begin.

    `atomic()` in sqlite-utils starts with a plain BEGIN: a transaction that reads and then
    writes fails at once with "database is locked" (no busy wait) when another process (the
    `paperclub` CLI beside the bot) commits in between. BEGIN IMMEDIATE waits its turn instead.
    """

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        if self.conn.in_transaction:  # nested: sqlite-utils' savepoints
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                self.rollback()
                raise


def open_db(path: str | Path | None = None) -> Catalog:
    """Open (creating if needed) and migrate the catalog; `None` gives a private in-memory one."""
    try:
        if path is None or str(path) == ":memory:":
            db = Catalog(memory=True)
        else:
            path = Path(path)
            if path.parent and not path.parent.exists():
                raise StoreError(
                    f"cannot open the database {path}: folder {path.parent} is missing"
                )
            db = Catalog(sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000))
            db.enable_wal()
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        register_search_text(db)  # the search index triggers call it on every write
        migrations.apply(db)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the database {path}: {exc}") from None
    return db
