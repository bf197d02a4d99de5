"""A group's meetings as an iCalendar file (RFC 5545, via `icalendar`): local times with their
TZID and VTIMEZONE, and one stable UID per group and date, so a re-import replaces events."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from icalendar import Calendar, Event

from bot.texts import t
from store.agenda import CalendarEntry
from store.sessions import SESSION_LENGTH

PRODID = "-//paperclub//meetings//EN"


def session_uid(chat_id: int, entry: CalendarEntry) -> str:
    """The same meeting date of the same group always has the same UID."""
    return f"session-{chat_id}-{entry.session.on_date.isoformat()}@paperclub"


def calendar_file(
    chat_id: int, group_title: str, entries: Sequence[CalendarEntry], now: datetime
) -> bytes:
    """The .ics bytes: each meeting with its place and who presents what (plain text)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", t("session.ics_name", group=group_title))
    for entry in entries:
        session = entry.session
        event = Event()
        event.add("uid", session_uid(chat_id, entry))
        event.add("dtstamp", now)
        event.add("dtstart", session.starts)
        event.add("dtend", session.starts + SESSION_LENGTH)
        event.add("summary", str(t("session.ics_event", group=group_title)))
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
