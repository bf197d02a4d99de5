"""Migration 0076: group_buttons, the optional digest buttons a group turned on."""

from __future__ import annotations

from sqlite_utils import Database


def migrate(db: Database) -> None:
    """One row per group that changed its digest buttons; no row: the defaults (the 👎 "not
    for us" button off, so a digest's keyboard stays two rows per five items)."""
    db.table("group_buttons").create({"chat_id": int, "not_for_us": int}, pk="chat_id")
