"""Who presents which paper in which group: claims, decided by the database's unique index.

At most one open claim per paper per group (`claims_one_open`). A claim is written with a single
INSERT and no read before it in the same transaction, so two members racing both reach the
index: one row goes in, the other insert fails and the loser re-reads who holds the paper.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any

from sqlite_utils import Database

from store.clock import from_text, to_text

DONE_SHOWN_DAYS = 7  # the board shows claims completed in the last week

_SELECT = """
select c.*, coalesce(nullif(m.first_name, ''), '@' || m.username, cast(c.user_id as text))
         as holder,
       coalesce(p.title, c.arxiv_id) as paper_title, coalesce(g.title, '') as group_title
from claims c
left join members m on m.user_id = c.user_id
left join papers p on p.arxiv_id = c.arxiv_id
left join groups g on g.chat_id = c.chat_id
"""


@dataclass(frozen=True)
class Claim:
    """A member presenting a paper in a group, with the names a reader needs."""

    id: int
    chat_id: int
    arxiv_id: str
    user_id: int
    claimed_at: datetime
    due_on: date | None
    status: str  # open | done | released
    closed_at: datetime | None = None
    holder: str = ""
    paper_title: str = ""
    group_title: str = ""


class ClaimOutcome(Enum):
    """What /claim did."""

    CLAIMED = "claimed"
    ALREADY_YOURS = "already_yours"
    TAKEN = "taken"  # someone else holds it; nothing changed


class ReleaseOutcome(Enum):
    """What /unclaim did."""

    RELEASED = "released"
    NOT_CLAIMED = "not_claimed"
    NOT_YOURS = "not_yours"


@dataclass(frozen=True)
class ClaimResult:
    """The outcome and the claim that now holds the paper (or was released)."""

    outcome: ClaimOutcome | ReleaseOutcome
    claim: Claim | None


def _claim(row: dict[str, Any]) -> Claim:
    moment = from_text(row["claimed_at"])
    if moment is None:
        raise RuntimeError("expected moment is not None")
    return Claim(
        id=row["id"],
        chat_id=row["chat_id"],
        arxiv_id=row["arxiv_id"],
        user_id=row["user_id"],
        claimed_at=moment,
        due_on=date.fromisoformat(row["due_on"]) if row["due_on"] else None,
        status=row["status"],
        closed_at=from_text(row["closed_at"]),
        holder=row.get("holder") or str(row["user_id"]),
        paper_title=row.get("paper_title") or row["arxiv_id"],
        group_title=row.get("group_title") or "",
    )


def _claims(db: Database, where: str, params: list[Any], order: str = "c.id") -> list[Claim]:
    return [_claim(row) for row in db.query(f"{_SELECT} where {where} order by {order}", params)]


def open_claim(db: Database, chat_id: int, arxiv_id: str) -> Claim | None:
    """The open claim on a paper in a group, if any."""
    found = _claims(
        db, "c.chat_id = ? and c.arxiv_id = ? and c.status = 'open'", [chat_id, arxiv_id]
    )
    return found[0] if found else None


def claim_paper(
    db: Database, chat_id: int, arxiv_id: str, user_id: int, due_on: date, now: datetime
) -> ClaimResult:
    """Make the member the paper's presenter, unless someone already is."""
    held = open_claim(db, chat_id, arxiv_id)
    if held is None:
        try:
            with db.conn:
                db.execute(
                    "insert into claims (chat_id, arxiv_id, user_id, claimed_at, due_on, status) "
                    "values (?, ?, ?, ?, ?, 'open')",
                    [chat_id, arxiv_id, user_id, to_text(now), due_on.isoformat()],
                )
        except sqlite3.IntegrityError:
            held = open_claim(db, chat_id, arxiv_id)  # lost the race: report the winner
            if held is None:
                raise
        else:
            mine = open_claim(db, chat_id, arxiv_id)
            return ClaimResult(ClaimOutcome.CLAIMED, mine)
    outcome = ClaimOutcome.ALREADY_YOURS if held.user_id == user_id else ClaimOutcome.TAKEN
    return ClaimResult(outcome, held)


def release_claim(
    db: Database, chat_id: int, arxiv_id: str, user_id: int, may_release_any: bool, now: datetime
) -> ClaimResult:
    """Release the open claim: its holder may, and an admin may release anyone's."""
    held = open_claim(db, chat_id, arxiv_id)
    if held is None:
        return ClaimResult(ReleaseOutcome.NOT_CLAIMED, None)
    if held.user_id != user_id and not may_release_any:
        return ClaimResult(ReleaseOutcome.NOT_YOURS, held)
    with db.conn:
        db.execute(
            "update claims set status = 'released', closed_at = ?, closed_by = ? "
            "where id = ? and status = 'open'",
            [to_text(now), user_id, held.id],
        )
    return ClaimResult(ReleaseOutcome.RELEASED, held)


def complete_claim(db: Database, chat_id: int, arxiv_id: str, user_id: int, now: datetime) -> bool:
    """Mark the member's open claim done (their note is in); False when they held none."""
    cursor = db.execute(
        "update claims set status = 'done', closed_at = ?, closed_by = ? "
        "where chat_id = ? and arxiv_id = ? and user_id = ? and status = 'open'",
        [to_text(now), user_id, chat_id, arxiv_id, user_id],
    )
    return cursor.rowcount > 0


def claim_board(db: Database, chat_id: int, now: datetime) -> list[Claim]:
    """Open claims, then those done in the last week, for the group's board."""
    since = to_text(now - timedelta(days=DONE_SHOWN_DAYS))
    return _claims(
        db,
        "c.chat_id = ? and (c.status = 'open' or (c.status = 'done' and c.closed_at >= ?))",
        [chat_id, since],
        order="c.status desc, c.due_on, c.id",
    )


def member_claims(
    db: Database, user_id: int, chat_ids: Iterable[int], now: datetime
) -> list[Claim]:
    """A member's open and recently done claims in the given groups."""
    ids = list(chat_ids)
    if not ids:
        return []
    since = to_text(now - timedelta(days=DONE_SHOWN_DAYS))
    marks = ",".join("?" * len(ids))
    return _claims(
        db,
        f"c.user_id = ? and c.chat_id in ({marks}) "
        "and (c.status = 'open' or (c.status = 'done' and c.closed_at >= ?))",
        [user_id, *ids, since],
        order="c.status desc, c.due_on, c.id",
    )


def open_claims_on(db: Database, arxiv_ids: Iterable[str]) -> list[Claim]:
    """Every open claim, in any group the bot is still in, on these papers (to tell claimants
    of new versions: a group that removed the bot gets nothing)."""
    ids = list(dict.fromkeys(arxiv_ids))
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return _claims(db, f"c.status = 'open' and g.active = 1 and c.arxiv_id in ({marks})", ids)


def open_claims_of(db: Database, user_id: int) -> list[Claim]:
    """A member's open claims in every group (their papers' topics close when /forget runs)."""
    return _claims(db, "c.user_id = ? and c.status = 'open'", [user_id])


def delete_member_claims(db: Database, user_id: int) -> int:
    """Remove every claim a member ever made (for /forget); returns how many."""
    return db.execute("delete from claims where user_id = ?", [user_id]).rowcount
