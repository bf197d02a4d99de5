"""Look papers up on the arXiv API (the `arxiv` package), politely, off the event loop."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import arxiv
import requests
from requests.adapters import HTTPAdapter

from jobs.arxiv.pacer import Lane, Pacer, PacerTimeout
from store.db import CatalogWriteError
from store.member_views import store_paper
from store.papers import Paper, get_paper, mark_metadata_checked
from store.parse.ids import ArxivId, InvalidArxivId, parse_arxiv_id
from store.workers import CatalogSlow, CatalogWorkers

log = logging.getLogger(__name__)

REQUEST_TIMEOUT = 15.0
ID_BATCH = 100  # ids per API request: arXiv's page size, so one batch is one request


class ArxivUnavailable(Exception):
    """arXiv did not answer in time, or answered with an error."""


class _PoliteAdapter(HTTPAdapter):
    """Every request the `arxiv` client makes takes a turn of the shared pacer, in the lane the
    calling thread set, and has a timeout."""

    def __init__(self, pacer: Pacer, timeout: float) -> None:
        super().__init__(max_retries=0)
        self._pacer = pacer
        self._timeout = timeout
        self.calling = threading.local()  # `lane` of the worker thread making the request

    def send(
        self, request: requests.PreparedRequest, *args: Any, **kwargs: Any
    ) -> requests.Response:
        kwargs["timeout"] = kwargs.get("timeout") or self._timeout
        lane: Lane = getattr(self.calling, "lane", Lane.BACKGROUND)
        try:
            with self._pacer.turn(lane, timeout=self._timeout):
                return super().send(request, *args, **kwargs)
        except PacerTimeout as exc:
            raise requests.Timeout(str(exc)) from exc


class ArxivApi:
    """A blocking arXiv API client; call `fetch` from a worker thread."""

    def __init__(self, api_url: str, pacer: Pacer, timeout: float = REQUEST_TIMEOUT) -> None:
        # Spacing is the pacer's job (shared with the RSS fetcher), so the client's own is off.
        self._client = arxiv.Client(page_size=100, delay_seconds=0.0, num_retries=0)
        self._client.query_url_format = api_url.rstrip("?") + "?{}"
        # arxiv 4 exposes no hook for its requests session; mounting an adapter is the least
        # intrusive way to give it a timeout and our pacing.
        self._adapter = _PoliteAdapter(pacer, timeout)
        self._client._session.mount("http://", self._adapter)
        self._client._session.mount("https://", self._adapter)
        self.timeout = timeout

    def fetch(self, arxiv_id: ArxivId) -> Paper | None:
        """A member's look-up (interactive lane): the paper as arXiv has it now, or None if
        arXiv does not know the id."""
        return self.fetch_batch([arxiv_id], Lane.INTERACTIVE).get(arxiv_id.id)

    def fetch_batch(
        self, arxiv_ids: Sequence[ArxivId], lane: Lane = Lane.BACKGROUND
    ) -> dict[str, Paper]:
        """Up to ID_BATCH papers in one request, by versionless id; unknown ids are absent."""
        if len(arxiv_ids) > ID_BATCH:
            raise ValueError(f"at most {ID_BATCH} ids per request")
        wanted = {arxiv_id.id for arxiv_id in arxiv_ids}
        search = arxiv.Search(id_list=[str(i) for i in arxiv_ids], max_results=len(arxiv_ids))
        self._adapter.calling.lane = lane
        try:
            results = list(self._client.results(search))
        except (arxiv.ArxivError, requests.RequestException) as exc:
            raise ArxivUnavailable(str(exc)) from exc
        found: dict[str, Paper] = {}
        for result in results:
            paper = paper_from_result(result)
            if paper is not None and paper.arxiv_id in wanted:
                found[paper.arxiv_id] = paper
        return found


def paper_from_result(result: arxiv.Result) -> Paper | None:
    """Convert an API result; the API's error entries (no real id) give None."""
    try:
        parsed = parse_arxiv_id(result.entry_id)
    except InvalidArxivId:
        return None
    return Paper(
        arxiv_id=parsed.id,
        version=parsed.version,
        title=" ".join(result.title.split()),
        authors=tuple(author.name for author in result.authors),
        abstract=" ".join(result.summary.split()),
        categories=tuple(result.categories),
        primary_category=result.primary_category,
        published=result.published,
        updated=result.updated,
        comment=result.comment or "",
        journal_ref=result.journal_ref or "",
        doi=result.doi or "",
        source="api",
    )


async def find_paper(
    catalog: CatalogWorkers,
    api: ArxivApi,
    arxiv_id: ArxivId,
    now: datetime,
    before_fetch: Callable[[], None] | None = None,
) -> Paper | None:
    """The stored paper, else fetched from arXiv and stored; None when arXiv does not know it.
    `before_fetch` runs only when arXiv is asked (the bot lets the member's chat go on).
    The catalog is read and written in its workers, arXiv asked in a thread of its own."""
    stored = await catalog.read(get_paper, arxiv_id.id)
    if (
        stored is not None
        and not stored.lacks_metadata
        and (arxiv_id.version is None or (stored.version or 0) >= arxiv_id.version)
    ):
        return stored
    if before_fetch is not None:
        before_fetch()
    try:
        paper = await asyncio.wait_for(asyncio.to_thread(api.fetch, arxiv_id), api.timeout * 2)
    except (TimeoutError, ArxivUnavailable) as exc:
        if stored is not None and stored.lacks_metadata:
            # An imported title is still a paper: the backfill completes it later.
            log.info("metadata of %s not looked up now: %s", arxiv_id, exc or "timed out")
            return stored
        raise ArxivUnavailable(str(exc) or "timed out") from exc
    try:
        if paper is None:
            if stored is not None:
                await catalog.write(mark_metadata_checked, [stored.arxiv_id], now)
            return stored
        return await catalog.write(store_paper, paper, now)
    except (CatalogWriteError, CatalogSlow) as exc:  # a cache: the member still gets the paper
        log.warning("could not store %s (shown anyway): %s", arxiv_id, exc)
        return paper or stored
