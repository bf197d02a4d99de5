"""Migration 0007: reminders."""

from __future__ import annotations

from sqlite_utils import Database


def migrate(db: Database) -> None:
    """Weekly reminder settings per group, the reminder ledger and the nudge ledger."""
    groups = db.table("groups")
    groups.add_column("reminder_day", int, not_null_default=1)  # ISO weekday: 1 = Monday
    groups.add_column("reminder_time", str, not_null_default="10:00")  # group's local time
    groups.add_column("reminder_enabled", int, not_null_default=1)
    groups.add_column("reminder_poll", int, not_null_default=0)
    db.table("reminders").create(
        {
            "chat_id": int,
            "week": str,  # ISO week of the group's local date, e.g. 2026-W47
            "status": str,  # sending | done (a crash mid-send never sends a second one)
            "message_id": int,
            "created_at": str,
            "finished_at": str,
        },
        pk=("chat_id", "week"),  # no foreign key: a group upgraded to a supergroup moves on
    )
    db.table("nudges").create(
        {
            "claim_id": int,
            "kind": str,  # due_soon | released
            "chat_id": int,
            "user_id": int,
            "channel": str,  # private | group
            "sent_at": str,
        },
        pk=("claim_id", "kind"),
    )
