"""A member writes or edits a note: the one place that decides what the new revision holds.

A follow-up /note merges into the member's note (store/note_merge.py), `--replace` starts over,
and an edited message applies what the edit changed. Each write that changes something is a
new revision (store/notes.py keeps them all); one that changes nothing stores nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from store.note_merge import FIELDS, MergedNote, merge_note, revise_note
from store.notes import Note, SavedNote, latest_note_by, note_of_message, save_note
from store.papers import Paper, get_paper
from store.parse.note_fields import NoteFields, parse_note, parse_paper_note

NOTE_LIMIT = 20_000  # characters, of the whole note after merging


class NoteTooLong(ValueError):
    """The note would be longer than NOTE_LIMIT characters: nothing was stored."""

    def __init__(self, length: int) -> None:
        super().__init__(f"a note of {length} characters is over {NOTE_LIMIT}")
        self.length = length


def _check_length(merged: MergedNote) -> None:
    if len(merged.raw_text) > NOTE_LIMIT:
        raise NoteTooLong(len(merged.raw_text))


@dataclass(frozen=True)
class NoteWrite:
    """What a write did: the stored revision, what changed, and how it was combined."""

    saved: SavedNote | None  # None: nothing changed, nothing stored
    note: Note | None  # the member's note now (the new revision, else the unchanged one)
    changed: tuple[str, ...]  # FIELDS names, and "body"
    merged: bool  # combined with an earlier revision (rather than a first or replacing note)


def _whole(text: str, paper: Paper) -> MergedNote:
    """A note written from scratch: every field it gives is new."""
    fields = parse_paper_note(text, paper.arxiv_id, paper.title, paper.abs_url)
    written = parse_note(text)
    changed = [name for name in FIELDS if getattr(written, name)]
    return MergedNote(fields, text, (*changed, *(("body",) if fields.body else ())))


def _store(
    db: Database,
    merged: MergedNote,
    previous: Note | None,
    *,
    chat_id: int,
    paper: Paper,
    author_id: int,
    author_name: str,
    now: datetime,
    message_id: int | None,
    written: str,
    paper_version: int | None,
) -> SavedNote | None:
    if previous and (merged.fields, merged.raw_text) == (previous.fields, previous.raw_text):
        return None
    return save_note(
        db,
        chat_id=chat_id,
        entry_key=paper.arxiv_id,
        arxiv_id=paper.arxiv_id,
        author_id=author_id,
        author_name=author_name,
        fields=merged.fields,
        raw_text=merged.raw_text,
        now=now,
        paper_version=paper_version,
        message_id=message_id,
        written=written,
    )


def write_note(
    db: Database,
    *,
    chat_id: int,
    paper: Paper,
    author_id: int,
    author_name: str,
    text: str,
    now: datetime,
    replace: bool = False,
    message_id: int | None = None,
    paper_version: int | None = None,
) -> NoteWrite:
    """Save a member's note on a paper: merged into their earlier one unless `replace`.

    Raises NoteTooLong (storing nothing) when the note would grow past NOTE_LIMIT.
    """
    with db.atomic():
        previous = latest_note_by(db, chat_id, paper.arxiv_id, author_id)
        if previous is None or replace:
            merged = _whole(text, paper)
        else:
            fields = parse_paper_note(text, paper.arxiv_id, paper.title, paper.abs_url)
            merged = merge_note(previous.fields, previous.raw_text, text, fields)
        _check_length(merged)
        saved = _store(
            db,
            merged,
            previous,
            chat_id=chat_id,
            paper=paper,
            author_id=author_id,
            author_name=author_name,
            now=now,
            message_id=message_id,
            written=text,
            paper_version=paper_version,
        )
    note = saved.note if saved else previous
    return NoteWrite(saved, note, merged.changed, previous is not None and not replace)


def edit_note(
    db: Database, *, chat_id: int, message_id: int, text: str, now: datetime
) -> NoteWrite | None:
    """A member edited a message that carried a note: None if it carried none.

    Raises NoteTooLong (storing nothing) when the edit would make the note too long.
    """
    with db.atomic():
        carried = note_of_message(db, chat_id, message_id)
        if carried is None or carried.author_id is None or carried.arxiv_id is None:
            return None
        paper = get_paper(db, carried.arxiv_id) or Paper(carried.arxiv_id, carried.fields.title)
        previous = latest_note_by(db, chat_id, carried.entry_key, carried.author_id)
        if previous is None:
            raise RuntimeError("the carried revision is one of theirs")
        if not text.strip():  # an emptied message does not empty the note
            return NoteWrite(None, previous, (), True)

        def read(written: str) -> tuple[str, NoteFields]:
            return written, parse_paper_note(written, paper.arxiv_id, paper.title, paper.abs_url)

        before, after = read(carried.written), read(text)
        merged = revise_note(previous.fields, previous.raw_text, before, after)
        _check_length(merged)
        saved = _store(
            db,
            merged,
            previous,
            chat_id=chat_id,
            paper=paper,
            author_id=carried.author_id,
            author_name=previous.author_name,
            now=now,
            message_id=message_id,
            written=text,
            paper_version=previous.paper_version,
        )
    return NoteWrite(saved, saved.note if saved else previous, merged.changed, True)
