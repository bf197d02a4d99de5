"""Papers, keyed by versionless arXiv id: one merge rule for every source (API, feed, import)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from store.clock import from_text, to_text


@dataclass(frozen=True)
class Paper:
    """What the bot knows of one arXiv paper."""

    arxiv_id: str
    title: str
    version: int | None = None
    authors: tuple[str, ...] = ()
    abstract: str = ""
    categories: tuple[str, ...] = ()
    primary_category: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    comment: str = ""
    journal_ref: str = ""
    doi: str = ""
    source: str = field(default="api", compare=False)

    @property
    def lacks_metadata(self) -> bool:
        """Known only by title (an imported entry): arXiv can tell us the rest."""
        return not self.abstract or not self.authors

    @property
    def abs_url(self) -> str:
        """The paper's abstract page, which is what a title links to."""
        return f"https://arxiv.org/abs/{self.arxiv_id}"


def paper_row(paper: Paper, now: datetime) -> dict[str, Any]:
    """A Paper as its stored row (the one place that knows the columns' text forms)."""
    return {
        "arxiv_id": paper.arxiv_id,
        "version": paper.version,
        "title": paper.title,
        "authors": json.dumps(list(paper.authors), ensure_ascii=False),
        "abstract": paper.abstract,
        "categories": json.dumps(list(paper.categories)),
        "primary_category": paper.primary_category,
        "published": to_text(paper.published) if paper.published else None,
        "updated": to_text(paper.updated) if paper.updated else None,
        "comment": paper.comment,
        "journal_ref": paper.journal_ref,
        "doi": paper.doi,
        "source": paper.source,
        "fetched_at": to_text(now),
    }


def paper_from_row(row: dict[str, Any]) -> Paper:
    """Rebuild a Paper from its stored row (also used by search and digest queries)."""
    return Paper(
        arxiv_id=row["arxiv_id"],
        title=row["title"],
        version=row["version"],
        authors=tuple(json.loads(row["authors"] or "[]")),
        abstract=row["abstract"] or "",
        categories=tuple(json.loads(row["categories"] or "[]")),
        primary_category=row["primary_category"] or "",
        published=from_text(row["published"]),
        updated=from_text(row["updated"]),
        comment=row["comment"] or "",
        journal_ref=row["journal_ref"] or "",
        doi=row["doi"] or "",
        source=row["source"] or "",
    )


def upsert_papers(db: Database, papers: Iterable[Paper], now: datetime) -> int:
    """Store papers by the one merge rule (merge_paper_rows). Returns rows that changed."""
    with db.atomic():
        rows = merged_paper_rows(db, [paper_row(paper, now) for paper in papers])
        db.table("papers").upsert_all(rows, pk="arxiv_id")
    return len(rows)


_FILLABLE = (
    "title",
    "authors",
    "abstract",
    "categories",
    "primary_category",
    "comment",
    "journal_ref",
    "doi",
)


def merged_paper_rows(db: Database, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows to write for `rows` (from any source) merged with what is stored; unchanged
    papers are left out. Used by the API, the feeds and the catalog import alike."""
    incoming = list(rows)
    stored = _stored_rows(db, [row["arxiv_id"] for row in incoming])
    changed: dict[str, dict[str, Any]] = {}
    for row in incoming:
        key = row["arxiv_id"]
        old = changed.get(key) or stored.get(key)
        merged = merge_paper_row(row, old)
        if old is None or _differs(merged, old):
            changed[key] = merged
    return list(changed.values())


def merge_paper_row(new: dict[str, Any], old: dict[str, Any] | None) -> dict[str, Any]:
    """Never downgrade: an older (or versionless) source only fills what the stored paper lacks;
    a newer one wins but keeps the comment, journal ref and DOI it lacks. `published` is the
    earliest date known, `updated` the latest."""
    if old is None:
        return dict(new)
    older = _is_older(new["version"], old["version"])
    base, extra = (old, new) if older else (new, old)
    merged = dict(base)
    for key in _FILLABLE:  # what one source lacks (an abstract, authors) the other may have
        if _blank(merged.get(key)):
            merged[key] = extra.get(key)
    merged["published"] = _pick(min, new.get("published"), old.get("published"))
    merged["updated"] = _pick(max, new.get("updated"), old.get("updated"))
    if older:
        merged["fetched_at"] = old.get("fetched_at")
    return merged


def _is_older(new: int | None, old: int | None) -> bool:
    if old is None:
        return False
    return new is None or new < old


def _blank(value: object) -> bool:
    return value is None or value == "" or value == "[]"


def _pick(choose: Any, *values: str | None) -> str | None:
    known = [value for value in values if value]
    return str(choose(known)) if known else None


def _differs(merged: dict[str, Any], old: dict[str, Any]) -> bool:
    return any(merged.get(key) != old.get(key) for key in merged if key != "fetched_at")


def _stored_rows(db: Database, ids: list[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), 500):
        chunk = unique[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in db.table("papers").rows_where(f"arxiv_id in ({marks})", chunk):
            found[row["arxiv_id"]] = row
    return found


def get_paper(db: Database, arxiv_id: str) -> Paper | None:
    """The stored paper, or None when the bot has never seen it."""
    rows = list(db.table("papers").rows_where("arxiv_id = ?", [arxiv_id], limit=1))
    return paper_from_row(rows[0]) if rows else None


def get_papers(db: Database, arxiv_ids: Iterable[str]) -> dict[str, Paper]:
    """Several stored papers at once, by id (missing ids are simply absent)."""
    ids = list(dict.fromkeys(arxiv_ids))
    found: dict[str, Paper] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in db.table("papers").rows_where(f"arxiv_id in ({marks})", chunk):
            found[row["arxiv_id"]] = paper_from_row(row)
    return found


def papers_lacking_metadata(
    db: Database, now: datetime, limit: int, retry_after: timedelta
) -> list[str]:
    """Papers known only by title whose last look-up (if any) is older than `retry_after`."""
    rows = db.query(
        """select arxiv_id from papers
        where (coalesce(abstract, '') = '' or coalesce(authors, '[]') = '[]')
          and (metadata_checked_at is null or metadata_checked_at < ?)
        order by metadata_checked_at is not null, metadata_checked_at, arxiv_id
        limit ?""",
        [to_text(now - retry_after), limit],
    )
    return [row["arxiv_id"] for row in rows]


def mark_metadata_checked(db: Database, arxiv_ids: Iterable[str], now: datetime) -> None:
    """Remember when arXiv was last asked about these papers, so a miss is not asked again soon."""
    ids = list(arxiv_ids)
    with db.atomic():
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            db.execute(
                f"update papers set metadata_checked_at = ? where arxiv_id in ({marks})",
                [to_text(now), *chunk],
            )
