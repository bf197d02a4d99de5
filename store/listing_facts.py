"""What a stored digest part needs to know about its listing, without loading the listing:
how many papers it offered a group, and which of a few were only cross-listed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from store.db import Database


def listing_size(db: Database, listing: date, categories: Sequence[str]) -> int:
    """How many distinct papers the listing announced new or cross-listed into `categories`."""
    if not categories:
        return 0
    marks = ",".join("?" * len(categories))
    row = db.execute(
        "select count(distinct arxiv_id) from announcements where listing_date = ? and "
        f"category in ({marks}) and announce_type in ('new', 'cross')",
        [listing.isoformat(), *categories],
    ).fetchone()
    return int(row[0] or 0)


def cross_listed(
    db: Database, listing: date, categories: Sequence[str], arxiv_ids: Sequence[str]
) -> set[str]:
    """Those of `arxiv_ids` the listing only cross-listed into `categories` (new in none)."""
    if not categories or not arxiv_ids:
        return set()
    cats, ids = ",".join("?" * len(categories)), ",".join("?" * len(arxiv_ids))
    rows = db.execute(
        "select arxiv_id from announcements where listing_date = ? and "
        f"category in ({cats}) and arxiv_id in ({ids}) and announce_type in ('new', 'cross') "
        "group by arxiv_id having min(announce_type = 'cross') = 1",
        [listing.isoformat(), *categories, *arxiv_ids],
    ).fetchall()
    return {row[0] for row in rows}
