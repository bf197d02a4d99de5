"""Catalog work off the event loop: worker threads, each with its own connection to the catalog.

A member's /search over a big catalog, an /export or a long note used to run on the event loop
and hold every other chat. Here reads run in a few threads side by side (WAL lets readers go on
while one writer writes) and writes in one thread of their own: SQLite lets one writer at a time
anyway, and a write waiting for the lock (another process, a scheduled job) never takes a
reader's thread, so /search and /claims go on meanwhile. Each call has a timeout on our side;
past it the caller gets CatalogSlow, which says whether the work may still complete.

An in-memory catalog (`open_db(None)`, for the CLI's scratch use) cannot be shared between
connections, so its work runs inline.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from store.db import Catalog, Database, catalog_location, connect

log = logging.getLogger(__name__)

READ_THREADS = 3
READ_TIMEOUT = 10.0  # seconds: a read slower than this is a catalog in trouble
# A write waits for the lock up to the catalog's busy timeout and then fails with "database is
# locked" (nothing saved); our side waits this much longer, so only a write that is slow once it
# holds the lock (or stuck behind such writes) ends as CatalogSlow.
WRITE_MARGIN = 20.0
BOOKKEEPING_TIMEOUT = 0.3  # recording who wrote where never holds a command up longer

P = ParamSpec("P")
T = TypeVar("T")


class CatalogSlow(Exception):
    """The catalog did not answer in time. `maybe_saved`: a write had started and may still
    commit; otherwise nothing was (or will be) changed."""

    def __init__(self, what: str, *, maybe_saved: bool) -> None:
        super().__init__(what)
        self.maybe_saved = maybe_saved


class _Call:
    """One call in a worker: which connection runs it, so a read past its time is interrupted."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.db: Catalog | None = None

    def interrupt(self) -> None:
        with self.lock:
            if self.db is not None:
                self.db.conn.interrupt()


class _Lane:
    """A thread pool whose threads each open their own connection on first use."""

    def __init__(self, name: str, threads: int, path: Path, busy_ms: int, *, reads: bool) -> None:
        self.reads = reads
        self._path, self._busy_ms = path, busy_ms
        self._local = threading.local()
        self._opened: list[Catalog] = []
        self._opened_lock = threading.Lock()
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix=f"catalog-{name}")

    def _connection(self) -> Catalog:
        db: Catalog | None = getattr(self._local, "db", None)
        if db is None:
            db = connect(self._path, self._busy_ms, any_thread=True)
            if self.reads:  # a write sent to the read lane by mistake fails, loudly, in tests
                db.execute("PRAGMA query_only = ON")
            self._local.db = db
            with self._opened_lock:
                self._opened.append(db)
        return db

    def submit(self, call: _Call, work: Callable[[Database], T]) -> Future[T]:
        # The caller's context goes along, as asyncio.to_thread does: text rendered in a
        # worker is in the caller's language (bot.texts reads a ContextVar).
        return self._pool.submit(contextvars.copy_context().run, self._run, call, work)

    def _run(self, call: _Call, work: Callable[[Database], T]) -> T:
        db = self._connection()
        with call.lock:
            call.db = db
        try:
            result = work(db)
            if db.conn.in_transaction:  # a plain execute() of sqlite3 begins one implicitly
                db.conn.commit()
            return result
        except BaseException:
            if db.conn.in_transaction:
                db.conn.rollback()
            raise
        finally:
            with call.lock:
                call.db = None

    def close(self) -> None:
        if self.reads:
            with self._opened_lock:
                for db in self._opened:
                    db.conn.interrupt()  # a read nobody waits for any more ends now
        self._pool.shutdown(wait=True, cancel_futures=True)  # a write started is finished
        with self._opened_lock:
            for db in self._opened:
                db.conn.close()
            self._opened.clear()


class CatalogWorkers:
    """Runs `fn(db, *args)` in a worker with its own connection and awaits it with a timeout."""

    def __init__(
        self, db: Database, read_threads: int = READ_THREADS, *, inline: bool = False
    ) -> None:
        """`inline`: every call runs on the caller's thread and connection, as all catalog work
        did before (an in-memory catalog always does; bench_catalog_loop compares the two)."""
        self.db = db
        path, busy_ms = catalog_location(db)
        self.read_timeout = READ_TIMEOUT
        self.write_timeout = busy_ms / 1000 + WRITE_MARGIN
        self.bookkeeping_timeout = BOOKKEEPING_TIMEOUT
        self._reads: _Lane | None = None
        self._lookups: _Lane | None = None
        self._writes: _Lane | None = None
        if path is not None and not inline:
            self._reads = _Lane("read", read_threads, path, busy_ms, reads=True)
            self._lookups = _Lane("lookup", 1, path, busy_ms, reads=True)
            self._writes = _Lane("write", 1, path, busy_ms, reads=False)

    async def read(
        self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """A read: it runs beside other reads and never waits for a writer."""
        work: Callable[[Database], T] = lambda db: fn(db, *args, **kwargs)  # noqa: E731
        return await self._call(self._reads, self.read_timeout, work)

    async def look_up(
        self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """A primary-key read on the way to every command (the activity hook's): a lane of its
        own, so no command queues behind big reads (exports, searches) on the readers."""
        work: Callable[[Database], T] = lambda db: fn(db, *args, **kwargs)  # noqa: E731
        return await self._call(self._lookups, self.read_timeout, work)

    async def write(
        self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """A write (it may read too), after the writes before it."""
        work: Callable[[Database], T] = lambda db: fn(db, *args, **kwargs)  # noqa: E731
        return await self._call(self._writes, self.write_timeout, work)

    async def write_within(
        self,
        wait: float,
        fn: Callable[Concatenate[Database, P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """A write awaited at most `wait` seconds (CatalogSlow past it, maybe still saved): for
        a record the caller keeps and writes again (idempotent) rather than be held up."""
        work: Callable[[Database], T] = lambda db: fn(db, *args, **kwargs)  # noqa: E731
        return await self._call(self._writes, wait, work)

    async def record(
        self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Bookkeeping written on the way (who wrote where): a write that gives up quickly."""
        work: Callable[[Database], T] = lambda db: fn(db, *args, **kwargs)  # noqa: E731
        return await self._call(self._writes, self.bookkeeping_timeout, work)

    def write_from_thread(
        self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """A write through the one writer from a worker thread (never the event loop), waited
        for there: the digest builder's embeddings, so nothing else writes the catalog."""
        work: Callable[[Database], T] = lambda db: fn(db, *args, **kwargs)  # noqa: E731
        if self._writes is None:
            raise RuntimeError("an in-memory catalog has no writer thread to write through")
        return self._writes.submit(_Call(), work).result(timeout=self.write_timeout)

    @property
    def threaded(self) -> bool:
        """Whether work runs in worker threads (a file catalog), not inline."""
        return self._writes is not None

    async def _call(self, lane: _Lane | None, wait: float, work: Callable[[Database], T]) -> T:
        if lane is None:
            return work(self.db)
        call = _Call()
        future = lane.submit(call, work)
        waiting = asyncio.wrap_future(future)
        done, _ = await asyncio.wait([waiting], timeout=wait)
        if done:
            return waiting.result()
        # Nobody awaits it any more: an error it ends with later must not be logged as unretrieved.
        waiting.add_done_callback(lambda f: f.cancelled() or f.exception())
        if future.cancel():  # it never started: nothing was changed
            raise CatalogSlow(f"not started within {wait:.1f} s", maybe_saved=False)
        if lane.reads:
            call.interrupt()
            raise CatalogSlow(f"read not done within {wait:.1f} s", maybe_saved=False)
        raise CatalogSlow(f"write not done within {wait:.1f} s", maybe_saved=True)

    def close(self) -> None:
        """Stop the threads (a running read is interrupted, a started write finishes, queued
        work is dropped) and close their connections; the application's shutdown calls it."""
        for lane in (self._reads, self._lookups, self._writes):
            if lane is not None:
                lane.close()
