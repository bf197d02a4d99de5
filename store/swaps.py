"""Slot swaps: a member proposes to exchange their next slot with another member's, and only
when that member agrees are the two claims' due dates (so their meetings) exchanged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlite_utils import Database

from store.clock import to_text
from store.sessions import session_for_due, session_schedule

_NAME = "coalesce(nullif(m.first_name, ''), '@' || m.username, cast(c.user_id as text))"


@dataclass(frozen=True)
class SwapSide:
    """One member's slot: their next open claim and the meeting it lands on."""

    claim_id: int
    user_id: int
    name: str
    arxiv_id: str
    title: str
    due_on: date
    session_on: date


@dataclass(frozen=True)
class Swap:
    """`outcome`: proposed, agreed, refused, or why nothing changed (no_meetings, no_slot_yours,
    no_slot_theirs, same_meeting, not_yours, answered, stale)."""

    outcome: str
    offer_id: int = 0
    mine: SwapSide | None = None
    theirs: SwapSide | None = None


def member_by_username(db: Database, chat_id: int, username: str) -> tuple[int, str] | None:
    """A member seen in the group under that @username: their id and name."""
    row = db.execute(
        "select m.user_id, coalesce(nullif(m.first_name, ''), '@' || m.username) from members m "
        "join memberships s on s.user_id = m.user_id and s.chat_id = ? "
        "where lower(m.username) = lower(?)",
        [chat_id, username.removeprefix("@")],
    ).fetchone()
    return (row[0], row[1]) if row else None


def next_slot(db: Database, chat_id: int, user_id: int, today: date) -> SwapSide | None:
    """The member's open claim with the earliest meeting today or later (its due date may be
    past: the slot is the meeting)."""
    sides = _sides(db, chat_id, "c.user_id = ? and c.status = 'open'", [user_id])
    return next((side for side in sides if side.session_on >= today), None)


def _side(db: Database, chat_id: int, where: str, params: list[object]) -> SwapSide | None:
    return next(iter(_sides(db, chat_id, where, params)), None)


def _sides(db: Database, chat_id: int, where: str, params: list[object]) -> list[SwapSide]:
    """The matching claims that land on a meeting, earliest due first."""
    schedule = session_schedule(db, chat_id)
    if schedule is None or not schedule.active:
        return []
    rows = db.execute(
        f"select c.id, c.user_id, {_NAME}, c.arxiv_id, coalesce(p.title, c.arxiv_id), c.due_on "
        "from claims c left join members m on m.user_id = c.user_id "
        f"left join papers p on p.arxiv_id = c.arxiv_id where c.chat_id = ? and {where} "
        "order by c.due_on, c.id",
        [chat_id, *params],
    ).fetchall()
    sides = []
    for row in rows:
        due = date.fromisoformat(row[5][:10])
        session = session_for_due(schedule, due)
        if session is not None:
            sides.append(SwapSide(row[0], row[1], row[2], row[3], row[4], due, session.on_date))
    return sides


def propose_swap(
    db: Database, chat_id: int, from_user: int, to_user: int, today: date, now: datetime
) -> Swap:
    """Record the offer of exchanging the two members' next slots (nothing moves yet)."""
    schedule = session_schedule(db, chat_id)
    if schedule is None or not schedule.active:
        return Swap("no_meetings")
    mine = next_slot(db, chat_id, from_user, today)
    if mine is None:
        return Swap("no_slot_yours")
    theirs = next_slot(db, chat_id, to_user, today)
    if theirs is None:
        return Swap("no_slot_theirs", mine=mine)
    if mine.session_on == theirs.session_on:
        return Swap("same_meeting", mine=mine, theirs=theirs)
    with db.conn:
        cursor = db.execute(
            "insert into swap_offers (chat_id, from_user, to_user, from_claim, to_claim, "
            "from_due, to_due, status, created_at) values (?, ?, ?, ?, ?, ?, ?, 'proposed', ?)",
            [chat_id, from_user, to_user, mine.claim_id, theirs.claim_id,
             mine.due_on.isoformat(), theirs.due_on.isoformat(), to_text(now)],
        )  # fmt: skip
    return Swap("proposed", cursor.lastrowid or 0, mine, theirs)


def answer_swap(db: Database, offer_id: int, user_id: int, agree: bool, now: datetime) -> Swap:
    """The asked member agrees (the claims' due dates are exchanged, if neither changed since)
    or refuses (nothing changes)."""
    row = db.execute(
        "select to_user, from_claim, to_claim, from_due, to_due, status, chat_id "
        "from swap_offers where id = ?",
        [offer_id],
    ).fetchone()
    if row is None or row[0] != user_id:
        return Swap("not_yours", offer_id)
    _to_user, from_claim, to_claim, from_due, to_due, status, chat_id = row
    if status != "proposed":
        return Swap("answered", offer_id)
    mine = _side(db, chat_id, "c.id = ?", [from_claim])
    theirs = _side(db, chat_id, "c.id = ?", [to_claim])
    outcome = "agreed" if agree else "refused"
    with db.atomic():
        if agree:
            current = db.execute(
                "select id, due_on from claims where id in (?, ?) and status = 'open'",
                [from_claim, to_claim],
            ).fetchall()
            if mine is None or theirs is None:
                outcome = "stale"  # the meetings stopped meanwhile: no slot to exchange
            elif sorted(current) != sorted([(from_claim, from_due), (to_claim, to_due)]):
                outcome = "stale"  # a claim was released or moved meanwhile
            else:
                db.execute("update claims set due_on = ? where id = ?", [to_due, from_claim])
                db.execute("update claims set due_on = ? where id = ?", [from_due, to_claim])
        db.execute(
            "update swap_offers set status = ?, answered_at = ? where id = ?",
            [outcome, to_text(now), offer_id],
        )
    return Swap(outcome, offer_id, mine, theirs)
