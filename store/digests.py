"""The digest ledger: one row per (group, listing date) and the items it holds, so posting is
idempotent and a restart finishes a digest without repeating the parts already sent. Also what
a digest is rendered from: open claims, and the group's catalog for ranking."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlite_utils import Database

from store.clock import to_text
from store.notes import IS_LATEST
from store.reasons import Reason, reasons_from_json, reasons_to_json

PENDING, SENDING, DONE, EMPTY = "pending", "sending", "done", "empty"
FAILED = "failed"  # Telegram refused it for good (bad request, retries exhausted): never resent


@dataclass(frozen=True)
class DigestItem:
    """One numbered paper of a digest and where it was posted."""

    rank: int  # 1-based number shown
    arxiv_id: str
    score: float
    reasons: tuple[Reason, ...]
    part: int  # 0-based message of the digest
    message_id: int | None = None


@dataclass(frozen=True)
class DigestRecord:
    """A group's digest for one listing: its state and items."""

    chat_id: int
    listing_date: date
    status: str  # pending | sending | done | empty | failed
    parts_total: int
    parts_sent: int
    items: tuple[DigestItem, ...] = ()


@dataclass(frozen=True)
class CatalogText:
    """A paper in the group's catalog (claimed or noted) and the text it is known by."""

    key: str
    text: str
    has_notes: bool
    title: str = ""  # the paper's title (the note's, when the paper is not known)


def get_digest(db: Database, chat_id: int, listing: date) -> DigestRecord | None:
    """The ledger entry (with items) of a group's digest for a listing, if any."""
    rows = list(
        db.table("digests").rows_where(
            "chat_id = ? and listing_date = ?", [chat_id, listing.isoformat()], limit=1
        )
    )
    if not rows:
        return None
    row = rows[0]
    items = tuple(
        DigestItem(
            item["rank"],
            item["arxiv_id"],
            item["score"] or 0.0,
            reasons_from_json(item["reasons"]),
            item["part"] or 0,
            item["message_id"],
        )
        for item in db.table("digest_items").rows_where(
            "chat_id = ? and listing_date = ?", [chat_id, listing.isoformat()], order_by="rank"
        )
    )
    return DigestRecord(
        chat_id, listing, row["status"], row["parts_total"] or 0, row["parts_sent"] or 0, items
    )


def mark_digest(db: Database, chat_id: int, listing: date, status: str, now: datetime) -> None:
    """Record a digest that waits for its feed (pending), has nothing to post (empty) or was
    given up (failed)."""
    row = {
        "chat_id": chat_id,
        "listing_date": listing.isoformat(),
        "status": status,
        "parts_total": 0,
        "parts_sent": 0,
        "created_at": to_text(now),
        "finished_at": to_text(now) if status in (EMPTY, FAILED) else None,
    }
    with db.atomic():
        if get_digest(db, chat_id, listing) is None:
            db.table("digests").insert(row)
        else:
            db.table("digests").update(
                (chat_id, listing.isoformat()),
                {"status": status, "finished_at": row["finished_at"]},
            )


def start_digest(
    db: Database,
    chat_id: int,
    listing: date,
    items: Sequence[DigestItem],
    parts_total: int,
    now: datetime,
) -> DigestRecord:
    """Write the chosen items and their parts before anything is sent (status sending)."""
    day = listing.isoformat()
    with db.atomic():
        db.table("digests").upsert(
            {
                "chat_id": chat_id,
                "listing_date": day,
                "status": SENDING,
                "parts_total": parts_total,
                "parts_sent": 0,
                "created_at": to_text(now),
                "finished_at": None,
            },
            pk=("chat_id", "listing_date"),
        )
        db.execute(
            "delete from digest_items where chat_id = ? and listing_date = ?", [chat_id, day]
        )
        db.table("digest_items").insert_all(
            {
                "chat_id": chat_id,
                "listing_date": day,
                "rank": item.rank,
                "arxiv_id": item.arxiv_id,
                "score": item.score,
                "reasons": reasons_to_json(item.reasons),
                "part": item.part,
                "message_id": None,
            }
            for item in items
        )
    record = get_digest(db, chat_id, listing)
    if record is None:
        raise RuntimeError("expected record is not None")
    return record


def record_part_sent(
    db: Database, chat_id: int, listing: date, part: int, message_id: int | None, now: datetime
) -> None:
    """Telegram confirmed a part (its message id): remember it, and finish the digest after
    the last. A part that may have arrived is not recorded (jobs.digest.delivery's rule).
    Idempotent, and a late copy of an earlier part's record never moves the count back."""
    day = listing.isoformat()
    with db.atomic():
        db.execute(
            "update digest_items set message_id = ? where chat_id = ? and listing_date = ? "
            "and part = ?",
            [message_id, chat_id, day, part],
        )
        db.execute(
            "update digests set parts_sent = max(parts_sent, ?), "
            "status = case when ? >= parts_total then ? else status end, "
            "finished_at = case when ? >= parts_total then ? else finished_at "
            "end where chat_id = ? and listing_date = ?",
            [part + 1, part + 1, DONE, part + 1, to_text(now), chat_id, day],
        )


def digests_with_status(db: Database, status: str) -> list[tuple[int, date]]:
    """(chat, listing) of every digest in a state, e.g. those a restart must finish."""
    return [
        (row["chat_id"], date.fromisoformat(row["listing_date"]))
        for row in db.table("digests").rows_where(
            "status = ?", [status], order_by="listing_date, chat_id"
        )
    ]


def digest_of_message(db: Database, chat_id: int, message_id: int) -> tuple[date, int] | None:
    """Which digest (listing) and part a posted message holds, if it is a digest message."""
    rows = list(
        db.query(
            "select listing_date, part from digest_items where chat_id = ? and message_id = ? "
            "limit 1",
            [chat_id, message_id],
        )
    )
    return (date.fromisoformat(rows[0]["listing_date"]), rows[0]["part"]) if rows else None


def digest_messages_with(db: Database, chat_id: int, arxiv_id: str) -> list[int]:
    """The posted digest messages in a group that hold an item for this paper, oldest first."""
    return [
        row["message_id"]
        for row in db.query(
            "select distinct message_id from digest_items where chat_id = ? and arxiv_id = ? "
            "and message_id is not null order by message_id",
            [chat_id, arxiv_id],
        )
    ]


def claim_holders(db: Database, chat_id: int, arxiv_ids: Iterable[str]) -> dict[str, str]:
    """Who holds each paper (first name), for "claimed by …": the open claim's holder, else
    whoever presented it (a note completed their claim), so a presented paper's button does
    not come back when its digest message is re-rendered."""
    ids = list(arxiv_ids)
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return {
        row["arxiv_id"]: row["first_name"] or (f"@{row['username']}" if row["username"] else "")
        for row in db.query(
            "select c.arxiv_id, m.first_name, m.username from claims c "
            "left join members m on m.user_id = c.user_id "
            f"where c.chat_id = ? and c.status in ('open', 'done') and c.arxiv_id in ({marks}) "
            "order by c.status = 'open', c.id",  # the open claim, if any, is the last word
            [chat_id, *ids],
        )
    }


def catalog_texts(db: Database, chat_id: int) -> list[CatalogText]:
    """The group's catalog: papers it claimed or wrote notes on, with their notes' text."""
    texts: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    noted: set[str] = set()
    for row in db.query(
        "select coalesce(n.arxiv_id, n.entry_key) as key, n.title, n.motivation, n.method, "
        f"n.results, n.body, n.tags from notes n where n.chat_id = ? and {IS_LATEST}",
        [chat_id],
    ):
        noted.add(row["key"])
        titles.setdefault(row["key"], row["title"] or "")
        parts = [row[k] or "" for k in ("title", "motivation", "method", "results", "body")]
        parts.extend(json.loads(row["tags"] or "[]"))
        texts.setdefault(row["key"], []).append(" ".join(p for p in parts if p))
    for row in db.query("select distinct arxiv_id from claims where chat_id = ?", [chat_id]):
        texts.setdefault(row["arxiv_id"], [])
    if texts:
        keys = list(texts)
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in db.query(
                f"select arxiv_id, title, abstract from papers where arxiv_id in ({marks})", chunk
            ):
                texts[row["arxiv_id"]].insert(0, f"{row['title']} {row['abstract'] or ''}")
                if row["title"]:
                    titles[row["arxiv_id"]] = row["title"]
    return [
        CatalogText(key, " ".join(parts), key in noted, titles.get(key, ""))
        for key, parts in texts.items()
    ]
