"""Migration 0056: forum topics."""

from __future__ import annotations

from sqlite_utils import Database


def migrate(db: Database) -> None:
    """Where a forum group's posts go: the topic its admins chose for the digest (none: General)
    and whether it was told once that the bot may not manage topics; each claimed paper's own
    topic (closed after its session); and which bot message shows exactly one paper, so a 👍 on
    it counts as a want."""
    db.table("forum_places").create(
        {
            "chat_id": int,
            "digest_thread_id": int,  # null: the General topic
            "rights_told_at": str,  # null: never told (or the bot got the right since)
        },
        pk="chat_id",
    )
    db.table("paper_topics").create(
        {
            "chat_id": int,
            "arxiv_id": str,
            "thread_id": int,
            "created_at": str,
            "closed_at": str,  # null while open
        },
        pk=("chat_id", "arxiv_id"),
        not_null={"thread_id", "created_at"},
    )
    db.table("paper_messages").create(
        {"chat_id": int, "message_id": int, "arxiv_id": str},
        pk=("chat_id", "message_id"),
        not_null={"arxiv_id"},
    )
