"""Summaries made in the background: the papers groups will be shown are queued when the
listing is fetched (and again when a digest is built), each (paper version, language) asked
of the provider once, in one lane, until the day's token budget is spent. Nothing waits for
it: a digest item without a summary shows the abstract's first sentence."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Protocol

from jobs.summaries.check import checked_draft, checked_summary
from jobs.summaries.prompt import DRAFT_TOKENS, SUMMARY_TOKENS, draft_messages, summary_messages
from jobs.summaries.provider import Answer, Messages, ProviderError
from store.papers import Paper
from store.summaries import (
    PaperKey,
    Usage,
    add_usage,
    get_usage,
    mark_budget_told,
    missing_summaries,
    save_summary,
)
from store.workers import CatalogWorkers

log = logging.getLogger(__name__)

BudgetSpent = Callable[[Usage, int], Awaitable[None]]


class Provider(Protocol):
    """jobs/summaries/provider.py ChatProvider, or a test's stand-in."""

    async def complete(self, messages: Messages, max_tokens: int) -> Answer: ...

    async def close(self) -> None: ...


def paper_key(paper: Paper) -> PaperKey:
    """A summary belongs to one version of a paper."""
    return paper.arxiv_id, paper.version or 0


class Summarizer:
    """The queue of wanted summaries and its one runner task."""

    def __init__(
        self,
        catalog: CatalogWorkers,
        provider: Provider,
        clock: Callable[[], datetime],
        daily_tokens: int,
        on_budget_spent: BudgetSpent | None = None,
    ) -> None:
        self.catalog, self.provider, self.clock = catalog, provider, clock
        self.daily_tokens, self.on_budget_spent = daily_tokens, on_budget_spent
        self._queue: deque[tuple[Paper, str]] = deque()
        self._queued: set[tuple[PaperKey, str]] = set()
        self._runner: asyncio.Task[None] | None = None
        self.made = 0  # summaries stored (for the bench and the tests)

    def want(self, papers: Sequence[Paper], language: str) -> None:
        """Queue these papers' summaries in `language`; returns at once."""
        for paper in papers:
            job = (paper_key(paper), language)
            if job not in self._queued and paper.abstract:
                self._queued.add(job)
                self._queue.append((paper, language))
        if self._queue and (self._runner is None or self._runner.done()):
            self._runner = asyncio.get_running_loop().create_task(self._run())

    async def idle(self) -> None:
        """Wait until the queue is worked off (the bench; a test waits on the digest instead)."""
        while self._runner is not None and not self._runner.done():
            await asyncio.shield(self._runner)

    async def _run(self) -> None:
        while self._queue:
            paper, language = self._queue.popleft()
            try:
                await self._summarise(paper, language)
            except asyncio.CancelledError:
                raise
            except Exception:  # one paper's failure must not stop the others
                log.exception("summary of %s (%s) not made", paper.arxiv_id, language)
            finally:
                self._queued.discard((paper_key(paper), language))

    async def _summarise(self, paper: Paper, language: str) -> None:
        key = paper_key(paper)
        if not await self.catalog.read(missing_summaries, [key], language):
            return
        answer = await self._ask(
            summary_messages(paper.title, paper.abstract, language), SUMMARY_TOKENS
        )
        if answer is None:
            return
        text = checked_summary(answer.text, language)
        if text is None:
            log.info("summary of %s not in %s or not plain text: not shown", key[0], language)
            return
        now = self.clock()
        await self.catalog.write(save_summary, key, language, text, answer.tokens, now)
        self.made += 1

    async def draft(self, paper: Paper, language: str, labels: tuple[str, ...]) -> str | None:
        """A draft note in the catalog's labelled fields, never stored; None if none came."""
        answer = await self._ask(
            draft_messages(paper.title, paper.abstract, language, labels), DRAFT_TOKENS
        )
        return checked_draft(answer.text, language, labels) if answer is not None else None

    async def budget_left(self) -> bool:
        """Whether today's budget still has tokens."""
        usage = await self.catalog.read(get_usage, self.clock().date())
        return usage.tokens < self.daily_tokens

    async def _ask(self, messages: Messages, max_tokens: int) -> Answer | None:
        """One request within the day's budget, counted; None when spent or failed."""
        day = self.clock().date()
        usage = await self.catalog.read(get_usage, day)
        if usage.tokens >= self.daily_tokens:
            await self._spent(usage)
            return None
        try:
            answer = await self.provider.complete(messages, max_tokens)
        except ProviderError as exc:
            log.warning("summaries provider: %s", exc)
            await self.catalog.write(add_usage, day, 1, 0)
            return None
        usage = await self.catalog.write(add_usage, day, 1, answer.tokens)
        if usage.tokens >= self.daily_tokens:
            await self._spent(usage)
        return answer

    async def _spent(self, usage: Usage) -> None:
        """The budget is spent: drop the queue until tomorrow, and tell the operator once."""
        self._queue.clear()
        self._queued.clear()
        if await self.catalog.write(mark_budget_told, usage.day) and self.on_budget_spent:
            await self.on_budget_spent(usage, self.daily_tokens)

    async def close(self) -> None:
        """Stop the runner (a hanging request with it) and close the provider."""
        if self._runner is not None:
            self._runner.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._runner
        await self.provider.close()
