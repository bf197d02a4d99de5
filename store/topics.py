"""Forum topics: the topic a group's digest goes to, each claimed paper's own topic, and the
bot messages that show exactly one paper (where a 👍 counts as a want)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from store.clock import to_text
from store.wants import WANT, clear_want, set_want


@dataclass(frozen=True)
class PaperTopic:
    """A claimed paper's topic in a forum group."""

    chat_id: int
    arxiv_id: str
    thread_id: int
    closed: bool


def set_digest_topic(db: Database, chat_id: int, thread_id: int | None) -> None:
    """The topic the group's digest, reminder and agenda go to (None: back to General)."""
    with db.conn:
        db.execute(
            "insert into forum_places (chat_id, digest_thread_id) values (?, ?) "
            "on conflict(chat_id) do update set digest_thread_id = excluded.digest_thread_id",
            [chat_id, thread_id],
        )


def digest_topic(db: Database, chat_id: int) -> int | None:
    """The topic the group's scheduled posts go to (None: General)."""
    row = db.execute(
        "select digest_thread_id from forum_places where chat_id = ?", [chat_id]
    ).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def note_rights_told(db: Database, chat_id: int, now: datetime) -> bool:
    """Record that the group heard the bot may not manage topics; True the first time only."""
    with db.conn:
        db.execute("insert or ignore into forum_places (chat_id) values (?)", [chat_id])
        cursor = db.execute(
            "update forum_places set rights_told_at = ? where chat_id = ? "
            "and rights_told_at is null",
            [to_text(now), chat_id],
        )
    return cursor.rowcount > 0


def open_paper_topic(
    db: Database, chat_id: int, arxiv_id: str, thread_id: int, now: datetime
) -> None:
    """The paper's topic now exists (a later claim of it gets a new one); the right is there."""
    with db.conn:
        db.table("paper_topics").upsert(
            {
                "chat_id": chat_id,
                "arxiv_id": arxiv_id,
                "thread_id": thread_id,
                "created_at": to_text(now),
                "closed_at": None,
            },
            pk=("chat_id", "arxiv_id"),
        )
        db.execute("update forum_places set rights_told_at = null where chat_id = ?", [chat_id])


def paper_topic(db: Database, chat_id: int, arxiv_id: str) -> PaperTopic | None:
    """The paper's topic in the group, open or closed (None: it never had one)."""
    row = db.execute(
        "select thread_id, closed_at from paper_topics where chat_id = ? and arxiv_id = ?",
        [chat_id, arxiv_id],
    ).fetchone()
    if row is None:
        return None
    return PaperTopic(chat_id, arxiv_id, int(row[0]), row[1] is not None)


def paper_of_topic(db: Database, chat_id: int, thread_id: int) -> str | None:
    """The paper whose topic this is (None: not a paper's topic)."""
    row = db.execute(
        "select arxiv_id from paper_topics where chat_id = ? and thread_id = ?",
        [chat_id, thread_id],
    ).fetchone()
    return str(row[0]) if row else None


def close_paper_topic(db: Database, chat_id: int, arxiv_id: str, now: datetime) -> int | None:
    """Mark the paper's topic closed; its thread id when it was open (None: nothing to close)."""
    found = paper_topic(db, chat_id, arxiv_id)
    if found is None or found.closed:
        return None
    with db.conn:
        db.execute(
            "update paper_topics set closed_at = ? where chat_id = ? and arxiv_id = ?",
            [to_text(now), chat_id, arxiv_id],
        )
    return found.thread_id


def remember_paper_message(db: Database, chat_id: int, message_id: int, arxiv_id: str) -> None:
    """This bot message shows exactly this paper: a 👍 on it is a want."""
    with db.conn:
        db.table("paper_messages").upsert(
            {"chat_id": chat_id, "message_id": message_id, "arxiv_id": arxiv_id},
            pk=("chat_id", "message_id"),
        )


def paper_of_message(db: Database, chat_id: int, message_id: int) -> str | None:
    """The one paper a bot message shows: a card, a topic's opener, a one-item digest part
    (None: no paper, or several)."""
    row = db.execute(
        "select arxiv_id from paper_messages where chat_id = ? and message_id = ?",
        [chat_id, message_id],
    ).fetchone()
    if row is not None:
        return str(row[0])
    items = db.execute(
        "select distinct arxiv_id from digest_items where chat_id = ? and message_id = ? limit 2",
        [chat_id, message_id],
    ).fetchall()
    return str(items[0][0]) if len(items) == 1 else None


def thread_for(db: Database, chat_id: int, arxiv_id: str | None) -> int | None:
    """Where a scheduled post goes: the paper's open topic, else the digest's (None: General)."""
    if arxiv_id is not None:
        found = paper_topic(db, chat_id, arxiv_id)
        if found is not None and not found.closed:
            return found.thread_id
    return digest_topic(db, chat_id)


def react_want(
    db: Database, chat_id: int, message_id: int, user_id: int, wants: bool, now: datetime
) -> str | None:
    """A 👍 given (`wants`) or taken back on a bot message: the member's want of the one paper
    it shows, once per member as the button's; the paper, or None when the message shows none
    or nothing changed (nothing to re-render)."""
    arxiv_id = paper_of_message(db, chat_id, message_id)
    if arxiv_id is None:
        return None
    if wants:
        changed = set_want(db, chat_id, arxiv_id, user_id, WANT, now)
    else:  # the 👍 taken away takes back a want, not a 👎 pressed since
        changed = clear_want(db, chat_id, arxiv_id, user_id, WANT)
    return arxiv_id if changed else None
