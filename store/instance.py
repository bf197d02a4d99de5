"""One `paperclub run` per catalog: an advisory lock file beside the database."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from store.db import StoreError


def lock_path(db_path: Path) -> Path:
    """The lock file that belongs to a catalog: `paperclub.db.lock` beside `paperclub.db`."""
    return db_path.with_name(db_path.name + ".lock")


@contextmanager
def instance_lock(db_path: Path) -> Iterator[Path]:
    """Hold the catalog's lock while the bot runs; a second holder gets a one-line StoreError.

    flock is released by the kernel when the process dies, so a crash leaves no stale lock.
    """
    path = lock_path(Path(db_path))
    if not path.parent.is_dir():
        raise StoreError(f"cannot open the database {db_path}: folder {path.parent} is missing")
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StoreError(f"cannot create the lock file {path}: {exc.strerror}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            raise StoreError(
                f"another paperclub (pid {holder}) is already running on {db_path}: "
                f"it holds the lock {path}"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield path
    finally:
        os.close(fd)  # closing the descriptor releases the lock
