"""Migration 0002: digests."""

from __future__ import annotations

from sqlite_utils import Database


def migrate(db: Database) -> None:
    """Per-group digest settings, what each feed announced, and the digest ledger."""
    groups = db.table("groups")
    groups.add_column("categories", str, not_null_default='["cs.CL"]')
    groups.add_column("keywords", str, not_null_default="[]")  # JSON; "-word" excludes
    groups.add_column("digest_time", str, not_null_default="09:00")
    groups.add_column("digest_size", int, not_null_default=10)
    db.table("feed_state").create(
        {
            "feed_key": str,  # the category set as fetched, e.g. cs.AI+cs.CL
            "etag": str,
            "last_modified": str,
            "listing_date": str,  # pubDate of the last feed stored from this key
            "fetched_at": str,
        },
        pk="feed_key",
    )
    db.table("announcements").create(
        {
            "listing_date": str,
            "category": str,
            "arxiv_id": str,
            "announce_type": str,  # new | cross | replace | replace-cross
            "position": int,  # arXiv's own order within the category feed
            "version": int,
        },
        pk=("listing_date", "category", "arxiv_id"),
        foreign_keys=[("arxiv_id", "papers", "arxiv_id")],
    )
    db.table("announcements").create_index(["arxiv_id"])
    db.table("digests").create(
        {
            "chat_id": int,
            "listing_date": str,
            "status": str,  # pending | sending | done | empty
            "parts_total": int,
            "parts_sent": int,
            "created_at": str,
            "finished_at": str,
        },
        pk=("chat_id", "listing_date"),
        defaults={"parts_sent": 0},
        foreign_keys=[("chat_id", "groups", "chat_id")],
    )
    db.table("digest_items").create(
        {
            "chat_id": int,
            "listing_date": str,
            "rank": int,
            "arxiv_id": str,
            "score": float,
            "reasons": str,  # JSON list of short reason strings
            "part": int,  # which message of the digest holds the item
            "message_id": int,
        },
        pk=("chat_id", "listing_date", "rank"),
        foreign_keys=[("arxiv_id", "papers", "arxiv_id")],
    )
