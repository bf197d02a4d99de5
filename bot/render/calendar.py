"""A group's meetings as an iCalendar file, in the group's words (store/calendar_feed.py
builds it)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from bot.texts import t
from store.agenda import CalendarEntry, public_slot
from store.calendar_feed import calendar_bytes


def calendar_file(
    chat_id: int, group_title: str, entries: Sequence[CalendarEntry], now: datetime
) -> bytes:
    """The .ics bytes `/session ics` sends (a member with no name is "a member", as on the
    web: a calendar file travels further than the chat)."""
    name = html.unescape(t("session.ics_name", group=group_title))  # a calendar's text is plain
    nameless = html.unescape(t("session.ics_member"))
    shown = [
        replace(entry, slots=tuple(public_slot(slot, nameless) for slot in entry.slots))
        for entry in entries
    ]
    summary = html.unescape(t("session.ics_event", group=group_title))
    return calendar_bytes(chat_id, name, summary, shown, now)
