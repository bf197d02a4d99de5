"""A group's meetings as an iCalendar file, in the group's words (store/calendar_feed.py
builds it)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.texts import t
from store.agenda import CalendarEntry
from store.calendar_feed import calendar_bytes


def calendar_file(
    chat_id: int, group_title: str, entries: Sequence[CalendarEntry], now: datetime
) -> bytes:
    """The .ics bytes `/session ics` sends."""
    name = str(t("session.ics_name", group=group_title))
    return calendar_bytes(
        chat_id, name, str(t("session.ics_event", group=group_title)), entries, now
    )
