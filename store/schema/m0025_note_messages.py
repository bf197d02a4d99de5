"""Migration 0025: note messages."""

from __future__ import annotations

from sqlite_utils import Database


def migrate(db: Database) -> None:
    """Which message carried each note revision and what it said, so editing that message
    revises the note; prompts remember whether the reply replaces the note."""
    notes = db.table("notes")
    notes.add_column("message_id", int)  # NULL for imported notes and older revisions
    notes.add_column("written", str)  # the message's text as it was when this revision was saved
    notes.create_index(["chat_id", "message_id"])
    db.table("note_prompts").add_column("replace", int, not_null_default=0)
