"""Look papers up on the arXiv API (the `arxiv` package), politely, off the event loop."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import Any

import arxiv
import requests
from requests.adapters import HTTPAdapter

from jobs.polite import Pacer
from store.db import Database
from store.ids import ArxivId, InvalidArxivId, parse_arxiv_id
from store.papers import Paper, get_paper, upsert_papers

log = logging.getLogger(__name__)

REQUEST_TIMEOUT = 15.0


class ArxivUnavailable(Exception):
    """arXiv did not answer in time, or answered with an error."""


class _PoliteAdapter(HTTPAdapter):
    """Every request the `arxiv` client makes goes through the shared pacer, with a timeout."""

    def __init__(self, pacer: Pacer, timeout: float) -> None:
        super().__init__(max_retries=0)
        self._pacer = pacer
        self._timeout = timeout

    def send(
        self, request: requests.PreparedRequest, *args: Any, **kwargs: Any
    ) -> requests.Response:
        kwargs["timeout"] = kwargs.get("timeout") or self._timeout
        with self._pacer:
            return super().send(request, *args, **kwargs)


class ArxivApi:
    """A blocking arXiv API client; call `fetch` from a worker thread."""

    def __init__(self, api_url: str, pacer: Pacer, timeout: float = REQUEST_TIMEOUT) -> None:
        # Spacing is the pacer's job (shared with the RSS fetcher), so the client's own is off.
        self._client = arxiv.Client(page_size=100, delay_seconds=0.0, num_retries=0)
        self._client.query_url_format = api_url.rstrip("?") + "?{}"
        # arxiv 4 exposes no hook for its requests session; mounting an adapter is the least
        # intrusive way to give it a timeout and our pacing.
        adapter = _PoliteAdapter(pacer, timeout)
        self._client._session.mount("http://", adapter)
        self._client._session.mount("https://", adapter)
        self.timeout = timeout

    def fetch(self, arxiv_id: ArxivId) -> Paper | None:
        """The paper as arXiv has it now, or None if arXiv does not know the id."""
        search = arxiv.Search(id_list=[str(arxiv_id)], max_results=1)
        try:
            results = list(self._client.results(search))
        except (arxiv.ArxivError, requests.RequestException) as exc:
            raise ArxivUnavailable(str(exc)) from exc
        for result in results:
            paper = paper_from_result(result)
            if paper is not None and paper.arxiv_id == arxiv_id.id:
                return paper
        return None


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


async def find_paper(db: Database, api: ArxivApi, arxiv_id: ArxivId, now: datetime) -> Paper | None:
    """The stored paper, else fetched from arXiv and stored; None when arXiv does not know it."""
    stored = get_paper(db, arxiv_id.id)
    if stored is not None and (
        arxiv_id.version is None or (stored.version or 0) >= arxiv_id.version
    ):
        return stored
    try:
        paper = await asyncio.wait_for(asyncio.to_thread(api.fetch, arxiv_id), api.timeout * 2)
    except TimeoutError as exc:
        raise ArxivUnavailable("timed out") from exc
    if paper is None:
        return stored
    upsert_papers(db, [paper], now)
    return get_paper(db, paper.arxiv_id)
