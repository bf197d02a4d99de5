"""Building digests for many groups at once without paying for each: a listing's candidates
are loaded and tokenised once and shared by every group tracking the same categories
(jobs/digest/listings.py), each group's catalog model is stored and brought up to date when
its catalog changes, in the background (jobs/rank/model_cache.py; a group with no catalog has
none), and builds run one at a time in one worker thread, so memory stays bounded and each
group can be sent as soon as its own digest is ready. With the optional semantic ranker, the
listing is also embedded once and each group's order fused with it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from typing import Any, Protocol

from jobs.digest.catalog_vectors import CatalogVectors
from jobs.digest.choose import Chosen
from jobs.digest.listings import ListingCache, Semantic, SharedListing
from jobs.digest.turns import CheapestFirst
from jobs.rank.group_feedback import build_feedback
from jobs.rank.lexical import (
    EXPLAINED,
    CatalogModel,
    add_group_reasons,
    rank,
)
from jobs.rank.model_cache import MEMORY_BUDGET_WORDS, CatalogModels
from jobs.schedule import Timer
from store.catalog_models import stale_models
from store.db import Database
from store.digest_costs import catalog_size
from store.digests import CatalogText, DigestItem, catalog_texts, start_digest
from store.group_signals import GroupSignal, group_signals
from store.groups import Group, active_groups
from store.workers import CatalogWorkers

log = logging.getLogger(__name__)

MODELS_JOB = "catalog-models"
# seconds: a catalog changed by a note or an import is indexed (and embedded) this soon; a
# round with nothing changed costs one query
MODELS_EVERY = 60.0
MODELS_AT_START = 1.0  # seconds after start: catalogs changed while the bot was stopped


class PartPacker(Protocol):
    """How the chosen items split into messages (the bot knows their rendered lengths)."""

    def parts(
        self, listing: date, counts: Mapping[str, tuple[int, int]], chosen: Sequence[Chosen]
    ) -> list[int]:
        """Each item's 0-based part."""
        ...


class DigestBuilder:
    """Choose a group's items for a listing and write them to the ledger before any send."""

    def __init__(
        self,
        db: Database,
        packer: PartPacker,
        *,
        catalog: CatalogWorkers | None = None,
        clock: Callable[[], datetime] | None = None,
        timer: Timer | None = None,
        budget: int = MEMORY_BUDGET_WORDS,
        semantic: Semantic | None = None,
    ) -> None:
        self.packer, self.semantic = packer, semantic
        self.clock = clock or (lambda: datetime.now(UTC))
        self.timer = timer
        self._own_catalog = catalog is None  # a builder of its own (tests, the CLI) closes it
        self.catalog = catalog if catalog is not None else CatalogWorkers(db)
        self.models = CatalogModels(self.catalog, self._in_worker, budget)
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="digest-build")
        self.listings = ListingCache(self.catalog, self._in_worker, semantic)
        self._turns = CheapestFirst()
        self._background: set[asyncio.Task[None]] = set()  # preparations under way
        self.vectors = None if semantic is None else (
            CatalogVectors(self.catalog, semantic, self._turns, self._in_worker)
        )  # fmt: skip
        self._refreshing = False  # a refresh embedding a large import outlasts the interval
        # told of each digest's items once its ledger is written (the summaries queue them)
        self.on_chosen: Callable[[Group, Sequence[Chosen]], Awaitable[None]] | None = None

    @property
    def indexed(self) -> int:
        """Listing indexes built (for the bench and the tests)."""
        return self.listings.indexed

    async def __call__(self, group: Group, listing: date, now: datetime) -> bool:
        """Build the group's digest of `listing`; False when the listing has nothing for it."""
        found = await self.choose(group, listing, now)
        if found is None:
            return False
        shared, chosen = found
        parts = self.packer.parts(listing, shared.counts, chosen)
        items = [
            DigestItem(number, c.paper.arxiv_id, c.ranked.score, c.ranked.reasons, part)
            for number, (c, part) in enumerate(zip(chosen, parts, strict=True), 1)
        ]
        total = (parts[-1] + 1) if parts else 0
        # the ledger through the one writer, off the event loop (no second way into SQLite)
        await self.catalog.write(start_digest, group.chat_id, listing, items, total, now)
        if self.on_chosen is not None:
            await self.on_chosen(group, chosen)
        return True

    async def preview(self, group: Group, listing: date, now: datetime) -> list[Chosen]:
        """The items the group's digest of `listing` would show, written nowhere."""
        found = await self.choose(group, listing, now)
        return found[1] if found is not None else []

    async def choose(
        self, group: Group, listing: date, now: datetime
    ) -> tuple[SharedListing, list[Chosen]] | None:
        """The group's items of `listing`, best first, as its digest posts them (the operator's
        preview calls this too); None when the listing has nothing for it."""
        # a current model is cheap to load; one to bring up to date costs its catalog's size
        current = await self.models.current(group.chat_id)
        cost = 0 if current else await self.catalog.read(catalog_size, group.chat_id)
        async with self._turns.turn(cost):  # one catalog in memory, one build on the CPU
            shared = await self.listings.get(listing, tuple(group.categories))
            if not shared.candidates:
                return None
            model = await self.models.model(group.chat_id, now)
            texts: Sequence[CatalogText] = []
            if shared.embedded is not None:
                texts = await self.catalog.read(catalog_texts, group.chat_id)
            signals = await self.catalog.read(group_signals, group.chat_id)
            chosen = await self._in_worker(
                self._choose, group, shared, model, texts, listing, signals, now
            )
        return shared, chosen

    def start(self) -> None:
        """Keep catalog models current in the background: soon after start (catalogs changed
        while the bot was stopped), then every few minutes (notes, claims and imports)."""
        if self.timer is None:
            raise RuntimeError("the bot's builder has a timer")
        self.timer.once(f"{MODELS_JOB}-start", MODELS_AT_START, self._refresh_job)
        self.timer.every(MODELS_JOB, MODELS_EVERY, self._refresh_job)

    async def _refresh_job(self) -> None:
        if self._refreshing:
            return
        self._refreshing = True
        try:
            await self.refresh_models()
        finally:
            self._refreshing = False

    async def refresh_models(self) -> int:
        """Bring every active group's out-of-date model up to date, one at a time, smallest
        catalog first, each taking its turn with the digests; how many were built."""
        built = 0
        for chat_id, size in await self.catalog.read(stale_models):
            async with self._turns.turn(size):
                before = self.models.built
                try:
                    await self.models.model(chat_id, self.clock())
                except Exception:  # one group's failure must not keep the others stale
                    log.exception("catalog model of %s not brought up to date", chat_id)
                built += self.models.built - before
        if built:
            log.info("catalog models brought up to date: %d", built)
        if self.vectors is not None:  # then the entries' vectors, which take longer
            await self.vectors.refresh(self.clock().date())
        return built

    async def prepare(self, listing: date) -> None:
        """A listing just stored: index and embed it now for every set of categories the groups
        track, so digests due later only rank (embedding is the semantic ranker's slow part)."""
        if self.semantic is None:
            return  # the lexical index costs milliseconds: the first digest builds it
        groups = await self.catalog.read(active_groups)
        for categories in dict.fromkeys(tuple(g.categories) for g in groups if g.categories):
            try:
                await self.listings.get(listing, categories)
            except Exception:  # the digests will try again, and tell the operator
                log.exception("listing %s not prepared for %s", listing, "+".join(categories))

    def prepare_soon(self, listing: date) -> None:
        """Prepare `listing` in the background (the watcher's listener must not wait for it)."""
        task = asyncio.get_running_loop().create_task(self.prepare(listing))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def _choose(
        self,
        group: Group,
        shared: SharedListing,
        model: CatalogModel | None,
        texts: Sequence[CatalogText],
        listing: date,
        signals: Sequence[GroupSignal] = (),
        now: datetime | None = None,
    ) -> list[Chosen]:
        """Pure CPU, in the worker: the group's best items, learning from what it did."""
        size = group.digest_size
        explained = max(size, EXPLAINED)
        feedback = build_feedback(signals, shared.index, now or self.clock()) if signals else None
        ranked = rank(shared.index, model, group.keywords, explain_top=explained, feedback=feedback)
        if self.semantic is not None and shared.embedded is not None:
            try:
                ranked = self.semantic.rerank(
                    shared.embedded, texts, group.keywords, ranked, shared.index, model,
                    explained, listing,
                )  # fmt: skip
            except Exception:  # optional: the lexical order stands
                log.exception("semantic ranker off for group %s", group.chat_id)
        ranked = add_group_reasons(ranked, shared.index, feedback, explained)
        return [
            Chosen(
                shared.candidates[r.arxiv_id].paper, shared.candidates[r.arxiv_id].announce_type, r
            )
            for r in ranked[: group.digest_size]
        ]

    async def _in_worker(self, work: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._worker, work, *args)

    def halt(self) -> None:
        """A stop signal came: end any encoding now, before the application waits for its
        jobs (a digest's embedding would otherwise hold the exit for minutes)."""
        if self.semantic is not None:
            self.semantic.stop()

    def close(self) -> None:
        """Stop the worker (after the application stops), and the catalog workers if its own."""
        for task in self._background:
            task.cancel()
        self._worker.shutdown(wait=False, cancel_futures=True)
        if self.semantic is not None:
            self.semantic.close()
        if self._own_catalog:
            self.catalog.close()
