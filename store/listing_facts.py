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


def counted_once(
    db: Database, listing: date, categories: Sequence[str]
) -> dict[str, tuple[int, int]]:
    """Per category, (new, cross) with each paper counted once, so that they add up to
    `listing_size`: a paper under the category it is new in (its primary one), a paper only
    cross-listed into `categories` under the first of them it is cross-listed into."""
    counts = dict.fromkeys(categories, (0, 0))
    if not categories:
        return counts
    order = {category: index for index, category in enumerate(categories)}
    marks = ",".join("?" * len(categories))
    placed: dict[str, tuple[bool, str]] = {}  # paper -> (cross-listed only, category)
    for arxiv_id, category, announce_type in db.execute(
        "select arxiv_id, category, announce_type from announcements where listing_date = ? "
        f"and category in ({marks}) and announce_type in ('new', 'cross')",
        [listing.isoformat(), *categories],
    ).fetchall():
        here = (announce_type == "cross", category)
        held = placed.get(arxiv_id)
        if held is None or (here[0], order[category]) < (held[0], order[held[1]]):
            placed[arxiv_id] = here
    for cross, category in placed.values():
        new_count, cross_count = counts[category]
        counts[category] = (new_count, cross_count + 1) if cross else (new_count + 1, cross_count)
    return counts


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
