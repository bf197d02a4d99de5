"""Migration 0009: papers published from listings."""

from __future__ import annotations

from sqlite_utils import Database


def migrate(db: Database) -> None:
    """Papers stored from feeds never had `published` (so `year:` missed them): use the date of
    the earliest listing that announced them new or cross-listed, as the feed path now does."""
    from store.chinese import register_search_text  # the papers update triggers call it

    register_search_text(db)
    db.execute(
        "update papers set published = (select min(a.listing_date) from announcements a "
        "where a.arxiv_id = papers.arxiv_id and a.announce_type in ('new', 'cross')) "
        "|| 'T00:00:00+00:00' where published is null and exists (select 1 from announcements a "
        "where a.arxiv_id = papers.arxiv_id and a.announce_type in ('new', 'cross'))"
    )
