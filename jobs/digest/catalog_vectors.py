"""The semantic ranker's vectors of each group's catalog entries, made when the catalog
changes (a note written, a claim, an import) rather than at its next digest: the builder's
refresh calls this in the background, and the vectors are stored through the one writer.

Entries go to the model a slice at a time, each slice taking its turn with the digests, so a
5,000-note import never holds a digest due meanwhile for more than a few seconds."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from typing import Any, Protocol

from jobs.digest.turns import CheapestFirst
from jobs.rank.semantic.errors import EncodingStopped
from store.catalog_models import catalog_versions
from store.digests import CatalogText, catalog_texts
from store.workers import CatalogWorkers

log = logging.getLogger(__name__)

SLICE = 64  # entries per turn: a few seconds of encoding on a busy core


class EntryEmbedder(Protocol):
    """The part of the semantic ranker this needs (jobs/rank/semantic/embedder.py)."""

    def embed_entries(self, catalog: Sequence[CatalogText], day: date) -> int:
        """Store the vectors of the entries not stored yet; how many were encoded."""
        ...


class CatalogVectors:
    """Which groups' catalogs are embedded as they stand (by catalog version), in memory: at
    start every catalog is checked once (already stored vectors cost only a look-up)."""

    def __init__(
        self,
        catalog: CatalogWorkers,
        semantic: EntryEmbedder,
        turns: CheapestFirst,
        work: Callable[..., Awaitable[Any]],
    ) -> None:
        self.catalog, self.semantic, self.turns, self.work = catalog, semantic, turns, work
        self._embedded: dict[int, int] = {}  # chat id -> the catalog version embedded
        self.encoded = 0  # entries run through the model (for the bench and the logs)

    async def refresh(self, day: date) -> int:
        """Embed every active group's changed catalog; how many groups were brought up to date."""
        done = 0
        for chat_id, version in await self.catalog.read(catalog_versions):
            if self._embedded.get(chat_id) == version:
                continue
            try:
                texts = await self.catalog.read(catalog_texts, chat_id)
                for start in range(0, len(texts), SLICE):
                    chunk = texts[start : start + SLICE]
                    async with self.turns.turn(len(chunk)):
                        self.encoded += await self.work(self.semantic.embed_entries, chunk, day)
            except EncodingStopped:  # the bot is stopping: the next start goes on
                return done
            except Exception:  # one group's failure must not keep the others unembedded
                log.exception("catalog vectors of %s not brought up to date", chat_id)
                continue
            self._embedded[chat_id] = version
            done += 1
        return done
