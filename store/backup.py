"""Consistent copies of the catalog with SQLite's online backup API, safe while the bot writes.

Copying `paperclub.db` alone is unsafe in WAL mode (recent commits live in `-wal`); the backup
API reads one consistent snapshot through SQLite itself and writes a single self-contained file.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

log = logging.getLogger(__name__)


class BackupError(Exception):
    """The copy could not be made; the message is one line for the operator."""


@dataclass(frozen=True)
class Backup:
    """A finished copy: where, how big, and what SQLite's integrity check said of it."""

    path: Path
    size: int
    integrity: str


def backup_connection(source: sqlite3.Connection, target: Path) -> Backup:
    """Copy an open catalog into `target` (which must not exist), then check the copy."""
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} already exists: choose a new file name")
    if not target.parent.is_dir():
        raise BackupError(f"folder {target.parent} is missing")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        copy = sqlite3.connect(partial)
        try:
            # One step (pages=-1): a single read transaction, so one consistent snapshot even
            # while another connection commits.
            source.backup(copy, pages=-1)
            copy.execute("PRAGMA journal_mode = DELETE")  # the copy is one file, no -wal
            integrity = str(copy.execute("PRAGMA integrity_check").fetchone()[0])
        finally:
            copy.close()
        os.replace(partial, target)  # a half-written copy never has the final name
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"cannot back up to {target}: {exc}") from None
    return Backup(target, target.stat().st_size, integrity)


def backup_file(source: Path, target: Path, *, timeout: float = 30.0) -> Backup:
    """Copy the catalog at `source` into `target`; works beside a running bot."""
    if not Path(source).is_file():
        raise BackupError(f"there is no catalog at {source}")
    try:
        connection = sqlite3.connect(Path(source), timeout=timeout)
    except sqlite3.Error as exc:
        raise BackupError(f"cannot open {source}: {exc}") from None
    try:
        return backup_connection(connection, target)
    finally:
        connection.close()


def snapshot_name(path: Path, migration: str, now: datetime) -> Path:
    """Where the automatic copy before a schema upgrade goes: beside the catalog."""
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    return path.with_name(f"{path.name}.before-{migration}-{stamp}.bak")
