"""Search the catalog: the group's notes (with their papers) first, then every stored paper.

Queries come from store/parse/search_query.py, already quoted for FTS5. Results are entries: a paper
(by versionless id) or a note-only catalog entry without an arXiv id. Only each author's latest
revision is searched: an edit's old words are history, not the note. Ten a page; a page is
recomputed from the saved query when a member presses Next or Previous.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from store.clock import to_text
from store.notes import IS_LATEST
from store.papers import Paper, get_papers
from store.parse.search_query import SearchQuery
from store.search_expression import notes_expression, papers_expression

PAGE_SIZE = 10
# Feed papers are ranked among their newest matches only: FTS5 walks a MATCH in rowid order and
# stops after the pool, where `order by rank` would score every match (thousands for "language
# model" in a year of feeds). Newer papers are what a study group is after.
PAPER_POOL = 300


class SearchBusy(Exception):
    """The catalog stayed locked by a writer past the busy timeout: the member can try again."""


class SearchFailed(Exception):
    """SQLite refused the expression built from a query: a parser bug, never the member's fault."""


def _search_error(error: sqlite3.OperationalError, query: object) -> Exception:
    """Busy (locked) apart from a refused query, so neither reads as 'no matches'."""
    text = str(error)
    if "locked" in text or "busy" in text:
        return SearchBusy(text)
    return SearchFailed(f"search {query!r} failed: {text}")


@dataclass(frozen=True)
class SearchHit:
    """One result: the paper (if stored), the entry's title, who noted it, and text to quote."""

    entry_key: str
    title: str
    arxiv_id: str | None
    paper: Paper | None
    note_authors: tuple[str, ...]  # who wrote notes on it; "" for the imported catalog itself
    excerpt: str  # the matching note's text, else the abstract
    from_notes: bool  # in the group's notes (first section) rather than only in the feeds
    excerpt_imported: bool = False  # the excerpt is an imported catalog entry's text


@dataclass(frozen=True)
class SearchPage:
    """One page of results and whether more follow."""

    hits: tuple[SearchHit, ...]
    page: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.page > 0


@dataclass(frozen=True)
class _Entry:
    entry_key: str
    arxiv_id: str | None
    note_id: int | None  # the best matching note, for the excerpt


def search_catalog(
    db: Database, query: SearchQuery, chat_ids: Sequence[int], page: int = 0
) -> SearchPage:
    """One page of results for `query` over the notes of `chat_ids`, then all stored papers.

    Raises SearchBusy when the catalog is locked and SearchFailed when SQLite refuses the query.
    """
    page = max(page, 0)
    try:
        noted = _noted_entries(db, query, chat_ids)
        start, stop = page * PAGE_SIZE, (page + 1) * PAGE_SIZE + 1  # one more: is there a next?
        chosen = noted[start:stop]
        if len(chosen) < stop - start:
            skip = max(start - len(noted), 0)
            more = _paper_entries(db, query, chat_ids, skip, stop - start - len(chosen))
            chosen += more
        hits = _hits(db, chosen[:PAGE_SIZE], chat_ids, len(noted), start, query.highlights)
    except sqlite3.OperationalError as error:
        raise _search_error(error, query) from error
    return SearchPage(tuple(hits), page, len(chosen) > PAGE_SIZE)


def _chat_marks(chat_ids: Sequence[int]) -> str:
    return ",".join("?" * len(chat_ids)) or "NULL"


def _noted_entries(db: Database, query: SearchQuery, chat_ids: Sequence[int]) -> list[_Entry]:
    """The searching groups' entries whose note or paper matches, best first, one per entry."""
    if not chat_ids:
        return []
    marks = _chat_marks(chat_ids)
    if query.ids:
        id_marks = ",".join("?" * len(query.ids))
        rows = db.query(
            f"select id, entry_key, arxiv_id from notes n where chat_id in ({marks}) "
            f"and arxiv_id in ({id_marks}) and {IS_LATEST} order by id desc",
            [*chat_ids, *(a.id for a in query.ids)],
        )
    else:
        expression = notes_expression(query)
        if expression is None:
            return []
        skip_ids, skip_marks = query.excluded_ids, ",".join("?" * len(query.excluded_ids))
        # CROSS JOIN keeps the MATCH as the outer loop (never one MATCH per note row).
        rows = db.query(
            "select n.id, n.entry_key, n.arxiv_id from notes_fts cross join notes n "
            f"on n.id = notes_fts.rowid where notes_fts match ? and n.chat_id in ({marks}) "
            f"and coalesce(n.arxiv_id, '') not in ({skip_marks}) and {IS_LATEST} "
            "order by notes_fts.rank",
            [expression, *chat_ids, *skip_ids],
        )
    entries: dict[str, _Entry] = {}
    for row in rows:
        entries.setdefault(row["entry_key"], _Entry(row["entry_key"], row["arxiv_id"], row["id"]))
    return list(entries.values())


def _paper_entries(
    db: Database, query: SearchQuery, chat_ids: Sequence[int], skip: int, count: int
) -> list[_Entry]:
    """Stored papers that match, best first, leaving out those the groups have notes on."""
    marks = _chat_marks(chat_ids)
    exclude = (
        f"and k.arxiv_id not in (select arxiv_id from notes where chat_id in ({marks}) "
        "and arxiv_id is not null)"
        if chat_ids
        else ""
    )
    if query.ids:
        id_marks = ",".join("?" * len(query.ids))
        sql = (
            f"select k.arxiv_id from search_keys k where k.arxiv_id in ({id_marks}) {exclude} "
            "order by k.arxiv_id limit ? offset ?"
        )
        params: list[Any] = [*(a.id for a in query.ids), *chat_ids, count, skip]
    else:
        expression = papers_expression(query)
        if expression is None:
            return []
        skip_marks = ",".join("?" * len(query.excluded_ids))
        sql = (
            "select k.arxiv_id from (select rowid, rank from papers_fts where papers_fts match ? "
            "order by rowid desc limit ?) m cross join search_keys k on k.id = m.rowid "
            f"where k.arxiv_id not in ({skip_marks}) {exclude} order by m.rank limit ? offset ?"
        )
        pool = max(PAPER_POOL, skip + count) + len(query.excluded_ids)
        params = [expression, pool, *query.excluded_ids, *chat_ids, count, skip]
    return [_Entry(row["arxiv_id"], row["arxiv_id"], None) for row in db.query(sql, params)]


def _hits(
    db: Database,
    entries: Sequence[_Entry],
    chat_ids: Sequence[int],
    noted: int,
    start: int,
    highlights: Sequence[str],
) -> list[SearchHit]:
    """Fill the page's entries with papers, note authors and the excerpt to quote."""
    papers = get_papers(db, [e.arxiv_id for e in entries if e.arxiv_id])
    notes = _entry_notes(db, [e.entry_key for e in entries], chat_ids)
    hits = []
    for position, entry in enumerate(entries, start=start):
        paper = papers.get(entry.arxiv_id) if entry.arxiv_id else None
        entry_notes = notes.get(entry.entry_key, [])
        best = next((n for n in entry_notes if n["id"] == entry.note_id), None)
        if best is not None and paper is not None and not _mentions(best["raw_text"], highlights):
            best = None  # the paper matched, not the note: quote the abstract
        best = best or (entry_notes[0] if entry_notes and not paper else None)
        title = (paper.title if paper else "") or next(
            (n["title"] for n in entry_notes if n["title"]), entry.entry_key
        )
        authors = tuple(dict.fromkeys(n["author_name"] or "" for n in reversed(entry_notes)))
        excerpt = best["raw_text"] if best else (paper.abstract if paper else "")
        imported = best is not None and best["source"] == "import"
        hits.append(
            SearchHit(
                entry.entry_key,
                title,
                entry.arxiv_id,
                paper,
                authors,
                excerpt,
                position < noted,
                imported,
            )
        )
    return hits


def _mentions(text: str, highlights: Sequence[str]) -> bool:
    """Whether the text contains any highlighted word's first letters (cheap, case-insensitive)."""
    lowered = text.lower()
    return any(word.lower()[:4] in lowered for h in highlights for word in h.split())


def _entry_notes(
    db: Database, entry_keys: Sequence[str], chat_ids: Sequence[int]
) -> dict[str, list[dict[str, Any]]]:
    """The searching groups' latest notes on these entries, newest first."""
    if not entry_keys or not chat_ids:
        return {}
    found: dict[str, list[dict[str, Any]]] = {}
    keys = list(dict.fromkeys(entry_keys))
    key_marks = ",".join("?" * len(keys))
    rows = db.query(
        "select id, entry_key, title, author_name, raw_text, source from notes n "
        f"where chat_id in ({_chat_marks(chat_ids)}) and entry_key in ({key_marks}) "
        f"and {IS_LATEST} "
        "order by id desc",
        [*chat_ids, *keys],
    )
    for row in rows:
        found.setdefault(row["entry_key"], []).append(row)
    return found


def save_search(db: Database, chat_id: int, user_id: int | None, text: str, now: datetime) -> int:
    """Keep the query so Next/Previous buttons carry only its id (callback data ≤ 64 bytes)."""
    table = db.table("searches")
    try:
        table.insert(
            {"chat_id": chat_id, "user_id": user_id, "query": text, "created_at": to_text(now)}
        )
    except sqlite3.OperationalError as error:
        raise _search_error(error, text) from error
    if table.last_pk is None:
        raise RuntimeError("expected table.last_pk is not None")
    return int(table.last_pk)


def saved_search(db: Database, search_id: int) -> tuple[int, int | None, str] | None:
    """(chat_id, user_id, query) of a saved search, or None if it is gone."""
    rows = list(db.table("searches").rows_where("id = ?", [search_id], limit=1))
    return (rows[0]["chat_id"], rows[0]["user_id"], rows[0]["query"]) if rows else None
