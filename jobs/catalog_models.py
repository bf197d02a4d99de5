"""Each group's catalog model for the digest builder: loaded from the store while it matches
the catalog, brought up to date when the catalog changed (copying the entries whose text did
not change), and the most recently used kept in memory within a budget.

Whether a model is current is one row, read on the caller's thread (the event loop); loading,
building and storing a model run through `work` (the builder's one worker thread), which has a
connection of its own, so a 5,000-note catalog's texts and blob never hold the event loop."""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Concatenate, ParamSpec, TypeVar

from jobs.catalog_blob import StaleBlob, pack_model, unpack_model
from jobs.catalog_model import CatalogEntry, CatalogModel, build_catalog_model
from store.catalog_models import catalog_version, model_is_current, save_model, stored_model
from store.db import CatalogWriteError, Database, catalog_location, connect
from store.digests import catalog_texts

log = logging.getLogger(__name__)

# Word weights of the models kept in memory, over all groups (24 bytes each with the inverted
# index, plus titles and vocabulary: a 5,000-note catalog holds ~430,000). Past it the least
# recently used go.
MEMORY_BUDGET_WORDS = 500_000

Work = Callable[..., Awaitable[Any]]
P = ParamSpec("P")
T = TypeVar("T")


@dataclass
class _Kept:
    version: int
    model: CatalogModel


class CatalogModels:
    """The groups' catalog models, as current as their catalogs."""

    def __init__(self, db: Database, work: Work, budget: int = MEMORY_BUDGET_WORDS) -> None:
        self.db, self.work, self.budget = db, work, budget
        self._file, self._busy_ms = catalog_location(db)
        self._worker_db: Database | None = None
        self._kept: OrderedDict[int, _Kept] = OrderedDict()
        self.built = 0  # models built or brought up to date (for the bench, logs and tests)
        self.loaded = 0  # current models read back from the store
        self.reused = 0  # current models found in memory

    def current(self, chat_id: int) -> bool:
        """Whether the group's model needs no building (cheap: one row)."""
        return model_is_current(self.db, chat_id)

    async def model(self, chat_id: int, now: datetime) -> CatalogModel | None:
        """The group's model, as of its catalog now; None when its catalog is empty."""
        version = catalog_version(self.db, chat_id)
        kept = self._kept.pop(chat_id, None)  # its memory is free before a new one is built
        if version is None:
            return None
        if kept is not None and kept.version == version:
            self.reused += 1
            return self._keep(chat_id, version, kept.model)
        previous = kept.model if kept is not None else None
        if self._file is None:  # an in-memory catalog has one connection: this thread's
            model, built, stored = self._bring_up_to_date(self.db, chat_id, version, previous, now)
        else:
            model, built, stored = await self.work(self._in_worker, chat_id, version, previous, now)
        self.built += built
        self.loaded += not built
        if not stored:  # not kept either: the next refresh builds it again, and stores it
            return None if model.empty else model
        return self._keep(chat_id, version, model)

    async def read(
        self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """`fn(db, *args)` in the worker, on its connection (inline for an in-memory catalog)."""
        if self._file is None:
            return fn(self.db, *args, **kwargs)
        result: T = await self.work(lambda: fn(self._connection(), *args, **kwargs))
        return result

    def _in_worker(
        self, chat_id: int, version: int, previous: CatalogModel | None, now: datetime
    ) -> tuple[CatalogModel, bool, bool]:
        return self._bring_up_to_date(self._connection(), chat_id, version, previous, now)

    def _connection(self) -> Database:
        """The worker's own connection (opened there on first use): the event loop's stays free."""
        if self._worker_db is None:
            assert self._file is not None
            self._worker_db = connect(self._file, self._busy_ms, any_thread=True)
        return self._worker_db

    @staticmethod
    def _bring_up_to_date(
        db: Database, chat_id: int, version: int, previous: CatalogModel | None, now: datetime
    ) -> tuple[CatalogModel, bool, bool]:
        """The stored model if it is current; else one built from the catalog, copying what
        `previous` (or the stored model) already has, and stored. Whether it was built, and
        whether the store has it."""
        stored = stored_model(db, chat_id)
        if stored is not None and (stored.version == version or previous is None):
            try:
                unpacked: CatalogModel | None = unpack_model(stored.blob)
            except StaleBlob:
                unpacked = None
            if unpacked is not None and stored.version == version:
                return unpacked, False, True
            previous = unpacked
        texts = catalog_texts(db, chat_id)
        entries = [CatalogEntry(t.key, t.text, t.has_notes, t.title) for t in texts]
        del texts
        model = build_catalog_model(entries, previous)
        try:
            save_model(db, chat_id, version, len(entries), pack_model(model), now)
        except CatalogWriteError as exc:  # the digest still has its model
            log.warning("catalog model of %s not stored: %s", chat_id, exc)
            return model, True, False
        return model, True, True

    def close(self) -> None:
        """Close the worker's connection (after the worker has stopped)."""
        if self._worker_db is not None:
            self._worker_db.close()
            self._worker_db = None

    def _keep(self, chat_id: int, version: int, model: CatalogModel) -> CatalogModel | None:
        self._kept.pop(chat_id, None)
        if model.size <= self.budget:
            while self._kept and self._held() + model.size > self.budget:
                self._kept.popitem(last=False)
            self._kept[chat_id] = _Kept(version, model)
        return None if model.empty else model

    def _held(self) -> int:
        return sum(kept.model.size for kept in self._kept.values())
