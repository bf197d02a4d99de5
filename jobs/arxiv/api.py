"""Look papers up on the arXiv API (the `arxiv` package), politely, off the event loop."""

from __future__ import annotations

import asyncio
import calendar
import logging
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import feedparser
import httpx

from jobs.arxiv.pacer import Lane, Pacer, PacerTimeout
from jobs.arxiv.transfer import TransferFailed, get_within
from store.db import CatalogWriteError
from store.member_views import store_paper
from store.papers import Paper, get_paper, mark_metadata_checked
from store.parse.ids import ArxivId, InvalidArxivId, parse_arxiv_id
from store.workers import CatalogSlow, CatalogWorkers

log = logging.getLogger(__name__)

LOOKUP_SECONDS = 30.0  # a member's look-up, all told: half waiting for a turn, half the transfer
ID_BATCH = 100  # ids per API request: arXiv's page size, so one batch is one request
USER_AGENT = "paperclub (a study-group bot; one request per 3 s)"


class ArxivUnavailable(Exception):
    """arXiv did not answer in time, or answered with an error."""


class ArxivBroken(ArxivUnavailable):
    """arXiv answered, but not with a whole Atom feed (cut off, malformed, an HTML page): not
    "no such paper", which only a well-formed empty feed means."""


class ArxivApi:
    """A blocking arXiv API client; call `fetch` from a worker thread.

    Each request takes a turn of the shared pacer (in the caller's lane, waiting at most
    `timeout` for it) and then has `timeout` seconds for the whole transfer, connect to last
    byte (jobs/arxiv/transfer.py): an answer that drips is cut off at its deadline and its lane
    freed. A look-up therefore ends within 2 × `timeout`."""

    def __init__(self, api_url: str, pacer: Pacer, timeout: float = LOOKUP_SECONDS / 2) -> None:
        self.api_url = api_url.rstrip("?")
        self.timeout = timeout
        self._pacer = pacer

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
        query = {
            "id_list": ",".join(str(i) for i in arxiv_ids),
            "start": "0",
            "max_results": str(len(arxiv_ids)),
        }
        body = self._get(f"{self.api_url}?{urlencode(query)}", lane)
        wanted = {arxiv_id.id for arxiv_id in arxiv_ids}
        return {p.arxiv_id: p for p in papers_from_answer(body) if p.arxiv_id in wanted}

    def _get(self, url: str, lane: Lane) -> bytes:
        try:
            turn = self._pacer.turn(lane, timeout=self.timeout)
            response = get_within(url, {"User-Agent": USER_AGENT}, self.timeout, turn)
        except (PacerTimeout, TransferFailed) as exc:
            raise ArxivUnavailable(str(exc)) from exc
        if response.status_code != httpx.codes.OK:
            raise ArxivUnavailable(f"HTTP {response.status_code}")
        return response.content


def papers_from_answer(body: bytes) -> list[Paper]:
    """The papers of an API answer; ArxivBroken unless it is one whole Atom feed (feedparser
    never raises: it sets `bozo` on a cut-off or malformed document, and an HTML page parses
    as no feed at all)."""
    parsed = feedparser.parse(body)
    if parsed.bozo or parsed.version != "atom10":
        reason = parsed.get("bozo_exception") or f"not an Atom feed ({parsed.version or '?'})"
        raise ArxivBroken(f"a broken answer: {reason}")
    return [paper for entry in parsed.entries if (paper := paper_from_entry(entry)) is not None]


def paper_from_entry(entry: Any) -> Paper | None:
    """One Atom entry as a paper; the API's error entries (no real id) give None."""
    try:
        parsed = parse_arxiv_id(str(entry.get("id", "")))
    except InvalidArxivId:
        return None
    primary = entry.get("arxiv_primary_category") or {}
    return Paper(
        arxiv_id=parsed.id,
        version=parsed.version,
        title=" ".join(str(entry.get("title", "")).split()),
        authors=tuple(str(a.get("name", "")) for a in entry.get("authors", []) if a.get("name")),
        abstract=" ".join(str(entry.get("summary", "")).split()),
        categories=tuple(str(t["term"]) for t in entry.get("tags", []) if t.get("term")),
        primary_category=str(primary.get("term", "")),
        published=_moment(entry.get("published_parsed")),
        updated=_moment(entry.get("updated_parsed")),
        comment=" ".join(str(entry.get("arxiv_comment", "")).split()),
        journal_ref=str(entry.get("arxiv_journal_ref", "")),
        doi=str(entry.get("arxiv_doi", "")),
        source="api",
    )


def _moment(parsed: time.struct_time | None) -> datetime | None:
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC) if parsed else None


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
        if isinstance(exc, ArxivUnavailable):
            raise  # ArxivBroken stays broken: the member is told so
        raise ArxivUnavailable("timed out") from exc
    try:
        if paper is None:
            if stored is not None:
                await catalog.write(mark_metadata_checked, [stored.arxiv_id], now)
            return stored
        return await catalog.write(store_paper, paper, now)
    except (CatalogWriteError, CatalogSlow) as exc:  # a cache: the member still gets the paper
        log.warning("could not store %s (shown anyway): %s", arxiv_id, exc)
        return paper or stored
