"""Migration 0061: each group's calendar feed token, the unguessable part of the feed's
stable address (`paperclub web` serves /-/calendar/<token>.ics)."""

from __future__ import annotations

import secrets

from sqlite_utils import Database

TOKEN_BYTES = 24


def migrate(db: Database) -> None:
    """One random token per group, made now for the groups there are (later ones get theirs
    on first use), kept so a calendar app's subscription keeps working."""
    db.table("calendar_tokens").create(
        {"chat_id": int, "token": str, "created_at": str},
        pk="chat_id",
        not_null={"token", "created_at"},
    )
    db.table("calendar_tokens").create_index(["token"], unique=True)
    groups = db.execute("select chat_id, created_at from groups where chat_id < 0").fetchall()
    db.table("calendar_tokens").insert_all(
        {"chat_id": chat_id, "token": secrets.token_urlsafe(TOKEN_BYTES), "created_at": created}
        for chat_id, created in groups
    )
