"""What every update records: the group it came from and the member who sent it.

Checked with a read first, so the usual update (a known group, a known member seen in the last
hour) writes nothing: every command used to upsert its sender and so queued behind any writer.
What the commands need (a new group, a new member) is written before they run; a refresh (a new
name, last_seen) is bookkeeping that gives up quickly when the writer is busy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from sqlite_utils import Database

from store.clock import from_text
from store.groups import Group, ensure_group, get_group, record_member, set_active

SEEN_AGAIN_AFTER = timedelta(hours=1)  # how stale a membership's last_seen may get


@dataclass(frozen=True)
class Visit:
    """Who wrote where: the chat (group_type None when it is no group) and the member
    (user_id None for a bot)."""

    chat_id: int
    chat_title: str
    group_type: str | None
    private: bool
    timezone: str  # a new group's defaults
    language: str
    user_id: int | None
    first_name: str = ""
    username: str | None = None
    language_code: str | None = None


class Recorded(Enum):
    """How much of a visit the catalog already holds."""

    ALL = "all"  # nothing to write
    STALE = "stale"  # a name, a language or last_seen to refresh: bookkeeping that may wait
    MISSING = "missing"  # a group (or member, or membership) the commands need: write it now


def visit_recorded(db: Database, visit: Visit, now: datetime) -> tuple[Group | None, Recorded]:
    """The group as stored, and how much of the visit is recorded: three reads by primary key."""
    group = get_group(db, visit.chat_id) if visit.group_type is not None else None
    if visit.group_type is not None:
        if group is None or not group.active:
            return group, Recorded.MISSING
        if (group.title, group.chat_type) != (visit.chat_title, visit.group_type):
            return group, Recorded.STALE
    return group, Recorded.ALL if visit.user_id is None else _member_recorded(db, visit, now)


def _member_recorded(db: Database, visit: Visit, now: datetime) -> Recorded:
    row = db.execute(
        "select first_name, username, private_chat, language_code from members where user_id = ?",
        [visit.user_id],
    ).fetchone()
    if row is None or (visit.private and not row[2]):
        return Recorded.MISSING
    if (row[0], row[1]) != (visit.first_name, visit.username) or (
        visit.language_code and row[3] != visit.language_code
    ):
        return Recorded.STALE
    if visit.group_type is None:
        return Recorded.ALL  # a private chat (or a channel): no group to be seen in
    seen = db.execute(
        "select last_seen from memberships where chat_id = ? and user_id = ?",
        [visit.chat_id, visit.user_id],
    ).fetchone()
    last = from_text(seen[0]) if seen is not None else None
    if last is None:
        return Recorded.MISSING
    return Recorded.ALL if timedelta(0) <= now - last < SEEN_AGAIN_AFTER else Recorded.STALE


def record_visit(db: Database, visit: Visit, now: datetime) -> Group | None:
    """Create or refresh the group and the member; the group as it now is."""
    group = None
    if visit.group_type is not None:
        group = ensure_group(
            db,
            visit.chat_id,
            visit.chat_title,
            visit.group_type,
            visit.timezone,
            now,
            language=visit.language,
        )
    if visit.user_id is not None:
        record_member(
            db,
            visit.user_id,
            visit.first_name,
            visit.username,
            now,
            chat_id=None if visit.private else visit.chat_id,
            private_chat=visit.private,
            language_code=visit.language_code,
        )
    return group


def leave_group(db: Database, chat_id: int, now: datetime) -> bool:
    """Mark a group the bot left inactive; False when it was unknown or already inactive."""
    group = get_group(db, chat_id)
    if group is None or not group.active:
        return False
    set_active(db, chat_id, False, now)
    return True
