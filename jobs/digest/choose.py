"""Choose a group's digest for a listing (pure): rank the candidates, keep the top N, and decide
what a digest run should do at a given moment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum

from jobs.rank.lexical import (
    EXPLAINED,
    CatalogEntry,
    Ranked,
    RankInput,
    build_catalog_model,
    rank_candidates,
)
from store.feeds import Candidate
from store.papers import Paper


class Step(Enum):
    """What a digest run does now."""

    FINISHED = "finished"  # already posted (or nothing to post) for this listing
    NO_ANNOUNCEMENT = "no_announcement"  # weekend or holiday: post nothing, say nothing
    FETCH = "fetch"  # the listing is due but not stored yet: fetch it, or wait for it
    BUILD = "build"  # the listing is stored: choose the items and start sending
    RESUME = "resume"  # some parts were sent: send the rest


@dataclass(frozen=True)
class Chosen:
    """One paper chosen for a digest, with its score and reasons."""

    paper: Paper
    announce_type: str
    ranked: Ranked


def next_step(listing: date, status: str | None, listing_stored: bool, expected: bool) -> Step:
    """Pure: from the ledger status of (group, listing), whether the feed is stored, and
    whether the listing may still appear (jobs.arxiv.calendar.listing_expected)."""
    if status in ("done", "empty", "failed"):
        return Step.FINISHED
    if status == "sending":
        return Step.RESUME
    if not expected and not listing_stored:
        return Step.NO_ANNOUNCEMENT
    return Step.BUILD if listing_stored else Step.FETCH


def choose_items(
    candidates: Sequence[Candidate],
    keywords: Sequence[str],
    catalog: Sequence[CatalogEntry],
    size: int,
) -> list[Chosen]:
    """The best `size` candidates for a group, best first, each with its reasons."""
    inputs = [
        RankInput(c.paper.arxiv_id, c.paper.title, c.paper.abstract, c.announce_type, c.position)
        for c in candidates
    ]
    model = build_catalog_model(catalog)
    ranked = rank_candidates(inputs, keywords, model, explain=max(size, EXPLAINED))[:size]
    by_id = {c.paper.arxiv_id: c for c in candidates}
    return [Chosen(by_id[r.arxiv_id].paper, by_id[r.arxiv_id].announce_type, r) for r in ranked]


def assign_parts(header: int, items: Sequence[int], budget: int) -> list[int]:
    """Pack items (their rendered lengths) into messages under `budget`, splitting only between
    items; the header goes first in part 0. Returns each item's part number."""
    parts: list[int] = []
    part, used = 0, header
    for length in items:
        needed = length + 2  # the blank line between items
        if used and used + needed > budget:
            part, used = part + 1, 0
        parts.append(part)
        used += needed
    return parts


def digest_missed(at: time, now: datetime, window: timedelta) -> bool:
    """Whether the group's daily digest moment (tz-aware `at`) passed less than `window` ago:
    a bot (re)started then has missed that day's job and must run it once."""
    local = now.astimezone(at.tzinfo)
    moment = datetime.combine(local.date(), at.replace(tzinfo=None), tzinfo=at.tzinfo)
    if moment > local:
        moment -= timedelta(days=1)
    return timedelta(0) <= now.astimezone(UTC) - moment.astimezone(UTC) < window
