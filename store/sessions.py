"""A group's meetings: the weekly plan, its cancelled and extra dates, and the sessions they
make in the group's zone (computed, never stored one by one, so a change moves every claim)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from store.clock import to_text
from store.groups import get_group

DEFAULT_SLOTS = 2
SESSION_LENGTH = timedelta(hours=1, minutes=30)  # a meeting's end, for calendars and the archive
HORIZON_DAYS = 400  # how far ahead a session is looked for (a claim is due within a year)


@dataclass(frozen=True)
class SessionPlan:
    """The group's regular meeting."""

    chat_id: int
    weekday: int  # ISO: 1 = Monday
    at: str  # "HH:MM" local
    place: str
    slots: int
    enabled: bool


@dataclass(frozen=True)
class SessionChange:
    """One date cancelled, or one extra session."""

    on_date: date
    kind: str  # cancel | extra
    at: str = ""
    place: str = ""


@dataclass(frozen=True)
class Session:
    """One meeting: a local date and time in the group's zone, and where."""

    chat_id: int
    on_date: date
    at: str
    place: str
    zone: str
    extra: bool = False

    @property
    def starts(self) -> datetime:
        """The aware local start (wall time in the group's zone, DST included)."""
        hour, minute = (int(part) for part in self.at.split(":"))
        return datetime.combine(self.on_date, time(hour, minute), tzinfo=ZoneInfo(self.zone))


@dataclass(frozen=True)
class Schedule:
    """What a group's sessions are made from."""

    plan: SessionPlan | None
    changes: tuple[SessionChange, ...]
    zone: str

    @property
    def active(self) -> bool:
        return self.plan is not None and self.plan.enabled

    @property
    def slots(self) -> int:
        return self.plan.slots if self.plan else DEFAULT_SLOTS


def _plan(row: dict[str, Any]) -> SessionPlan:
    return SessionPlan(
        row["chat_id"], row["weekday"], row["at"], row["place"], row["slots"], bool(row["enabled"])
    )


def session_schedule(db: Database, chat_id: int) -> Schedule | None:
    """The group's plan and changes (None: the bot does not know the group)."""
    group = get_group(db, chat_id)
    if group is None:
        return None
    rows = list(db.query("select * from session_plans where chat_id = ?", [chat_id]))
    changes = tuple(
        SessionChange(date.fromisoformat(r["on_date"]), r["kind"], r["at"] or "", r["place"] or "")
        for r in db.query(
            "select * from session_changes where chat_id = ? order by on_date", [chat_id]
        )
    )
    return Schedule(_plan(rows[0]) if rows else None, changes, group.timezone)


def meeting_times(db: Database) -> dict[int, tuple[str, str]]:
    """Every active group that meets: its regular local time and zone, in one query (the
    agenda jobs read it whenever a group speaks)."""
    rows = db.execute(
        "select p.chat_id, p.at, g.timezone from session_plans p "
        "join groups g on g.chat_id = p.chat_id where p.enabled = 1 and g.active = 1"
    ).fetchall()
    return {chat_id: (at, zone) for chat_id, at, zone in rows}


def set_weekly(
    db: Database, chat_id: int, weekday: int, at: str, place: str, now: datetime
) -> Schedule | None:
    """Meet every `weekday` at `at` (local) in `place`; turns sessions on."""
    with db.conn:
        existing = db.execute(
            "select slots from session_plans where chat_id = ?", [chat_id]
        ).fetchone()
        db.table("session_plans").upsert(
            {
                "chat_id": chat_id,
                "weekday": weekday,
                "at": at,
                "place": place,
                "slots": existing[0] if existing else DEFAULT_SLOTS,
                "enabled": 1,
                "updated_at": to_text(now),
            },
            pk="chat_id",
        )
    return session_schedule(db, chat_id)


def set_plan_field(db: Database, chat_id: int, now: datetime, **fields: Any) -> Schedule | None:
    """Turn sessions on or off, or set the slots; None when the group has no plan yet."""
    with db.conn:
        cursor = db.execute(
            "update session_plans set "
            + ", ".join(f"{name} = ?" for name in fields)
            + ", updated_at = ? where chat_id = ?",
            [*fields.values(), to_text(now), chat_id],
        )
    return session_schedule(db, chat_id) if cursor.rowcount else None


def cancel_session(db: Database, chat_id: int, on_date: date, now: datetime) -> Schedule | None:
    """No session on that local date (a regular or an extra one)."""
    with db.conn:
        db.table("session_changes").upsert(
            {"chat_id": chat_id, "on_date": on_date.isoformat(), "kind": "cancel",
             "at": "", "place": "", "created_at": to_text(now)},
            pk=("chat_id", "on_date"),
        )  # fmt: skip
    return session_schedule(db, chat_id)


def add_extra_session(
    db: Database, chat_id: int, on_date: date, at: str, place: str, now: datetime
) -> Schedule | None:
    """A session on that date too (it replaces that day's regular one, or a cancellation)."""
    with db.conn:
        db.table("session_changes").upsert(
            {"chat_id": chat_id, "on_date": on_date.isoformat(), "kind": "extra",
             "at": at, "place": place, "created_at": to_text(now)},
            pk=("chat_id", "on_date"),
        )  # fmt: skip
    return session_schedule(db, chat_id)


def sessions_from(schedule: Schedule, first: date, until: date) -> Iterator[Session]:
    """The sessions on local dates first..until, in order (none when sessions are off)."""
    plan = schedule.plan
    if plan is None or not plan.enabled:
        return
    changes = {change.on_date: change for change in schedule.changes}
    day = first
    while day <= until:
        change = changes.get(day)
        if change is not None and change.kind == "extra":
            yield Session(plan.chat_id, day, change.at, change.place or plan.place,
                          schedule.zone, extra=True)  # fmt: skip
        elif change is None and day.isoweekday() == plan.weekday:
            yield Session(plan.chat_id, day, plan.at, plan.place, schedule.zone)
        day += timedelta(days=1)


def next_sessions(schedule: Schedule, now: datetime, count: int) -> list[Session]:
    """The next `count` sessions that have not started at `now`."""
    today = now.astimezone(ZoneInfo(schedule.zone)).date()
    found: list[Session] = []
    for session in sessions_from(schedule, today, today + timedelta(days=HORIZON_DAYS)):
        if session.starts > now:
            found.append(session)
            if len(found) == count:
                break
    return found


def session_for_due(schedule: Schedule, due: date) -> Session | None:
    """A claim's session: the first on or after its due date."""
    until = due + timedelta(days=HORIZON_DAYS)
    return next(sessions_from(schedule, due, until), None)


def by_session(schedule: Schedule | None, due: date | None) -> date | None:
    """When a claim is really due: its meeting's date when the group meets, else its own."""
    if schedule is None or not schedule.active or due is None:
        return due
    session = session_for_due(schedule, due)
    return session.on_date if session is not None else due


def sessions_around(schedule: Schedule, dates: Sequence[date]) -> dict[date, Session]:
    """Each due date's session (the first on or after it)."""
    found: dict[date, Session] = {}
    for due in dates:
        session = session_for_due(schedule, due)
        if session is not None:
            found[due] = session
    return found
