"""Open the catalog: one SQLite file in WAL mode, migrated to the current schema on open."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path

from sqlite_utils import Database

from store.backup import BackupError, backup_connection, snapshot_name
from store.chinese import register_search_text
from store.schema import migrations

__all__ = [
    "Catalog",
    "CatalogWriteError",
    "Database",
    "StoreError",
    "WriteProblem",
    "catalog_location",
    "connect",
    "open_db",
    "write_problem",
]

BUSY_TIMEOUT_MS = 10_000

log = logging.getLogger(__name__)

# What a failed read or write of the catalog raises, for callers outside store/ that must tell
# it apart from their own bugs (SQLite's error, named here so nobody else imports sqlite3).
CatalogWriteError = sqlite3.Error


class WriteProblem(Enum):
    """Why the catalog refused a write, in the terms a member can act on."""

    BUSY = "busy"  # another writer held the lock past the busy timeout: try again soon
    FULL = "full"  # the disk (or the file's size limit) is full: the operator must act
    OTHER = "other"


def write_problem(error: BaseException | None) -> WriteProblem | None:
    """What went wrong if `error` is the catalog's; None when it is not a catalog error."""
    if not isinstance(error, sqlite3.Error):
        return None
    code = getattr(error, "sqlite_errorcode", None)
    text = str(error).lower()
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in text:
        return WriteProblem.BUSY
    if code == sqlite3.SQLITE_FULL or "full" in text:
        return WriteProblem.FULL
    return WriteProblem.OTHER


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


def open_db(path: str | Path | None = None, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Catalog:
    """Open (creating if needed) and migrate the catalog; `None` gives a private in-memory one.

    A writer waits up to `busy_timeout_ms` for another's lock before "database is locked".
    """
    try:
        if path is None or str(path) == ":memory:":
            db = _set_up(Catalog(memory=True), busy_timeout_ms)
        else:
            path = Path(path)
            if path.parent and not path.parent.exists():
                raise StoreError(
                    f"cannot open the database {path}: folder {path.parent} is missing"
                )
            db = connect(path, busy_timeout_ms)
            db.enable_wal()
        if path is not None and str(path) != ":memory:":
            snapshot_before_migrating(db, Path(path))
        migrations.apply(db)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the database {path}: {exc}") from None
    return db


def connect(path: Path, busy_timeout_ms: int, *, any_thread: bool = False) -> Catalog:
    """Another connection to an open (WAL, migrated) catalog file, set up as open_db sets up its
    own; `any_thread` lets a worker pool close it from the thread that stops the pool."""
    conn = sqlite3.connect(
        str(path), timeout=busy_timeout_ms / 1000, check_same_thread=not any_thread
    )
    return _set_up(Catalog(conn), busy_timeout_ms)


def _set_up(db: Catalog, busy_timeout_ms: int) -> Catalog:
    db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    db.execute("PRAGMA foreign_keys = ON")
    register_search_text(db)  # the search index triggers call it on every write
    return db


def catalog_location(db: Database) -> tuple[Path | None, int]:
    """The catalog's file (None when it lives in memory) and its busy timeout in ms."""
    rows = db.execute("PRAGMA database_list").fetchall()
    file = next((row[2] for row in rows if row[1] == "main"), "")
    busy = db.execute("PRAGMA busy_timeout").fetchone()[0]
    return (Path(file) if file else None), int(busy)


def snapshot_before_migrating(db: Database, path: Path) -> Path | None:
    """An existing catalog about to change schema is first copied beside itself (a new one,
    or one already current, is not); returns the copy's path."""
    pending = migrations.pending(db)
    if not pending or not migrations.applied(db):
        return None
    target = snapshot_name(path, pending[0].name, datetime.now(UTC))
    try:
        backup_connection(db.conn, target)
    except BackupError as exc:
        raise StoreError(
            f"not upgrading the catalog: the snapshot before it failed: {exc}"
        ) from None
    log.info("catalog snapshot before %d migration(s): %s", len(pending), target)
    return target
