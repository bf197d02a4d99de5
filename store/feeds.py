"""What the feeds announced: per-key fetch state, papers and announcements, and the day's
digest candidates per category set."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any, Protocol

from sqlite_utils import Database

from store.clock import to_text
from store.papers import Paper, get_papers, merged_paper_rows, paper_row

REPLACE_TYPES = ("replace", "replace-cross")


class Announced(Protocol):
    """A feed item as the store needs it (jobs.arxiv.feeds.FeedItem satisfies this)."""

    @property
    def arxiv_id(self) -> str: ...
    @property
    def version(self) -> int | None: ...
    @property
    def title(self) -> str: ...
    @property
    def authors(self) -> tuple[str, ...]: ...
    @property
    def abstract(self) -> str: ...
    @property
    def categories(self) -> tuple[str, ...]: ...
    @property
    def announce_type(self) -> str: ...
    @property
    def position(self) -> int: ...
    @property
    def doi(self) -> str: ...
    @property
    def journal_ref(self) -> str: ...


@dataclass(frozen=True)
class FeedState:
    """What we last stored from one feed key, and the validators for a conditional GET."""

    feed_key: str
    etag: str | None = None
    last_modified: str | None = None
    listing_date: date | None = None


@dataclass(frozen=True)
class IngestResult:
    """What storing one listing did: papers written, and replaced papers with their version."""

    listing_date: date
    papers: int
    announcements: int
    replaced: list[tuple[str, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Candidate:
    """A paper announced new or cross-listed into a group's categories on one listing."""

    paper: Paper
    announce_type: str  # new | cross (new wins when a paper is new in any tracked category)
    position: int  # arXiv's order


def get_feed_state(db: Database, feed_key: str) -> FeedState:
    """The stored state of a feed key (empty for a key never fetched)."""
    rows = list(db.table("feed_state").rows_where("feed_key = ?", [feed_key], limit=1))
    if not rows:
        return FeedState(feed_key)
    row = rows[0]
    listing = date.fromisoformat(row["listing_date"]) if row["listing_date"] else None
    return FeedState(feed_key, row["etag"], row["last_modified"], listing)


def has_listing(db: Database, listing: date, categories: Iterable[str]) -> bool:
    """Whether a stored feed of this listing covers every one of `categories`."""
    wanted = set(categories)
    for row in db.table("feed_state").rows_where("listing_date = ?", [listing.isoformat()]):
        if wanted <= set(row["feed_key"].split("+")):
            return True
    return False


def store_listing(
    db: Database,
    feed_key: str,
    listing: date,
    items: Sequence[Announced],
    now: datetime,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
) -> IngestResult:
    """Store a fresh listing atomically: papers (never downgraded), one announcement row per
    (paper, covered category), and the feed key's state."""
    covered = set(feed_key.split("+"))
    announcements: list[dict[str, Any]] = []
    day = listing.isoformat()
    fetched = to_text(now)
    for item in items:
        primary = item.categories[0] if item.categories else ""
        for category in item.categories:
            if category in covered:
                announcements.append(
                    {
                        "listing_date": day,
                        "category": category,
                        "arxiv_id": item.arxiv_id,
                        "announce_type": _type_in(item.announce_type, category == primary),
                        "position": item.position,
                        "version": item.version,
                    }
                )
    with db.atomic():
        stored = get_papers(db, [item.arxiv_id for item in items])
        replaced = [
            (item.arxiv_id, item.version)
            for item in items
            if item.announce_type in REPLACE_TYPES
            and item.version is not None
            and _is_newer(item.version, stored.get(item.arxiv_id))
        ]
        papers = merged_paper_rows(db, [paper_row(_paper(item, listing), now) for item in items])
        db.table("papers").upsert_all(papers, pk="arxiv_id")
        db.table("announcements").upsert_all(
            announcements, pk=("listing_date", "category", "arxiv_id")
        )
        db.table("feed_state").upsert(
            {
                "feed_key": feed_key,
                "etag": etag,
                "last_modified": last_modified,
                "listing_date": day,
                "fetched_at": fetched,
            },
            pk="feed_key",
        )
    return IngestResult(listing, len(papers), len(announcements), replaced)


def _type_in(announce_type: str, is_primary: bool) -> str:
    if announce_type in REPLACE_TYPES:
        return "replace" if is_primary else "replace-cross"
    return "new" if is_primary and announce_type == "new" else "cross"


def _is_newer(version: int, stored: Paper | None) -> bool:
    """Whether a replace item brings a version the store did not hold (worth telling claimants)."""
    return stored is None or stored.version is None or stored.version < version


def _paper(item: Announced, listing: date) -> Paper:
    """An item as a paper: a new or cross-listed paper was published on its listing date (as far
    as the feed says); any announcement means it was updated then."""
    announced = datetime.combine(listing, time(0), tzinfo=UTC)
    return Paper(
        arxiv_id=item.arxiv_id,
        title=item.title,
        version=item.version,
        authors=tuple(item.authors),
        abstract=item.abstract,
        categories=tuple(item.categories),
        primary_category=item.categories[0] if item.categories else "",
        published=None if item.announce_type in REPLACE_TYPES else announced,
        updated=announced,
        journal_ref=item.journal_ref,
        doi=item.doi,
        source="feed",
    )


def listing_candidates(db: Database, listing: date, categories: Sequence[str]) -> list[Candidate]:
    """The listing's new and cross-listed papers in `categories`, each once, in arXiv's order."""
    if not categories:
        return []
    marks = ",".join("?" * len(categories))
    rows = list(
        db.query(
            "select arxiv_id, min(case when announce_type = 'new' then 0 else 1 end) as crossed, "
            "min(position) as position from announcements "
            f"where listing_date = ? and category in ({marks}) and announce_type in "
            "('new', 'cross') group by arxiv_id order by crossed, position, arxiv_id",
            [listing.isoformat(), *categories],
        )
    )
    papers = get_papers(db, [row["arxiv_id"] for row in rows])
    return [
        Candidate(papers[row["arxiv_id"]], "cross" if row["crossed"] else "new", row["position"])
        for row in rows
        if row["arxiv_id"] in papers
    ]


def listing_counts(
    db: Database, listing: date, categories: Sequence[str]
) -> dict[str, tuple[int, int]]:
    """Per category: how many new papers and cross-lists the listing announced."""
    counts = {category: (0, 0) for category in categories}
    if not categories:
        return counts
    marks = ",".join("?" * len(categories))
    for row in db.query(
        "select category, sum(announce_type = 'new') as new, sum(announce_type = 'cross') as cross "
        f"from announcements where listing_date = ? and category in ({marks}) group by category",
        [listing.isoformat(), *categories],
    ):
        counts[row["category"]] = (int(row["new"] or 0), int(row["cross"] or 0))
    return counts
