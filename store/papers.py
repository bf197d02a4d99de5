"""Papers, keyed by versionless arXiv id and replaced only by a newer (or equal) version."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
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
    def abs_url(self) -> str:
        """The paper's abstract page, which is what a title links to."""
        return f"https://arxiv.org/abs/{self.arxiv_id}"


def _row(paper: Paper, now: datetime) -> dict[str, Any]:
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
    """Store papers; an older version never overwrites a newer one. Returns rows written."""
    written = 0
    with db.atomic():
        for paper in papers:
            existing = get_paper(db, paper.arxiv_id)
            if existing is not None and _is_older(paper, existing):
                continue
            row = _row(paper, now)
            if existing is not None:
                # Keep what the newer source lacks (an RSS item has no DOI or journal ref).
                old = _row(existing, now)
                for key in ("comment", "journal_ref", "doi", "published"):
                    row[key] = row[key] or old[key]
            db.table("papers").upsert(row, pk="arxiv_id")
            written += 1
    return written


def _is_older(new: Paper, old: Paper) -> bool:
    return new.version is not None and old.version is not None and new.version < old.version


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
