"""A group's meetings as an iCalendar file (RFC 5545, via `icalendar`): local times with their
TZID and VTIMEZONE, and one stable UID per group and date, so a re-import replaces events.
Pure: the bot's `/session ics` and the web's feed both build it, each with its words; and the
feed's unguessable address, one random token per group."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime

from icalendar import Calendar, Event
from sqlite_utils import Database

from store.agenda import CalendarEntry
from store.clock import to_text
from store.sessions import SESSION_LENGTH

PRODID = "-//paperclub//meetings//EN"
TOKEN_BYTES = 24  # 32 URL-safe characters: not guessable, not enumerable


def session_uid(chat_id: int, entry: CalendarEntry) -> str:
    """The same meeting date of the same group always has the same UID."""
    return f"session-{chat_id}-{entry.session.on_date.isoformat()}@paperclub"


def calendar_bytes(
    chat_id: int, name: str, summary: str, entries: Sequence[CalendarEntry], now: datetime
) -> bytes:
    """The .ics bytes: each meeting with its place and who presents what (plain text);
    `name` is the calendar's, `summary` each event's."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for entry in entries:
        session = entry.session
        event = Event()
        event.add("uid", session_uid(chat_id, entry))
        event.add("dtstamp", now)
        event.add("dtstart", session.starts)
        event.add("dtend", session.starts + SESSION_LENGTH)
        event.add("summary", summary)
        if session.place:
            event.add("location", session.place)
        if entry.cancelled:
            event.add("status", "CANCELLED")
        else:
            lines = [
                f"{slot.presenter}: {slot.title} (https://arxiv.org/abs/{slot.arxiv_id})"
                for slot in entry.slots
            ]
            if lines:
                event.add("description", "\n".join(lines))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def new_token() -> str:
    """A fresh feed token."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def calendar_token(db: Database, chat_id: int, now: datetime) -> str:
    """The group's feed token, made on first use and then kept (the address stays stable)."""
    with db.conn:
        db.execute(
            "insert or ignore into calendar_tokens (chat_id, token, created_at) values (?, ?, ?)",
            [chat_id, new_token(), to_text(now)],
        )
    row = db.execute("select token from calendar_tokens where chat_id = ?", [chat_id]).fetchone()
    return str(row[0])


def group_of_token(db: Database, token: str) -> int | None:
    """The group whose feed this token opens (None: no such token)."""
    row = db.execute("select chat_id from calendar_tokens where token = ?", [token]).fetchone()
    return int(row[0]) if row else None
