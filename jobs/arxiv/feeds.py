"""arXiv RSS: fetch the bytes politely (worker thread, timeout, conditional GET, shared pacer),
then parse them purely, in either format arXiv has served.

- rss.arxiv.org (RSS 2.0, since 2024): `<arxiv:announce_type>`, `<category>` list (primary
  first), `<dc:creator>` "A, B, C", description "arXiv:ID Announce Type: new Abstract: ...".
- export.arxiv.org legacy (RSS 1.0 / RDF, until 2024-02): titles like
  `Title. (arXiv:2401.02968v1 [cs.CL] UPDATED)`, HTML author links, `dc:date` of the evening.
"""

from __future__ import annotations

import asyncio
import html
import re
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import feedparser

from jobs.arxiv.calendar import listing_from_announcement
from jobs.arxiv.pacer import Lane, Pacer, PacerTimeout
from jobs.arxiv.transfer import TransferFailed, get_within
from store.parse.ids import InvalidArxivId, parse_arxiv_id

FETCH_TIMEOUT = 30.0
CANDIDATE_TYPES = ("new", "cross")
_BENIGN_BOZO = ("CharacterEncodingOverride", "NonXMLContentType")
_NEW_DESCRIPTION = re.compile(
    r"^\s*arXiv:\S+\s+Announce Type:\s*(?P<type>[\w-]+)\s*(?:Abstract:\s*)?", re.IGNORECASE
)
_LEGACY_TITLE = re.compile(
    r"^(?P<title>.*)\.?\s+\(arXiv:(?P<id>[^\s\[\]]+)\s+\[(?P<primary>[^\]]+)\]"
    r"(?P<flag>\s+UPDATED|\s+CROSS LISTED)?\)\s*$",
    re.DOTALL,
)
_FEED_CATEGORY = re.compile(r"^(?P<cats>[\w.+\-]+) updates on arXiv\.org", re.IGNORECASE)
_AUTHOR_LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


class FeedError(Exception):
    """The feed is malformed (an HTML error page, broken XML): a failed fetch, never "0 new"."""


class FeedUnavailable(Exception):
    """arXiv did not answer in time, or answered with an HTTP error."""


@dataclass(frozen=True)
class FeedItem:
    """One announced paper as a feed lists it."""

    arxiv_id: str  # versionless
    version: int | None
    title: str
    authors: tuple[str, ...]
    abstract: str
    categories: tuple[str, ...]  # primary first
    announce_type: str  # new | cross | replace | replace-cross
    position: int  # arXiv's order in the feed
    doi: str = ""
    journal_ref: str = ""

    @property
    def primary_category(self) -> str:
        """The paper's primary category (the first one listed)."""
        return self.categories[0] if self.categories else ""


@dataclass(frozen=True)
class Feed:
    """A parsed feed: which listing it is, which categories it covers, and its items."""

    listing_date: date | None
    categories: tuple[str, ...]
    items: tuple[FeedItem, ...]
    format: str  # rss2 | rdf


@dataclass(frozen=True)
class FetchResult:
    """What the server said: new bytes (with validators for next time) or "not modified"."""

    body: bytes | None  # None when the server answered 304
    etag: str | None = None
    last_modified: str | None = None


def parse_feed(data: bytes) -> Feed:
    """Parse either arXiv feed format; raise FeedError for anything that is not a real feed."""
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        raise FeedError("an HTML page instead of a feed")
    parsed = feedparser.parse(data)
    if parsed.get("bozo"):
        problem = type(parsed.get("bozo_exception")).__name__
        if problem not in _BENIGN_BOZO:
            raise FeedError(f"malformed feed: {parsed.get('bozo_exception')}")
    if parsed.get("version") == "rss20":
        return _parse_rss2(parsed)
    if parsed.get("version") in ("rss10", "rss090"):
        return _parse_rdf(parsed)
    raise FeedError(f"not an arXiv feed (format {parsed.get('version')!r})")


def merge_feeds(feeds: list[Feed]) -> Feed:
    """Several feeds of one listing as one: a paper listed in several keeps its first entry,
    upgraded to `new` when any feed announced it as new (as arXiv's combined feeds do)."""
    items: dict[str, FeedItem] = {}
    for feed in feeds:
        for item in feed.items:
            seen = items.get(item.arxiv_id)
            if seen is None:
                items[item.arxiv_id] = _at(item, len(items))
            elif item.announce_type == "new" and seen.announce_type == "cross":
                items[item.arxiv_id] = _at(item, seen.position)
    dates = sorted({feed.listing_date for feed in feeds if feed.listing_date})
    categories = sorted({c for feed in feeds for c in feed.categories})
    return Feed(
        dates[-1] if dates else None,
        tuple(categories),
        tuple(items.values()),
        feeds[0].format if feeds else "rss2",
    )


def _at(item: FeedItem, position: int) -> FeedItem:
    return FeedItem(
        item.arxiv_id,
        item.version,
        item.title,
        item.authors,
        item.abstract,
        item.categories,
        item.announce_type,
        position,
        item.doi,
        item.journal_ref,
    )


def _feed_categories(parsed: Any) -> tuple[str, ...]:
    match = _FEED_CATEGORY.match(str(parsed.feed.get("title", "")))
    return tuple(match["cats"].split("+")) if match else ()


def _clean(text: str) -> str:
    return " ".join(text.split())


def _split_id(raw: str) -> tuple[str, int | None] | None:
    try:
        parsed = parse_arxiv_id(raw.removeprefix("oai:arXiv.org:"))
    except InvalidArxivId:
        return None
    return parsed.id, parsed.version


def _parse_rss2(parsed: Any) -> Feed:
    published = parsed.feed.get("published")
    listing = parsedate_to_datetime(published).date() if published else None
    items: list[FeedItem] = []
    for entry in parsed.entries:
        ident = _split_id(str(entry.get("id") or entry.get("link") or ""))
        if ident is None:
            continue
        description = str(entry.get("summary", ""))
        match = _NEW_DESCRIPTION.match(description)
        announce_type = str(entry.get("arxiv_announce_type") or (match and match["type"]) or "new")
        abstract = description[match.end() :] if match else description
        creators = html.unescape(str(entry.get("author", "")))
        items.append(
            FeedItem(
                arxiv_id=ident[0],
                version=ident[1],
                title=_clean(str(entry.get("title", ""))),
                authors=tuple(a.strip() for a in creators.split(", ") if a.strip()),
                abstract=_clean(abstract),
                categories=tuple(str(tag["term"]) for tag in entry.get("tags", [])),
                announce_type=announce_type.strip().lower(),
                position=len(items),
                doi=str(entry.get("arxiv_doi", "")),
                journal_ref=_clean(str(entry.get("arxiv_journal_reference", ""))),
            )
        )
    return Feed(listing, _feed_categories(parsed), tuple(items), "rss2")


def _parse_rdf(parsed: Any) -> Feed:
    evening = parsed.feed.get("updated")  # dc:date, e.g. 2024-01-03T20:30:00-05:00
    listing = listing_from_announcement(datetime.fromisoformat(evening).date()) if evening else None
    categories = _feed_categories(parsed)
    feed_category = categories[0] if categories else ""
    items: list[FeedItem] = []
    for entry in parsed.entries:
        match = _LEGACY_TITLE.match(str(entry.get("title", "")))
        ident = _split_id(match["id"]) if match else None
        if match is None or ident is None:
            continue
        primary = match["primary"].strip()
        flag = (match["flag"] or "").strip()
        if flag == "UPDATED":
            announce_type = "replace" if primary == feed_category else "replace-cross"
        elif flag == "CROSS LISTED" or primary != feed_category:
            announce_type = "cross"
        else:
            announce_type = "new"
        names = _AUTHOR_LINK.findall(str(entry.get("author", "")))
        cats = (
            (primary,)
            if primary == feed_category or not feed_category
            else (primary, feed_category)
        )
        items.append(
            FeedItem(
                arxiv_id=ident[0],
                version=ident[1],
                title=_clean(match["title"]).removesuffix("."),
                authors=tuple(_clean(html.unescape(_TAG.sub("", n))) for n in names),
                abstract=_clean(html.unescape(_TAG.sub(" ", str(entry.get("summary", ""))))),
                categories=cats,
                announce_type=announce_type,
                position=len(items),
            )
        )
    return Feed(listing, categories, tuple(items), "rdf")


def fetch_feed_bytes(
    url: str,
    pacer: Pacer,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    timeout: float = FETCH_TIMEOUT,
) -> FetchResult:
    """One conditional GET in the pacer's background lane (blocking: run it in a worker
    thread); members' look-ups go first, and a hanging fetch never holds them up."""
    headers = {"User-Agent": "paperclub (study-group digest bot)"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        turn = pacer.turn(Lane.BACKGROUND, timeout=timeout)  # it covers only the request
        response = get_within(url, headers, timeout, turn)  # the whole transfer: no drip holds it
    except (PacerTimeout, TransferFailed) as exc:
        raise FeedUnavailable(str(exc)) from exc
    if response.status_code == 304:
        return FetchResult(None, etag, last_modified)
    if response.status_code != 200:
        raise FeedUnavailable(f"HTTP {response.status_code}")
    return FetchResult(
        response.content, response.headers.get("ETag"), response.headers.get("Last-Modified")
    )


async def fetch_feed(
    url: str,
    pacer: Pacer,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    request_timeout: float = FETCH_TIMEOUT,
) -> FetchResult:
    """`fetch_feed_bytes` off the event loop, with an overall deadline (pacer wait included)."""
    try:
        return await asyncio.wait_for(
            asyncio.to_thread(
                fetch_feed_bytes,
                url,
                pacer,
                etag=etag,
                last_modified=last_modified,
                timeout=request_timeout,
            ),
            request_timeout * 2 + pacer.min_interval,
        )
    except TimeoutError as exc:
        raise FeedUnavailable("timed out") from exc
