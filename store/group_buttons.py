"""Each group's optional digest buttons: whether its digest carries the 👎 "not for us" row."""

from __future__ import annotations

from sqlite_utils import Database


def not_for_us_on(db: Database, chat_id: int) -> bool:
    """Whether the group's digest items carry a 👎 button (off unless an admin turned it on)."""
    rows = list(db.query("select not_for_us from group_buttons where chat_id = ?", [chat_id]))
    return bool(rows and rows[0]["not_for_us"])


def set_not_for_us(db: Database, chat_id: int, on: bool) -> None:
    """An admin's /not_for_us on|off."""
    with db.conn:
        db.table("group_buttons").upsert({"chat_id": chat_id, "not_for_us": int(on)}, pk="chat_id")
