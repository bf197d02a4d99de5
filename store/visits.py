"""What every update records: the group it came from and the member who sent it.

Checked with a read first, so the usual update (a known group, a known member seen in the last
hour) writes nothing: every command used to upsert its sender and so queued behind any writer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

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


def visit_known(db: Database, visit: Visit, now: datetime) -> tuple[Group | None, bool]:
    """The group as stored, and whether the visit is already recorded (nothing to write)."""
    group = get_group(db, visit.chat_id) if visit.group_type is not None else None
    stored = (group.title, group.chat_type, group.active) if group is not None else None
    if visit.group_type is not None and stored != (visit.chat_title, visit.group_type, True):
        return group, False
    return group, visit.user_id is None or _member_known(db, visit, now)


def _member_known(db: Database, visit: Visit, now: datetime) -> bool:
    row = db.execute(
        "select first_name, username, private_chat, language_code from members where user_id = ?",
        [visit.user_id],
    ).fetchone()
    if row is None or (row[0], row[1]) != (visit.first_name, visit.username):
        return False
    if visit.language_code and row[3] != visit.language_code:
        return False
    if visit.private:
        return bool(row[2])
    if visit.group_type is None:
        return True  # no group to be seen in
    seen = db.execute(
        "select last_seen from memberships where chat_id = ? and user_id = ?",
        [visit.chat_id, visit.user_id],
    ).fetchone()
    last = from_text(seen[0]) if seen is not None else None
    return last is not None and timedelta(0) <= now - last < SEEN_AGAIN_AFTER


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
