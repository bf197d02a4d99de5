"""An admin's /session change applied to the catalog, with what came of it (no text: the bot
words the outcome in the group's language)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from store.parse.sessions import Action, SessionCommand
from store.sessions import (
    add_extra_session,
    cancel_session,
    next_sessions,
    session_schedule,
    sessions_from,
    set_plan_field,
    set_weekly,
)


@dataclass(frozen=True)
class Edited:
    """`outcome` names what happened: changed, cancelled, off, or why nothing did (unknown,
    no_plan, past, not_a_session, is_off); `day` is the date it concerns."""

    outcome: str
    day: date | None = None


def apply_session_change(
    db: Database, chat_id: int, change: SessionCommand, now: datetime
) -> Edited:
    """Set the weekly meeting, turn it on or off, set the slots, cancel or add a date."""
    schedule = session_schedule(db, chat_id)
    if schedule is None:
        return Edited("unknown")
    today = now.astimezone(ZoneInfo(schedule.zone)).date()
    if change.action is Action.WEEKLY:
        set_weekly(db, chat_id, change.weekday, change.at, change.place, now)
        return Edited("changed")
    if schedule.plan is None:
        return Edited("no_plan")
    if change.action in (Action.OFF, Action.ON):
        set_plan_field(db, chat_id, now, enabled=int(change.action is Action.ON))
        return Edited("off" if change.action is Action.OFF else "changed")
    if change.action is Action.SLOTS:
        set_plan_field(db, chat_id, now, slots=change.slots)
        return Edited("changed")
    if change.action is Action.EXTRA and change.on_date is not None:
        if change.on_date < today:
            return Edited("past", change.on_date)
        add_extra_session(db, chat_id, change.on_date, change.at, change.place, now)
        return Edited("changed")
    if change.action is not Action.CANCEL:
        return Edited("unknown")
    day = change.on_date
    if day is None:
        upcoming = next_sessions(schedule, now, 1)
        if not upcoming:
            return Edited("is_off")
        day = upcoming[0].on_date
    if not any(s.starts > now for s in sessions_from(schedule, day, day)):
        return Edited("not_a_session", day)
    cancel_session(db, chat_id, day, now)
    return Edited("cancelled", day)
