"""What a group did with papers, as the ranker learns from it: claims, notes written and
members' wants ("not for us" too), each with when it happened and the paper's text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from sqlite_utils import Database

from store.clock import from_text

Action = Literal["claimed", "noted", "wanted", "not_for_us"]


@dataclass(frozen=True)
class GroupSignal:
    """One thing a group did with a paper it knows the text of."""

    arxiv_id: str
    action: Action
    at: datetime
    title: str
    text: str  # title and abstract


SIGNALS_SQL = """
select c.arxiv_id, 'claimed' as action, c.claimed_at as at from claims c where c.chat_id = :chat
union all
select n.arxiv_id, 'noted', n.created_at from notes n
 where n.chat_id = :chat and n.arxiv_id is not null
union all
select w.arxiv_id, case when w.signal > 0 then 'wanted' else 'not_for_us' end, w.created_at
  from wants w where w.chat_id = :chat
"""


def group_signals(db: Database, chat_id: int) -> list[GroupSignal]:
    """Every claim, note and want of a group on a paper whose title is stored, oldest first."""
    rows = db.execute(
        f"select s.arxiv_id, s.action, s.at, p.title, p.abstract from ({SIGNALS_SQL}) s "
        "join papers p on p.arxiv_id = s.arxiv_id where p.title is not null "
        "order by s.at, s.arxiv_id",
        {"chat": chat_id},
    ).fetchall()
    never = datetime.min.replace(tzinfo=UTC)
    return [
        GroupSignal(arxiv_id, action, from_text(at) or never, title, f"{title} {abstract or ''}")
        for arxiv_id, action, at, title, abstract in rows
    ]
