"""The operator's view of a running bot: its heartbeat, recent errors (a ring of the last
ERRORS_KEPT), and the status report `paperclub status` prints."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from store.clock import from_text, to_text
from store.db import Database

ERRORS_KEPT = 200
HEARTBEAT = "heartbeat"
HEALTH_SENT_ON = "health_sent_on"


@dataclass(frozen=True)
class ErrorRecord:
    """One logged error: when, which logger, and its first line (token already redacted)."""

    at: datetime
    source: str
    message: str


@dataclass(frozen=True)
class GroupStatus:
    """A group as the operator sees it: active or not, and its last digest."""

    chat_id: int
    title: str
    active: bool
    last_digest: date | None
    last_digest_status: str | None


@dataclass(frozen=True)
class FeedStatus:
    """A category set as fetched: when last, and the listing it carried."""

    feed_key: str
    fetched_at: datetime | None
    listing: date | None


@dataclass(frozen=True)
class Status:
    """Everything `paperclub status` prints."""

    heartbeat: datetime | None
    groups: tuple[GroupStatus, ...]
    feeds: tuple[FeedStatus, ...]
    errors: tuple[ErrorRecord, ...]


def set_state(db: Database, key: str, value: str, now: datetime) -> None:
    """Remember one value of the running bot's state."""
    db.table("service_state").upsert(
        {"key": key, "value": value, "updated_at": to_text(now)}, pk="key"
    )


def get_state(db: Database, key: str) -> str | None:
    """A value of the running bot's state, if set."""
    rows = list(db.table("service_state").rows_where("key = ?", [key], limit=1))
    return str(rows[0]["value"]) if rows else None


def beat(db: Database, now: datetime) -> None:
    """The running bot is alive at `now` (the container's health check reads it)."""
    set_state(db, HEARTBEAT, to_text(now), now)


def last_beat(db: Database) -> datetime | None:
    """When the running bot last said it was alive."""
    return from_text(get_state(db, HEARTBEAT))


def record_errors(db: Database, errors: Iterable[ErrorRecord]) -> int:
    """Append errors to the ring and drop the oldest beyond ERRORS_KEPT; returns how many."""
    rows = [{"at": to_text(e.at), "source": e.source, "message": e.message} for e in errors]
    if not rows:
        return 0
    with db.atomic():
        db.table("service_errors").insert_all(rows)
        db.execute(
            "delete from service_errors where id <= (select max(id) from service_errors) - ?",
            [ERRORS_KEPT],
        )
    return len(rows)


def recent_errors(db: Database, limit: int = 10) -> list[ErrorRecord]:
    """The newest errors, newest first."""
    rows = db.query("select * from service_errors order by id desc limit ?", [limit])
    return [
        ErrorRecord(from_text(r["at"]) or datetime.min, r["source"], r["message"]) for r in rows
    ]


def count_errors_since(db: Database, since: datetime) -> int:
    """How many errors were recorded at or after `since`."""
    row = db.execute("select count(*) from service_errors where at >= ?", [to_text(since)])
    return int(row.fetchone()[0])


def count_digests_since(db: Database, since: datetime) -> int:
    """How many digests finished at or after `since`, across groups."""
    row = db.execute(
        "select count(*) from digests where status = 'done' and finished_at >= ?",
        [to_text(since)],
    )
    return int(row.fetchone()[0])


def status_report(db: Database, errors: int = 10) -> Status:
    """Groups (with their last digest), feeds (last fetch per category set), recent errors."""
    groups = tuple(
        GroupStatus(
            r["chat_id"],
            r["title"] or "",
            bool(r["active"]),
            date.fromisoformat(r["listing_date"]) if r["listing_date"] else None,
            r["status"],
        )
        for r in db.query(
            "select g.chat_id, g.title, g.active, d.listing_date, d.status from groups g "
            "left join digests d on d.chat_id = g.chat_id and d.listing_date = "
            "(select max(listing_date) from digests where chat_id = g.chat_id) "
            "order by g.active desc, g.title"
        )
    )
    feeds = tuple(
        FeedStatus(
            r["feed_key"],
            from_text(r["fetched_at"]),
            date.fromisoformat(r["listing_date"]) if r["listing_date"] else None,
        )
        for r in db.query("select * from feed_state order by feed_key")
    )
    return Status(last_beat(db), groups, feeds, tuple(recent_errors(db, errors)))
