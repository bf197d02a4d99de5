"""Migration 0041: wants."""

from __future__ import annotations

from sqlite_utils import Database


def migrate(db: Database) -> None:
    """What members said of a paper in a group: +1 a want (a button or a 👍), -1 "not for us";
    one row per member, so a vote counts once. The ranking learns from it, the agenda uses it."""
    db.table("wants").create(
        {
            "chat_id": int,
            "arxiv_id": str,
            "user_id": int,
            "signal": int,  # +1 want, -1 not for us
            "created_at": str,
        },
        pk=("chat_id", "arxiv_id", "user_id"),
        not_null={"signal", "created_at"},
    )
    db.table("wants").create_index(["user_id"])
