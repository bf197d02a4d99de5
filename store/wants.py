"""Members' wants: +1 "I want this presented", -1 "not for us", one per member, paper and group."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from store.clock import from_text, to_text
from store.group_buttons import not_for_us_on

WANT = 1
NOT_FOR_US = -1


@dataclass(frozen=True)
class Want:
    """One member's word on one paper in one group."""

    chat_id: int
    arxiv_id: str
    user_id: int
    signal: int
    created_at: datetime


def set_want(
    db: Database, chat_id: int, arxiv_id: str, user_id: int, signal: int, now: datetime
) -> bool:
    """Record a member's want (or "not for us"); True when it changed anything."""
    if signal not in (WANT, NOT_FOR_US):
        raise ValueError(f"a want's signal is +1 or -1, not {signal}")
    before = db.execute(
        "select signal from wants where chat_id = ? and arxiv_id = ? and user_id = ?",
        [chat_id, arxiv_id, user_id],
    ).fetchone()
    if before is not None and before[0] == signal:
        return False
    with db.conn:
        db.table("wants").upsert(
            {
                "chat_id": chat_id,
                "arxiv_id": arxiv_id,
                "user_id": user_id,
                "signal": signal,
                "created_at": to_text(now),
            },
            pk=("chat_id", "arxiv_id", "user_id"),
        )
    return True


def clear_want(
    db: Database, chat_id: int, arxiv_id: str, user_id: int, signal: int | None = None
) -> bool:
    """Take a member's want back (only if it is `signal`, when given); True when there was one."""
    only = "" if signal is None else " and signal = ?"
    with db.conn:
        cursor = db.execute(
            f"delete from wants where chat_id = ? and arxiv_id = ? and user_id = ?{only}",
            [chat_id, arxiv_id, user_id, *([] if signal is None else [signal])],
        )
    return cursor.rowcount > 0


def group_wants(db: Database, chat_id: int, since: datetime | None = None) -> list[Want]:
    """Every want of a group (newest first), optionally only those since a moment."""
    sql = "select * from wants where chat_id = ?"
    params: list[object] = [chat_id]
    if since is not None:
        sql += " and created_at >= ?"
        params.append(to_text(since))
    rows = db.query(sql + " order by created_at desc, arxiv_id", params)
    return [_want(row) for row in rows]


def forget_member_wants(db: Database, user_id: int) -> int:
    """Remove every want a member ever gave (for /forget); returns how many."""
    with db.conn:
        return db.execute("delete from wants where user_id = ?", [user_id]).rowcount


def _want(row: dict[str, Any]) -> Want:
    return Want(
        row["chat_id"],
        row["arxiv_id"],
        row["user_id"],
        row["signal"],
        from_text(row["created_at"]) or datetime.min.replace(tzinfo=UTC),
    )


@dataclass(frozen=True)
class Wanted:
    """An unclaimed paper and how many members want it presented."""

    arxiv_id: str
    title: str
    votes: int


def most_wanted(
    db: Database, chat_id: int, since: datetime | None = None, limit: int = 10
) -> list[Wanted]:
    """The group's most wanted papers nobody has claimed (each member counts once), wants
    since a moment only when given; ties go to the most recently wanted."""
    params: list[object] = [chat_id]
    since_sql = ""
    if since is not None:
        since_sql = " and w.created_at >= ?"
        params.append(to_text(since))
    rows = db.query(
        "select w.arxiv_id, coalesce(p.title, w.arxiv_id) as title, count(*) as votes, "
        "max(w.created_at) as latest from wants w left join papers p on p.arxiv_id = w.arxiv_id "
        f"where w.chat_id = ? and w.signal = 1{since_sql} and not exists (select 1 from claims c "
        "where c.chat_id = w.chat_id and c.arxiv_id = w.arxiv_id and c.status in ('open', 'done')) "
        "group by w.arxiv_id order by votes desc, latest desc, w.arxiv_id limit ?",
        [*params, limit],
    )
    return [Wanted(row["arxiv_id"], row["title"], row["votes"]) for row in rows]


def want_counts(
    db: Database, chat_id: int, arxiv_ids: list[str], signal: int = WANT
) -> dict[str, int]:
    """How many members want each of these papers in the group (papers nobody wants: absent);
    with `signal` NOT_FOR_US, how many called each "not for us"."""
    if not arxiv_ids:
        return {}
    marks = ",".join("?" * len(arxiv_ids))
    rows = db.execute(
        f"select arxiv_id, count(*) from wants where chat_id = ? and signal = ? "
        f"and arxiv_id in ({marks}) group by arxiv_id",
        [chat_id, signal, *arxiv_ids],
    ).fetchall()
    return {arxiv_id: count for arxiv_id, count in rows}


def toggle_want(db: Database, chat_id: int, arxiv_id: str, user_id: int, now: datetime) -> bool:
    """A press of the 👍 button: want it, or take the want back; True when it is now wanted."""
    return toggle_signal(db, chat_id, arxiv_id, user_id, WANT, now)


def toggle_signal(
    db: Database, chat_id: int, arxiv_id: str, user_id: int, signal: int, now: datetime
) -> bool:
    """A press of the 👍 or 👎 button: give that word, or take it back when it was already the
    member's; a 👍 replaces the member's 👎 and the other way round. True when it now stands."""
    row = db.execute(
        "select signal from wants where chat_id = ? and arxiv_id = ? and user_id = ?",
        [chat_id, arxiv_id, user_id],
    ).fetchone()
    if row is not None and row[0] == signal:
        clear_want(db, chat_id, arxiv_id, user_id)
        return False
    set_want(db, chat_id, arxiv_id, user_id, signal, now)
    return True


def press_signal(
    db: Database, chat_id: int, arxiv_id: str, user_id: int, signal: int, now: datetime
) -> bool | None:
    """A digest button's press, as toggle_signal, except that a 👎 on a message posted while the
    button was on gives no word once it is off (None: nothing changed); the member's own 👎
    may still be taken back."""
    if signal == NOT_FOR_US and not not_for_us_on(db, chat_id):
        row = db.execute(
            "select signal from wants where chat_id = ? and arxiv_id = ? and user_id = ?",
            [chat_id, arxiv_id, user_id],
        ).fetchone()
        if row is None or row[0] != NOT_FOR_US:
            return None
    return toggle_signal(db, chat_id, arxiv_id, user_id, signal, now)
