"""Migration 0065: summaries, llm_usage, group_summaries."""

from __future__ import annotations

from sqlite_utils import Database


def migrate(db: Database) -> None:
    """A machine summary is made once per paper version and language and shared by every
    group; the provider's use is counted per day against the budget; a group may turn
    summaries off (no row: on)."""
    db.table("summaries").create(
        {
            "arxiv_id": str,
            "version": int,  # 0 when the version is unknown
            "language": str,
            "text": str,
            "tokens": int,
            "created_at": str,
        },
        pk=("arxiv_id", "version", "language"),
        not_null={"text", "tokens", "created_at"},
    )
    db.table("llm_usage").create(
        {"day": str, "requests": int, "tokens": int, "told": int},
        pk="day",
        not_null={"requests", "tokens", "told"},
        defaults={"requests": 0, "tokens": 0, "told": 0},
    )
    db.table("group_summaries").create({"chat_id": int, "enabled": int}, pk="chat_id")
