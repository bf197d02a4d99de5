"""A listing as every group tracking the same categories ranks it: its candidates loaded,
tokenised into one index and (with the optional semantic ranker) embedded once, by whichever
digest or preparation needs it first; yesterday's are dropped."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from jobs.rank.lexical import CatalogModel, ListingIndex, Ranked, RankInput, build_listing_index
from jobs.rank.semantic.errors import EncodingStopped
from store.digests import CatalogText
from store.feeds import Candidate, listing_candidates
from store.listing_facts import counted_once
from store.workers import CatalogWorkers

log = logging.getLogger(__name__)


class Semantic(Protocol):
    """The optional semantic ranker (jobs/rank/semantic/embedder.py), seen without numpy."""

    def listing(self, candidates: Sequence[RankInput], day: date) -> Any:
        """The listing's candidates embedded, once for every group."""
        ...

    def rerank(
        self,
        embedded: Any,
        catalog: Sequence[CatalogText],
        keywords: Sequence[str],
        lexical: Sequence[Ranked],
        index: ListingIndex,
        model: CatalogModel | None,
        size: int,
        day: date,
    ) -> list[Ranked]:
        """The lexical order fused with the semantic one, the first `size` explained."""
        ...

    def embed_entries(self, catalog: Sequence[CatalogText], day: date) -> int:
        """Store the vectors of catalog entries not stored yet; how many were encoded."""
        ...

    def stop(self) -> None:
        """Make a running encode give up at its next batch."""
        ...

    def close(self) -> None:
        """Close the connections its threads opened."""
        ...


@dataclass(frozen=True)
class SharedListing:
    """One listing in one set of categories, as every group tracking them ranks it."""

    candidates: dict[str, Candidate]
    index: ListingIndex
    counts: Mapping[str, tuple[int, int]]
    embedded: Any = None  # the semantic ranker's vectors of the candidates, when it runs


class ListingCache:
    """The shared listings of the day, keyed by listing and categories."""

    def __init__(
        self,
        catalog: CatalogWorkers,
        in_worker: Callable[..., Awaitable[Any]],
        semantic: Semantic | None,
    ) -> None:
        """`in_worker` runs CPU work in the builder's one worker thread."""
        self.catalog, self._in_worker, self.semantic = catalog, in_worker, semantic
        self._listings: dict[tuple[date, tuple[str, ...]], SharedListing] = {}
        self._loading = asyncio.Lock()
        self.indexed = 0  # listing indexes built (for the bench and the tests)

    async def get(self, listing: date, categories: tuple[str, ...]) -> SharedListing:
        """The shared listing: loaded, indexed and embedded once, by whoever needs it first."""
        shared = self._listings.get((listing, categories))
        if shared is not None:
            return shared
        async with self._loading:  # a digest waits for the preparation instead of repeating it
            return await self._load(listing, categories)

    async def _load(self, listing: date, categories: tuple[str, ...]) -> SharedListing:
        key = (listing, categories)
        shared = self._listings.get(key)
        if shared is None:
            for old in [k for k in self._listings if k[0] != listing]:
                del self._listings[old]  # yesterday's listings are done with
            candidates = await self.catalog.read(listing_candidates, listing, categories)
            inputs = [
                RankInput(
                    c.paper.arxiv_id, c.paper.title, c.paper.abstract, c.announce_type, c.position
                )
                for c in candidates
            ]
            index = await self._in_worker(build_listing_index, inputs)
            self.indexed += 1
            embedded = await self._in_worker(self._embed, inputs, listing)
            counts = await self.catalog.read(counted_once, listing, categories)
            by_id = {c.paper.arxiv_id: c for c in candidates}
            shared = SharedListing(by_id, index, counts, embedded)
            self._listings[key] = shared
        return shared

    def _embed(self, inputs: Sequence[RankInput], listing: date) -> Any:
        """The semantic ranker's vectors of the listing; None (lexical alone) if it fails."""
        if self.semantic is None or not inputs:
            return None
        try:
            return self.semantic.listing(inputs, listing)
        except EncodingStopped:  # the bot is stopping: nothing to report
            return None
        except Exception:  # optional: whatever breaks it, the digest goes out lexical
            log.exception("semantic ranker off for listing %s", listing)
            return None
