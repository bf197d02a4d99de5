"""Migration 0055: sessions (the club's regular meeting, its cancelled and extra dates) and
the agenda ledger (one agenda per session date, never posted twice)."""

from __future__ import annotations

from sqlite_utils import Database


def migrate(db: Database) -> None:
    """A group meets weekly at one local time and place (or not at all: no row, or off);
    single dates are cancelled or added; each session's agenda is posted once, and after the
    session its archive entry once."""
    db.table("session_plans").create(
        {
            "chat_id": int,
            "weekday": int,  # ISO: 1 = Monday … 7 = Sunday
            "at": str,  # "HH:MM" in the group's zone
            "place": str,  # a room or a link; may be empty
            "slots": int,  # how many papers a session holds (the agenda's open slots)
            "enabled": int,
            "updated_at": str,
        },
        pk="chat_id",
        not_null={"weekday", "at", "place", "slots", "enabled", "updated_at"},
    )
    db.table("session_changes").create(
        {
            "chat_id": int,
            "on_date": str,  # the local date, ISO
            "kind": str,  # cancel | extra
            "at": str,  # an extra session's "HH:MM"
            "place": str,
            "created_at": str,
        },
        pk=("chat_id", "on_date"),
        not_null={"kind", "created_at"},
    )
    db.table("agenda_posts").create(
        {
            "chat_id": int,
            "session_on": str,  # the session's local date, ISO
            "posted_at": str,
            "message_id": int,
            "archived_at": str,  # when the archive entry (who presented what) was posted
        },
        pk=("chat_id", "session_on"),
        not_null={"posted_at"},
    )
