"""An export packed for a chat's cap, and catalog files read back (store/export_files.py)."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import pytest

from bot.render.exports import export_reply
from bot.texts import Html
from store.export_files import NotACatalog, catalog_text, pack, zipped
from store.notes import Note
from store.parse.note_fields import NoteFields

NOW = datetime(2026, 11, 21, tzinfo=UTC)


def _note(number: int) -> Note:
    fields = NoteFields(title=f"Paper {number}", method="x" * 500)
    return Note(
        id=number, chat_id=-1, entry_key=f"k{number}", arxiv_id=None, author_id=None,
        author_name="Ada", revision=1, paper_version=None, created_at=NOW, heading="",
        fields=fields, raw_text="", source="telegram",
    )  # fmt: skip


def _render(notes: list[Note]) -> str:
    return "".join(f"{n.entry_key}: {n.fields.method}\n" for n in notes)


def test_an_export_under_the_cap_is_the_file_itself() -> None:
    packed = pack([_note(1)], _render, "club-notes", "md", 50_000_000)
    assert packed.how == "plain" and [f.name for f in packed.files] == ["club-notes.md"]


def test_an_export_no_part_of_which_fits_is_refused_rather_than_sent() -> None:
    packed = pack([_note(n) for n in range(3)], _render, "club-notes", "md", 8 * 1024 + 10)
    assert packed.how == "too_big" and packed.files == () and packed.size == 3 * 505
    reply = export_reply(packed, Html("3 entries."), 8 * 1024 + 10)
    assert reply.captions == () and reply.intro is not None
    assert "too big for a chat even in zipped parts" in reply.intro


def test_a_catalog_file_is_read_plain_or_from_a_zip_holding_one_markdown_file() -> None:
    assert catalog_text("\ufeff论文".encode()) == "论文"
    assert catalog_text(zipped("a.md", "论文".encode())) == "论文"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.md", "one")
        archive.writestr("b.md", "two")
    with pytest.raises(NotACatalog, match="holds 2 Markdown files"):
        catalog_text(out.getvalue())
    with pytest.raises(NotACatalog, match="broken zip"):
        catalog_text(b"PK\x03\x04broken")
    with pytest.raises(NotACatalog, match="not UTF-8"):
        catalog_text(b"\xff\xfe")
