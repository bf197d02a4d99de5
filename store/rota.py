"""The presenter rota: members who take turns filling a meeting's open slots, whose turn it is
(kept across restarts), and each ask (asked, then taken, passed, or claimed with a paper)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlite_utils import Database

from store.clock import to_text

_NAME = "coalesce(nullif(m.first_name, ''), '@' || m.username, cast(r.user_id as text))"


@dataclass(frozen=True)
class RotaMember:
    """One member in the rota, in turn order."""

    user_id: int
    name: str
    position: int
    private_chat: bool  # they started the bot: they are asked privately
    language_code: str | None = None  # their Telegram language: a private ask's


@dataclass(frozen=True)
class Ask:
    """One member asked to fill one open slot of one meeting."""

    id: int
    chat_id: int
    session_on: date
    user_id: int
    status: str  # asked | taken | passed | claimed


def join_rota(db: Database, chat_id: int, user_id: int, now: datetime) -> bool:
    """Add the member at the end of the turn order; False when they are in it already."""
    with db.conn:
        cursor = db.execute(
            "insert or ignore into rota_members (chat_id, user_id, position, joined_at) "
            "select ?, ?, coalesce(max(position), 0) + 1, ? from rota_members where chat_id = ?",
            [chat_id, user_id, to_text(now), chat_id],
        )
    return cursor.rowcount > 0


def leave_rota(db: Database, chat_id: int, user_id: int) -> bool:
    """Take the member out of the turns; False when they were not in them."""
    with db.conn:
        cursor = db.execute(
            "delete from rota_members where chat_id = ? and user_id = ?", [chat_id, user_id]
        )
    return cursor.rowcount > 0


def rota_order(db: Database, chat_id: int) -> list[RotaMember]:
    """The group's rota, starting with whoever is next in turn."""
    rows = db.execute(
        f"select r.user_id, {_NAME}, r.position, coalesce(m.private_chat, 0), m.language_code "
        "from rota_members r left join members m on m.user_id = r.user_id "
        "where r.chat_id = ? order by r.position",
        [chat_id],
    ).fetchall()
    members = [
        RotaMember(uid, name, pos, bool(private), language)
        for uid, name, pos, private, language in rows
    ]
    turn = db.execute(
        "select last_position from rota_turns where chat_id = ?", [chat_id]
    ).fetchone()
    last = turn[0] if turn else 0
    after = [m for m in members if m.position > last]
    return after + [m for m in members if m.position <= last]


def next_in_turn(db: Database, chat_id: int, session_on: date) -> RotaMember | None:
    """The next member in turn not yet asked about this meeting (None: everyone was)."""
    asked = {
        row[0]
        for row in db.execute(
            "select user_id from rota_asks where chat_id = ? and session_on = ?",
            [chat_id, session_on.isoformat()],
        )
    }
    return next((m for m in rota_order(db, chat_id) if m.user_id not in asked), None)


def begin_ask(
    db: Database, chat_id: int, session_on: date, member: RotaMember, now: datetime
) -> int:
    """Record the ask and move the turn to this member (one transaction); the ask's id."""
    with db.conn:
        cursor = db.execute(
            "insert into rota_asks (chat_id, session_on, user_id, status, asked_at) "
            "values (?, ?, ?, 'asked', ?)",
            [chat_id, session_on.isoformat(), member.user_id, to_text(now)],
        )
        db.execute(
            "insert into rota_turns (chat_id, last_position) values (?, ?) "
            "on conflict (chat_id) do update set last_position = excluded.last_position",
            [chat_id, member.position],
        )
    if cursor.lastrowid is None:
        raise RuntimeError("expected an ask id")
    return cursor.lastrowid


def session_asks(db: Database, chat_id: int, session_on: date) -> list[Ask]:
    """Every ask about one meeting, oldest first."""
    rows = db.execute(
        "select id, chat_id, session_on, user_id, status from rota_asks "
        "where chat_id = ? and session_on = ? order by id",
        [chat_id, session_on.isoformat()],
    ).fetchall()
    return [_ask(row) for row in rows]


def get_ask(db: Database, ask_id: int) -> Ask | None:
    """One ask, or None."""
    row = db.execute(
        "select id, chat_id, session_on, user_id, status from rota_asks where id = ?", [ask_id]
    ).fetchone()
    return _ask(row) if row else None


def answer_ask(
    db: Database, ask_id: int, user_id: int, before: str, after: str, now: datetime
) -> Ask | None:
    """The asked member moves their ask from `before` to `after`; None when it is not theirs
    or no longer in `before` (a second press changes nothing)."""
    with db.conn:
        cursor = db.execute(
            "update rota_asks set status = ?, answered_at = ? "
            "where id = ? and user_id = ? and status = ?",
            [after, to_text(now), ask_id, user_id, before],
        )
    return get_ask(db, ask_id) if cursor.rowcount else None


def lapse_asks(db: Database, chat_id: int, asked_before: datetime, now: datetime) -> int:
    """Asks nobody answered since `asked_before` count as passes (the turn moves on)."""
    with db.conn:
        return db.execute(
            "update rota_asks set status = 'passed', answered_at = ? "
            "where chat_id = ? and status = 'asked' and asked_at < ?",
            [to_text(now), chat_id, to_text(asked_before)],
        ).rowcount


def _ask(row: tuple[int, int, str, int, str]) -> Ask:
    return Ask(row[0], row[1], date.fromisoformat(row[2]), row[3], row[4])
