"""Each group's catalog model for the digest builder: loaded from the store while it matches
the catalog, brought up to date when the catalog changed (copying the entries whose text did
not change), and the most recently used kept in memory within a budget.

Whether a model is current is one row, read on the caller's thread (the event loop). The
catalog's texts and the model's blob are read and written through the catalog workers
(store/workers.py), and unpacking and building run through `work` (the builder's one worker
thread), so a 5,000-note catalog never holds the event loop."""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jobs.rank.catalog_model import CatalogEntry, CatalogModel, build_catalog_model
from jobs.rank.model_blob import StaleBlob, pack_model, unpack_model
from store.catalog_models import catalog_version, model_is_current, save_model, stored_model
from store.db import CatalogWriteError
from store.digests import catalog_texts
from store.workers import CatalogSlow, CatalogWorkers

log = logging.getLogger(__name__)

# Word weights of the models kept in memory, over all groups (24 bytes each with the inverted
# index, plus titles and vocabulary: a 5,000-note catalog holds ~430,000). Past it the least
# recently used go.
MEMORY_BUDGET_WORDS = 500_000

Work = Callable[..., Awaitable[Any]]


@dataclass
class _Kept:
    version: int
    model: CatalogModel


class CatalogModels:
    """The groups' catalog models, as current as their catalogs."""

    def __init__(
        self,
        catalog: CatalogWorkers,
        work: Work,
        budget: int = MEMORY_BUDGET_WORDS,
    ) -> None:
        self.catalog, self.work, self.budget = catalog, work, budget
        self._kept: OrderedDict[int, _Kept] = OrderedDict()
        self.built = 0  # models built or brought up to date (for the bench, logs and tests)
        self.loaded = 0  # current models read back from the store
        self.reused = 0  # current models found in memory

    async def current(self, chat_id: int) -> bool:
        """Whether the group's model needs no building (cheap: one row, in a reader)."""
        return await self.catalog.read(model_is_current, chat_id)

    async def model(self, chat_id: int, now: datetime) -> CatalogModel | None:
        """The group's model, as of its catalog now; None when its catalog is empty."""
        version = await self.catalog.read(catalog_version, chat_id)
        kept = self._kept.pop(chat_id, None)  # its memory is free before a new one is built
        if version is None:
            return None
        if kept is not None and kept.version == version:
            self.reused += 1
            return self._keep(chat_id, version, kept.model)
        previous = kept.model if kept is not None else None
        stored = await self.catalog.read(stored_model, chat_id)
        if stored is not None and (stored.version == version or previous is None):
            unpacked = await self.work(_unpacked, stored.blob)
            if unpacked is not None and stored.version == version:
                self.loaded += 1
                return self._keep(chat_id, version, unpacked)
            previous = unpacked
        texts = await self.catalog.read(catalog_texts, chat_id)
        entries = [CatalogEntry(t.key, t.text, t.has_notes, t.title) for t in texts]
        del texts
        model = await self.work(build_catalog_model, entries, previous)
        self.built += 1
        blob = await self.work(pack_model, model)
        try:
            await self.catalog.write(save_model, chat_id, version, len(entries), blob, now)
        except (CatalogWriteError, CatalogSlow) as exc:  # the digest still has its model
            log.warning("catalog model of %s not stored: %s", chat_id, exc)
            return None if model.empty else model  # not kept: the next refresh stores it
        return self._keep(chat_id, version, model)

    def _keep(self, chat_id: int, version: int, model: CatalogModel) -> CatalogModel | None:
        self._kept.pop(chat_id, None)
        if model.size <= self.budget:
            while self._kept and self._held() + model.size > self.budget:
                self._kept.popitem(last=False)
            self._kept[chat_id] = _Kept(version, model)
        return None if model.empty else model

    def _held(self) -> int:
        return sum(kept.model.size for kept in self._kept.values())


def _unpacked(blob: bytes) -> CatalogModel | None:
    """A stored model, or None when it was packed another way (it is rebuilt)."""
    try:
        return unpack_model(blob)
    except StaleBlob:
        return None
