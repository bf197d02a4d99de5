"""Building digests for many groups at once without paying for each: a listing's candidates
are loaded and tokenised once and shared by every group tracking the same categories, each
group's catalog model is kept between digests and rebuilt only when its catalog changed (a
group with no catalog has none), and builds run one at a time in one worker thread, so memory
stays bounded and each group can be sent as soon as its own digest is ready. With the optional
semantic ranker, the listing is also embedded once and each group's order fused with it."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from jobs.catalog_model import catalog_fingerprint
from jobs.digest import Chosen
from jobs.ranking import (
    EXPLAINED,
    CatalogEntry,
    CatalogModel,
    ListingIndex,
    Ranked,
    RankInput,
    Reason,
    build_catalog_model,
    build_listing_index,
    rank,
)
from jobs.turns import CheapestFirst
from store.db import Database
from store.digest_costs import catalog_size
from store.digests import CatalogText, DigestItem, catalog_texts, start_digest
from store.feeds import Candidate, listing_candidates, listing_counts
from store.groups import Group

log = logging.getLogger(__name__)

# Catalog entries kept in built models, over all groups (a 5,000-entry model is ~60 MB):
# past this, the models used longest ago are dropped and rebuilt when next needed.
MODEL_BUDGET_ENTRIES = 6_000


class PartPacker(Protocol):
    """How the chosen items split into messages (the bot knows their rendered lengths)."""

    def parts(
        self, listing: date, counts: Mapping[str, tuple[int, int]], chosen: Sequence[Chosen]
    ) -> list[int]:
        """Each item's 0-based part."""
        ...


class Semantic(Protocol):
    """The optional semantic ranker (jobs/semantic/embedder.py), seen without numpy."""

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


@dataclass(frozen=True)
class SharedListing:
    """One listing in one set of categories, as every group tracking them ranks it."""

    candidates: dict[str, Candidate]
    index: ListingIndex
    counts: Mapping[str, tuple[int, int]]
    embedded: Any = None  # the semantic ranker's vectors of the candidates, when it runs


@dataclass
class _Kept:
    fingerprint: str
    model: CatalogModel | None
    size: int


class ModelCache:
    """Each group's catalog model, keyed by what it was built from, within a size budget."""

    def __init__(self, budget: int = MODEL_BUDGET_ENTRIES) -> None:
        self.budget = budget
        self._kept: OrderedDict[int, _Kept] = OrderedDict()
        self.built = 0  # models built (for the bench and the logs)
        self.reused = 0

    def keeps(self, chat_id: int) -> bool:
        """Whether a model of the group's catalog is kept."""
        return chat_id in self._kept

    def model(self, chat_id: int, texts: Sequence[CatalogText]) -> CatalogModel | None:
        """The group's model for this catalog: kept if unchanged, else built (worker thread)."""
        if not texts:
            self._kept.pop(chat_id, None)
            return None
        entries = [CatalogEntry(t.key, t.text, t.has_notes, t.title) for t in texts]
        fingerprint = catalog_fingerprint(entries)
        kept = self._kept.get(chat_id)
        if kept is not None and kept.fingerprint == fingerprint:
            self._kept.move_to_end(chat_id)
            self.reused += 1
            return kept.model
        self._kept.pop(chat_id, None)
        while self._kept and sum(k.size for k in self._kept.values()) + len(entries) > self.budget:
            self._kept.popitem(last=False)  # make room first: never two big models at once
        model = build_catalog_model(entries)
        self.built += 1
        if len(entries) <= self.budget:
            self._kept[chat_id] = _Kept(fingerprint, model, len(entries))
        return model


class DigestBuilder:
    """Choose a group's items for a listing and write them to the ledger before any send."""

    def __init__(
        self,
        db: Database,
        packer: PartPacker,
        *,
        budget: int = MODEL_BUDGET_ENTRIES,
        semantic: Semantic | None = None,
    ) -> None:
        self.db, self.packer, self.semantic = db, packer, semantic
        self.models = ModelCache(budget)
        self._listings: dict[tuple[date, tuple[str, ...]], SharedListing] = {}
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="digest-build")
        self._turns = CheapestFirst()
        self.indexed = 0  # listing indexes built (for the bench and the tests)

    async def __call__(self, group: Group, listing: date, now: datetime) -> bool:
        """Build the group's digest of `listing`; False when the listing has nothing for it."""
        # a kept model is cheap to reuse (its catalog is likely unchanged); else its size
        cost = 0 if self.models.keeps(group.chat_id) else catalog_size(self.db, group.chat_id)
        async with self._turns.turn(cost):  # one catalog in memory, one build on the CPU
            shared = await self._listing(listing, tuple(group.categories))
            if not shared.candidates:
                return False
            texts = catalog_texts(self.db, group.chat_id)
            chosen = await self._in_worker(self._choose, group, shared, texts, listing)
        parts = self.packer.parts(listing, shared.counts, chosen)
        items = [
            DigestItem(number, c.paper.arxiv_id, c.ranked.score, _reasons(c.ranked.reasons), part)
            for number, (c, part) in enumerate(zip(chosen, parts, strict=True), 1)
        ]
        start_digest(self.db, group.chat_id, listing, items, (parts[-1] + 1) if parts else 0, now)
        return True

    async def _listing(self, listing: date, categories: tuple[str, ...]) -> SharedListing:
        """The shared listing: loaded and indexed by the first group that needs it."""
        key = (listing, categories)
        shared = self._listings.get(key)
        if shared is None:
            for old in [k for k in self._listings if k[0] != listing]:
                del self._listings[old]  # yesterday's listings are done with
            candidates = listing_candidates(self.db, listing, categories)
            inputs = [
                RankInput(
                    c.paper.arxiv_id, c.paper.title, c.paper.abstract, c.announce_type, c.position
                )
                for c in candidates
            ]
            index = await self._in_worker(build_listing_index, inputs)
            self.indexed += 1
            embedded = await self._in_worker(self._embed, inputs, listing)
            counts = listing_counts(self.db, listing, categories)
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
        except Exception:  # optional: whatever breaks it, the digest goes out lexical
            log.exception("semantic ranker off for listing %s", listing)
            return None

    def _choose(
        self, group: Group, shared: SharedListing, texts: Sequence[CatalogText], listing: date
    ) -> list[Chosen]:
        """Pure CPU, in the worker: the group's model (kept or built), then its best items."""
        model = self.models.model(group.chat_id, texts)
        size = group.digest_size
        explained = max(size, EXPLAINED)
        ranked = rank(shared.index, model, group.keywords, explain_top=explained)
        if self.semantic is not None and shared.embedded is not None:
            try:
                ranked = self.semantic.rerank(
                    shared.embedded, texts, group.keywords, ranked, shared.index, model,
                    explained, listing,
                )  # fmt: skip
            except Exception:  # optional: the lexical order stands
                log.exception("semantic ranker off for group %s", group.chat_id)
        return [
            Chosen(
                shared.candidates[r.arxiv_id].paper, shared.candidates[r.arxiv_id].announce_type, r
            )
            for r in ranked[: group.digest_size]
        ]

    async def _in_worker(self, work: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._worker, work, *args)

    def close(self) -> None:
        """Stop the worker (after the application stops)."""
        self._worker.shutdown(wait=False, cancel_futures=True)


def _reasons(reasons: Sequence[Reason]) -> tuple[dict[str, Any], ...]:
    return tuple({"kind": r.kind, "value": r.value, "notes": r.notes} for r in reasons)
