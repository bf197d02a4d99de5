"""Machine summaries (one per paper version and language, shared by every group), the
provider's daily use against its budget, and each group's summaries switch."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from store.clock import to_text
from store.db import Database

CHUNK = 400  # keys per query: below SQLite's variable limit

PaperKey = tuple[str, int]  # (arxiv id, version; 0 when unknown)


@dataclass(frozen=True)
class Usage:
    """One day's provider use."""

    day: date
    requests: int = 0
    tokens: int = 0
    told: bool = False  # the operator was told the budget is spent


def summaries_enabled(db: Database, chat_id: int) -> bool:
    """Whether the group shows summaries (on unless an admin turned them off)."""
    rows = list(db.query("select enabled from group_summaries where chat_id = ?", [chat_id]))
    return bool(rows[0]["enabled"]) if rows else True


def set_summaries_enabled(db: Database, chat_id: int, enabled: bool) -> None:
    """An admin's /summaries on|off."""
    db.table("group_summaries").upsert({"chat_id": chat_id, "enabled": int(enabled)}, pk="chat_id")


def get_summaries(db: Database, keys: Iterable[PaperKey], language: str) -> dict[str, str]:
    """The stored summaries of these paper versions in `language`, by arXiv id."""
    found: dict[str, str] = {}
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), CHUNK):
        chunk = unique[start : start + CHUNK]
        pairs = " or ".join("(arxiv_id = ? and version = ?)" for _ in chunk)
        args: list[object] = [language]
        for arxiv_id, version in chunk:
            args += [arxiv_id, version]
        sql = f"select arxiv_id, text from summaries where language = ? and ({pairs})"
        found.update({row["arxiv_id"]: row["text"] for row in db.query(sql, args)})
    return found


def missing_summaries(db: Database, keys: Iterable[PaperKey], language: str) -> list[PaperKey]:
    """Which of these paper versions have no summary in `language` yet."""
    wanted = list(dict.fromkeys(keys))
    have = get_summaries(db, wanted, language)
    return [key for key in wanted if key[0] not in have]


def save_summary(
    db: Database, key: PaperKey, language: str, text: str, tokens: int, now: datetime
) -> None:
    """Store a checked summary (the first one made is kept)."""
    db.table("summaries").insert(
        {
            "arxiv_id": key[0],
            "version": key[1],
            "language": language,
            "text": text,
            "tokens": tokens,
            "created_at": to_text(now),
        },
        ignore=True,
    )


def get_usage(db: Database, day: date) -> Usage:
    """The day's requests and tokens so far."""
    rows = list(db.query("select * from llm_usage where day = ?", [day.isoformat()]))
    if not rows:
        return Usage(day)
    row = rows[0]
    return Usage(day, row["requests"], row["tokens"], bool(row["told"]))


def add_usage(db: Database, day: date, requests: int, tokens: int) -> Usage:
    """Count one more request (and its tokens) against the day."""
    with db.atomic():
        db.execute("insert or ignore into llm_usage (day) values (?)", [day.isoformat()])
        db.execute(
            "update llm_usage set requests = requests + ?, tokens = tokens + ? where day = ?",
            [requests, tokens, day.isoformat()],
        )
    return get_usage(db, day)


def mark_budget_told(db: Database, day: date) -> bool:
    """Record that the operator was told the day's budget is spent; False if already told."""
    with db.atomic():
        db.execute("insert or ignore into llm_usage (day) values (?)", [day.isoformat()])
        cursor = db.execute(
            "update llm_usage set told = 1 where day = ? and told = 0", [day.isoformat()]
        )
    return cursor.rowcount == 1


def group_summary(db: Database, chat_id: int, key: PaperKey, language: str) -> str | None:
    """The summary a group sees on a paper's card: stored, and the group has them on."""
    if not summaries_enabled(db, chat_id):
        return None
    return get_summaries(db, [key], language).get(key[0])
