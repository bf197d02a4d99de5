"""Notes as revisions: each (group, paper, author) keeps its history and shows the latest.

A note on an arXiv paper is keyed by the versionless id; a catalog entry without one by its
normalised title. Imported notes have no author id; their author is the name the catalog gave,
possibly none. Each imported entry is a note of its own, never a revision of another: a catalog
may list one paper twice with different text (the seed does), and both entries must survive an
export. Re-importing stays idempotent because an identical entry is not added again. Saving a
note also completes its author's open claim on the paper, in the same transaction, so nothing is
ever half-saved.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from store.claims import complete_claim
from store.clock import from_text, to_text
from store.parse.note_fields import NoteFields

# Which chain of revisions a note belongs to: the member's, else the imported entry itself.
_AUTHOR = (
    "case when source = 'import' then 'import:' || id "
    "else coalesce(cast(author_id as text), 'name:' || coalesce(author_name, '')) end"
)
_LATEST = f"""
select * from (
  select n.*, row_number() over (partition by chat_id, entry_key, {_AUTHOR}
                                 order by revision desc) as rn,
         min(id) over (partition by chat_id, entry_key, {_AUTHOR}) as first_id,
         count(*) over (partition by chat_id, entry_key, {_AUTHOR}) as revisions
  from notes n where {{where}}
) where rn = 1 order by first_id
"""


# Whether the row `n` is its chain's latest revision (search reads only those; history stays).
_CHAIN = "coalesce(cast({r}.author_id as text), 'name:' || coalesce({r}.author_name, ''))"
IS_LATEST = (
    "(n.source = 'import' or not exists (select 1 from notes r where r.chat_id = n.chat_id "
    "and r.entry_key = n.entry_key and r.source != 'import' and r.revision > n.revision "
    f"and {_CHAIN.format(r='r')} = {_CHAIN.format(r='n')}))"
)


@dataclass(frozen=True)
class Note:
    """One revision of one author's note on one catalog entry in one group."""

    id: int
    chat_id: int
    entry_key: str
    arxiv_id: str | None
    author_id: int | None
    author_name: str
    revision: int
    paper_version: int | None
    created_at: datetime
    heading: str
    fields: NoteFields
    raw_text: str
    source: str
    revisions: int = 1  # how many revisions this author has written (in latest-note queries)
    message_id: int | None = None  # the Telegram message that carried this revision
    written: str = ""  # that message's text then (the note itself may merge earlier ones)


@dataclass(frozen=True)
class SavedNote:
    """The note as stored, and whether it completed the author's claim."""

    note: Note
    completed_claim: bool


def _note(row: dict[str, Any]) -> Note:
    created = from_text(row["created_at"])
    if created is None:
        raise RuntimeError("expected created is not None")
    return Note(
        id=row["id"],
        chat_id=row["chat_id"],
        entry_key=row["entry_key"],
        arxiv_id=row["arxiv_id"],
        author_id=row["author_id"],
        author_name=row["author_name"] or "",
        revision=row["revision"],
        paper_version=row["paper_version"],
        created_at=created,
        heading=row.get("heading") or "",
        fields=NoteFields(
            title=row["title"] or "",
            url=row.get("url") or "",
            institution=row["institution"] or "",
            github=row["github"] or "",
            venue=row["venue"] or "",
            motivation=row["motivation"] or "",
            method=row["method"] or "",
            results=row["results"] or "",
            tags=tuple(json.loads(row["tags"] or "[]")),
            body=row["body"] or "",
            note_author=row["author_name"] or "",
        ),
        raw_text=row["raw_text"],
        source=row["source"] or "telegram",
        revisions=row.get("revisions") or 1,
        message_id=row.get("message_id"),
        written=row.get("written") or "",
    )


def save_note(
    db: Database,
    *,
    chat_id: int,
    entry_key: str,
    arxiv_id: str | None,
    author_id: int | None,
    author_name: str,
    fields: NoteFields,
    raw_text: str,
    now: datetime,
    heading: str = "",
    paper_version: int | None = None,
    source: str = "telegram",
    message_id: int | None = None,
    written: str | None = None,
) -> SavedNote:
    """Store a new revision of this author's note and complete their open claim on the paper."""
    with db.atomic():
        previous = 0  # an imported entry starts a chain of its own
        if source != "import":
            previous = db.execute(
                "select coalesce(max(revision), 0) from notes where chat_id = ? "
                f"and entry_key = ? and {_AUTHOR} = coalesce(cast(? as text), 'name:' || ?)",
                [chat_id, entry_key, author_id, author_name],
            ).fetchone()[0]
        row = {
            "chat_id": chat_id,
            "arxiv_id": arxiv_id,
            "entry_key": entry_key,
            "author_id": author_id,
            "author_name": author_name,
            "revision": previous + 1,
            "paper_version": paper_version,
            "created_at": to_text(now),
            "heading": heading,
            "url": fields.url,
            "title": fields.title,
            "institution": fields.institution,
            "github": fields.github,
            "venue": fields.venue,
            "motivation": fields.motivation,
            "method": fields.method,
            "results": fields.results,
            "tags": json.dumps(list(fields.tags), ensure_ascii=False),
            "body": fields.body,
            "raw_text": raw_text,
            "source": source,
            "message_id": message_id,
            "written": written,
        }
        note_id = db.table("notes").insert(row).last_rowid
        completed = False
        if author_id is not None and arxiv_id is not None:
            completed = complete_claim(db, chat_id, arxiv_id, author_id, now)
    if note_id is None:
        raise RuntimeError("expected note_id is not None")
    stored = db.table("notes").get(note_id)
    return SavedNote(_note(dict(stored)), completed)


def latest_note_by(db: Database, chat_id: int, entry_key: str, author_id: int) -> Note | None:
    """A member's latest revision of their note on an entry in a group, if any."""
    rows = list(
        db.table("notes").rows_where(
            "chat_id = ? and entry_key = ? and author_id = ? and source != 'import'",
            [chat_id, entry_key, author_id],
            order_by="revision desc",
            limit=1,
        )
    )
    return _note(rows[0]) if rows else None


def note_of_message(db: Database, chat_id: int, message_id: int) -> Note | None:
    """The latest revision a member's message carried (its newest text), if it carried one."""
    rows = list(
        db.table("notes").rows_where(
            "chat_id = ? and message_id = ?", [chat_id, message_id], order_by="id desc", limit=1
        )
    )
    return _note(rows[0]) if rows else None


def latest_notes(db: Database, chat_id: int, entry_key: str) -> list[Note]:
    """Each author's latest note on one entry in a group, oldest author first."""
    where = "chat_id = ? and entry_key = ?"
    return [_note(row) for row in db.query(_LATEST.format(where=where), [chat_id, entry_key])]


def count_notes(db: Database, chat_id: int, entry_key: str) -> int:
    """How many authors have a note on the entry in the group."""
    row = db.execute(
        f"select count(distinct {_AUTHOR}) from notes where chat_id = ? and entry_key = ?",
        [chat_id, entry_key],
    ).fetchone()
    return int(row[0])


def group_catalog(db: Database, chat_id: int) -> list[Note]:
    """The group's catalog: every author's latest note on every entry, in first-written order."""
    return [_note(row) for row in db.query(_LATEST.format(where="chat_id = ?"), [chat_id])]


def member_notes(db: Database, user_id: int, chat_ids: Iterable[int] | None = None) -> list[Note]:
    """A member's latest notes, in the given groups (or all of them)."""
    where, params = "author_id = ?", [user_id]
    if chat_ids is not None:
        ids = list(chat_ids)
        if not ids:
            return []
        where += f" and chat_id in ({','.join('?' * len(ids))})"
        params += ids
    return [_note(row) for row in db.query(_LATEST.format(where=where), params)]


def has_identical_note(
    db: Database, chat_id: int, entry_key: str, heading: str, fields: NoteFields
) -> bool:
    """Whether any revision in the group already says exactly this (imports stay idempotent)."""
    rows = db.table("notes").rows_where("chat_id = ? and entry_key = ?", [chat_id, entry_key])
    return any((note := _note(row)).fields == fields and note.heading == heading for row in rows)


def notes_with_ids(db: Database, ids: Iterable[int]) -> list[Note]:
    """The notes with these row ids, oldest first (the web's exports pick them from its views)."""
    wanted = sorted(set(ids))
    marks = ",".join("?" * len(wanted))
    rows = db.query(f"select * from notes where id in ({marks}) order by id", wanted)
    return [_note(row) for row in rows] if wanted else []
