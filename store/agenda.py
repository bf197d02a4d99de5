"""A session's agenda: the claims that land on it (with whether their note is in), and the
ledger that posts each session's agenda once."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from store.clock import to_text
from store.sessions import (
    HORIZON_DAYS,
    Schedule,
    Session,
    session_for_due,
    session_schedule,
    sessions_from,
)


@dataclass(frozen=True)
class Slot:
    """One paper on a session's agenda."""

    arxiv_id: str
    title: str
    user_id: int
    presenter: str
    has_note: bool
    status: str  # open | done


def public_slot(slot: Slot, nameless: str = "") -> Slot:
    """A slot fit for a page or a calendar file: a member with no name is `nameless` ("a
    member" in the reader's language), never their user id."""
    return replace(slot, presenter=nameless) if slot.presenter == str(slot.user_id) else slot


def session_slots(db: Database, schedule: Schedule, session: Session) -> list[Slot]:
    """The group's claims whose session this is (open or done, not released), by due date."""
    earliest = session.on_date - timedelta(days=HORIZON_DAYS)
    rows = db.query(
        """
        select c.arxiv_id, c.user_id, c.status, c.due_on, coalesce(p.title, c.arxiv_id) as title,
               coalesce(nullif(m.first_name, ''), '@' || m.username, cast(c.user_id as text))
                 as presenter,
               exists (select 1 from notes n where n.chat_id = c.chat_id
                       and n.arxiv_id = c.arxiv_id and n.author_id = c.user_id) as has_note
        from claims c
        left join papers p on p.arxiv_id = c.arxiv_id
        left join members m on m.user_id = c.user_id
        where c.chat_id = ? and c.status in ('open', 'done') and c.due_on between ? and ?
        order by c.due_on, c.id
        """,
        [session.chat_id, earliest.isoformat(), session.on_date.isoformat()],
    )
    slots = []
    for row in rows:
        landed = session_for_due(schedule, datetime.fromisoformat(row["due_on"]).date())
        if landed is not None and landed.on_date == session.on_date:
            slots.append(
                Slot(row["arxiv_id"], row["title"], row["user_id"], row["presenter"],
                     bool(row["has_note"]), row["status"])
            )  # fmt: skip
    return slots


def begin_agenda(db: Database, chat_id: int, session: Session, now: datetime) -> bool:
    """Take the session's agenda slot in the ledger; False when it was posted (or begun)."""
    with db.conn:
        cursor = db.execute(
            "insert or ignore into agenda_posts (chat_id, session_on, posted_at) values (?, ?, ?)",
            [chat_id, session.on_date.isoformat(), to_text(now)],
        )
    return cursor.rowcount > 0


def finish_agenda(db: Database, chat_id: int, session: Session, message_id: int) -> None:
    """The agenda is posted: remember its message."""
    with db.conn:
        db.execute(
            "update agenda_posts set message_id = ? where chat_id = ? and session_on = ?",
            [message_id, chat_id, session.on_date.isoformat()],
        )


def abandon_agenda(db: Database, chat_id: int, session: Session) -> None:
    """Nothing was posted: free the slot for a later run."""
    with db.conn:
        db.execute(
            "delete from agenda_posts where chat_id = ? and session_on = ?",
            [chat_id, session.on_date.isoformat()],
        )


def agendas_not_archived(db: Database, chat_id: int) -> list[date]:
    """Local dates of the group's meetings whose agenda went out and whose archive entry has
    not (the caller checks that each has ended)."""
    rows = db.execute(
        "select session_on from agenda_posts where chat_id = ? and archived_at is null "
        "and message_id is not null order by session_on",
        [chat_id],
    ).fetchall()
    return [date.fromisoformat(row[0]) for row in rows]


def begin_archive(db: Database, chat_id: int, session: Session, now: datetime) -> bool:
    """Take the session's archive slot; False when its entry was posted (or begun)."""
    with db.conn:
        cursor = db.execute(
            "update agenda_posts set archived_at = ? where chat_id = ? and session_on = ? "
            "and archived_at is null",
            [to_text(now), chat_id, session.on_date.isoformat()],
        )
    return cursor.rowcount > 0


def agenda_posted(db: Database, chat_id: int, session: Session) -> bool:
    """Whether the session's agenda went out (or is going out)."""
    row = db.execute(
        "select 1 from agenda_posts where chat_id = ? and session_on = ?",
        [chat_id, session.on_date.isoformat()],
    ).fetchone()
    return row is not None


CALENDAR_PAST_DAYS = 28
CALENDAR_AHEAD_DAYS = 84


@dataclass(frozen=True)
class CalendarEntry:
    """One meeting in the calendar file, or a cancelled one (so a client drops its event)."""

    session: Session
    slots: tuple[Slot, ...]
    cancelled: bool = False


def calendar_sessions(db: Database, chat_id: int, now: datetime) -> list[CalendarEntry] | None:
    """The group's meetings from four weeks back to twelve ahead, cancelled dates included;
    None when the group has no meetings."""
    schedule = session_schedule(db, chat_id)
    if schedule is None or not schedule.active or schedule.plan is None:
        return None
    today = now.astimezone(ZoneInfo(schedule.zone)).date()
    first = today - timedelta(days=CALENDAR_PAST_DAYS)
    until = today + timedelta(days=CALENDAR_AHEAD_DAYS)
    entries = [
        CalendarEntry(session, tuple(session_slots(db, schedule, session)))
        for session in sessions_from(schedule, first, until)
    ]
    plan = schedule.plan
    for change in schedule.changes:
        if change.kind == "cancel" and first <= change.on_date <= until:
            gone = Session(chat_id, change.on_date, plan.at, plan.place, schedule.zone)
            entries.append(CalendarEntry(gone, (), cancelled=True))
    return sorted(entries, key=lambda entry: entry.session.on_date)
