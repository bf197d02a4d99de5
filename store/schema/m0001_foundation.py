"""Migration 0001: foundation."""

from __future__ import annotations

from sqlite_utils import Database


def migrate(db: Database) -> None:
    """Groups, members, who is in which group, and papers keyed by versionless arXiv id."""
    db.table("groups").create(
        {
            "chat_id": int,
            "title": str,
            "chat_type": str,
            "active": int,
            "timezone": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="chat_id",
        not_null={"active", "timezone", "created_at"},
        defaults={"active": 1, "title": "", "chat_type": "group"},
    )
    db.table("members").create(
        {
            "user_id": int,
            "username": str,
            "first_name": str,
            "last_name": str,
            "language_code": str,
            "private_chat": int,  # 1 once the member has started the bot in a private chat
            "updated_at": str,
        },
        pk="user_id",
        defaults={"private_chat": 0, "first_name": ""},
    )
    db.table("memberships").create(
        {"chat_id": int, "user_id": int, "last_seen": str},
        pk=("chat_id", "user_id"),
        foreign_keys=[("chat_id", "groups", "chat_id"), ("user_id", "members", "user_id")],
    )
    db.table("papers").create(
        {
            "arxiv_id": str,  # versionless canonical id: 2401.04088, hep-th/9901001
            "version": int,  # latest version we know of
            "title": str,
            "authors": str,  # JSON list of names, in arXiv's order
            "abstract": str,
            "categories": str,  # JSON list
            "primary_category": str,
            "published": str,
            "updated": str,
            "comment": str,
            "journal_ref": str,
            "doi": str,
            "source": str,  # api | feed | import
            "fetched_at": str,
        },
        pk="arxiv_id",
        not_null={"title"},
        defaults={"authors": "[]", "categories": "[]", "abstract": "", "source": "api"},
    )
