"""Migration 0003: claims notes."""

from __future__ import annotations

from sqlite_utils import Database


def migrate(db: Database) -> None:
    """Claims (one open claim per paper per group) and notes kept as revisions."""
    db.table("claims").create(
        {
            "id": int,
            "chat_id": int,
            "arxiv_id": str,
            "user_id": int,
            "claimed_at": str,
            "due_on": str,  # a date in the group's time zone
            "status": str,  # open | done | released
            "closed_at": str,
            "closed_by": int,
        },
        pk="id",
        not_null={"chat_id", "arxiv_id", "user_id", "claimed_at", "status"},
        foreign_keys=[("chat_id", "groups", "chat_id"), ("arxiv_id", "papers", "arxiv_id")],
    )
    # The database, not the handler, decides a race: two open claims on one paper cannot exist.
    db.execute(
        "CREATE UNIQUE INDEX claims_one_open ON claims (chat_id, arxiv_id) WHERE status = 'open'"
    )
    db.table("claims").create_index(["user_id", "status"])
    db.table("notes").create(
        {
            "id": int,
            "chat_id": int,
            "arxiv_id": str,  # NULL for catalog entries without an arXiv link
            "entry_key": str,  # arxiv id, or the normalised title when there is none
            "author_id": int,  # NULL for imported notes
            "author_name": str,
            "revision": int,  # 1, 2, ... per (chat_id, entry_key, author)
            "paper_version": int,
            "created_at": str,
            "title": str,
            "institution": str,
            "github": str,
            "venue": str,
            "motivation": str,
            "method": str,
            "results": str,
            "tags": str,  # JSON list
            "body": str,  # unlabelled text
            "raw_text": str,  # exactly as the member wrote it
            "source": str,  # telegram | import
        },
        pk="id",
        not_null={"chat_id", "entry_key", "revision", "created_at", "raw_text"},
        defaults={"tags": "[]", "source": "telegram"},
        foreign_keys=[("chat_id", "groups", "chat_id")],
    )
    db.table("notes").create_index(["chat_id", "entry_key"])
    db.table("notes").create_index(["author_id"])
    db.table("note_prompts").create(
        {
            "chat_id": int,
            "prompt_message_id": int,
            "user_id": int,
            "arxiv_id": str,
            "created_at": str,
        },
        pk=("chat_id", "prompt_message_id"),
    )
