"""Weekly reminders: settings per group, what a reminder shows, the ledgers against repeats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from store.clock import to_text


@dataclass(frozen=True)
class ReminderSettings:
    """When a group's weekly reminder goes out, in the group's own time zone."""

    chat_id: int
    timezone: str
    day: int = 1  # ISO weekday, 1 = Monday
    time: str = "10:00"
    enabled: bool = True
    poll: bool = False


@dataclass(frozen=True)
class OpenClaim:
    """An open claim with what a reminder or nudge needs to say about it."""

    id: int
    chat_id: int
    arxiv_id: str
    title: str
    user_id: int
    name: str
    due_on: date | None
    private_chat: bool
    language_code: str | None = None  # the claimant's Telegram language: a private nudge's


@dataclass(frozen=True)
class WeekNote:
    """A note submitted this week."""

    arxiv_id: str | None
    title: str
    author: str


@dataclass(frozen=True)
class Pick:
    """A paper from this week's digests that nobody has claimed or noted."""

    arxiv_id: str
    title: str
    score: float


def _settings(row: dict[str, Any]) -> ReminderSettings:
    return ReminderSettings(
        chat_id=row["chat_id"],
        timezone=row["timezone"],
        day=row["reminder_day"],
        time=row["reminder_time"],
        enabled=bool(row["reminder_enabled"]),
        poll=bool(row["reminder_poll"]),
    )


def reminder_settings(db: Database, chat_id: int) -> ReminderSettings | None:
    """The group's reminder settings, or None for a group the bot does not know."""
    rows = list(db.table("groups").rows_where("chat_id = ?", [chat_id], limit=1))
    return _settings(rows[0]) if rows else None


def all_reminder_settings(db: Database) -> list[ReminderSettings]:
    """Every active group's reminder settings, for scheduling."""
    return [_settings(r) for r in db.table("groups").rows_where("active = 1", order_by="chat_id")]


def set_reminder(
    db: Database,
    chat_id: int,
    now: datetime,
    *,
    day: int | None = None,
    time: str | None = None,
    enabled: bool | None = None,
    poll: bool | None = None,
) -> ReminderSettings:
    """Change what was given (already validated) and return the new settings."""
    values: dict[str, Any] = {"updated_at": to_text(now)}
    for column, value in (
        ("reminder_day", day),
        ("reminder_time", time),
        ("reminder_enabled", enabled),
        ("reminder_poll", poll),
    ):
        if value is not None:
            values[column] = int(value) if isinstance(value, bool) else value
    db.table("groups").update(chat_id, values)
    settings = reminder_settings(db, chat_id)
    if settings is None:
        raise RuntimeError("expected settings is not None")
    return settings


def open_claims(db: Database, chat_id: int) -> list[OpenClaim]:
    """The group's open claims, soonest due first, with titles and the claimants' names."""
    rows = db.query(
        "select c.id, c.chat_id, c.arxiv_id, c.user_id, c.due_on, p.title, m.first_name, "
        "m.username, m.private_chat, m.language_code from claims c "
        "left join papers p on p.arxiv_id = c.arxiv_id "
        "left join members m on m.user_id = c.user_id "
        "where c.chat_id = ? and c.status = 'open' "
        "order by c.due_on is null, c.due_on, c.id",
        [chat_id],
    )
    return [
        OpenClaim(
            id=row["id"],
            chat_id=row["chat_id"],
            arxiv_id=row["arxiv_id"],
            title=row["title"] or row["arxiv_id"],
            user_id=row["user_id"],
            name=row["first_name"] or row["username"] or str(row["user_id"]),
            due_on=date.fromisoformat(row["due_on"]) if row["due_on"] else None,
            private_chat=bool(row["private_chat"]),
            language_code=row["language_code"],
        )
        for row in rows
    ]


def notes_since(db: Database, chat_id: int, since: datetime) -> list[WeekNote]:
    """Notes written in the group since `since`, one line per entry and author, oldest first."""
    rows = db.query(
        "select n.arxiv_id, coalesce(nullif(p.title, ''), nullif(n.title, ''), n.entry_key) as "
        "title, coalesce(n.author_name, '') as author, min(n.id) as first from notes n "
        "left join papers p on p.arxiv_id = n.arxiv_id where n.chat_id = ? and n.created_at >= ? "
        "and n.source != 'import' "  # an imported catalog was not written this week
        "group by n.entry_key, coalesce(n.author_id, n.author_name) order by first",
        [chat_id, to_text(since)],
    )
    return [WeekNote(row["arxiv_id"], row["title"], row["author"]) for row in rows]


def unclaimed_picks(db: Database, chat_id: int, since: date, limit: int) -> list[Pick]:
    """The best-scored digest papers since `since` that the group has not claimed or noted."""
    rows = db.query(
        "select d.arxiv_id, p.title, max(d.score) as score from digest_items d "
        "join papers p on p.arxiv_id = d.arxiv_id where d.chat_id = ? and d.listing_date >= ? "
        "and d.arxiv_id not in (select arxiv_id from claims where chat_id = ? "
        "and status in ('open', 'done')) and d.arxiv_id not in (select arxiv_id from notes "
        "where chat_id = ? and arxiv_id is not null) group by d.arxiv_id "
        "order by score desc, d.arxiv_id limit ?",
        [chat_id, since.isoformat(), chat_id, chat_id, limit],
    )
    return [Pick(row["arxiv_id"], row["title"], row["score"] or 0.0) for row in rows]


def begin_reminder(db: Database, chat_id: int, week: str, now: datetime) -> bool:
    """Take the week's slot before sending; False when this week's reminder is already out."""
    cursor = db.execute(
        "insert or ignore into reminders (chat_id, week, status, created_at) "
        "values (?, ?, 'sending', ?)",
        [chat_id, week, to_text(now)],
    )
    db.conn.commit()
    return cursor.rowcount == 1


def finish_reminder(db: Database, chat_id: int, week: str, message_id: int, now: datetime) -> None:
    """The week's reminder went out."""
    with db.conn:
        db.execute(
            "update reminders set status = 'done', message_id = ?, finished_at = ? "
            "where chat_id = ? and week = ?",
            [message_id, to_text(now), chat_id, week],
        )


def abandon_reminder(db: Database, chat_id: int, week: str) -> None:
    """Telegram refused the send (nothing was posted): free the slot for a later try."""
    with db.conn:
        db.execute(
            "delete from reminders where chat_id = ? and week = ? and status = 'sending'",
            [chat_id, week],
        )


def reminder_sent(db: Database, chat_id: int, week: str) -> bool:
    """Whether the week's reminder was sent (or is being sent)."""
    return bool(list(db.table("reminders").rows_where("chat_id = ? and week = ?", [chat_id, week])))


def begin_nudge(db: Database, claim: OpenClaim, kind: str, channel: str, now: datetime) -> bool:
    """Record a nudge before sending it; False when this claim already had one of this kind."""
    cursor = db.execute(
        "insert or ignore into nudges (claim_id, kind, chat_id, user_id, channel, sent_at) "
        "values (?, ?, ?, ?, ?, ?)",
        [claim.id, kind, claim.chat_id, claim.user_id, channel, to_text(now)],
    )
    db.conn.commit()
    return cursor.rowcount == 1


def release_overdue(db: Database, claim_id: int, now: datetime) -> bool:
    """Release a long-overdue claim (closed by nobody: the bot did it); False if already closed."""
    with db.conn:
        cursor = db.execute(
            "update claims set status = 'released', closed_at = ?, closed_by = NULL "
            "where id = ? and status = 'open'",
            [to_text(now), claim_id],
        )
    return cursor.rowcount == 1
