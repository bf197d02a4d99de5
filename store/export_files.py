"""An export as the files a chat can take: one plain file, one zip, or numbered zipped parts.

Telegram refuses a bot's upload above its cap (50 MB, "413 Request Entity Too Large"), so the
size is checked before uploading. A UTF-8 Markdown catalog compresses about 5×; when even the
zip is above the cap the notes are split into parts, each a whole catalog (an entry's notes stay
together, imported sections are kept), so each part re-imports on its own with `paperclub import`,
which reads a .zip as it is (`catalog_text`).
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from store.notes import Note

# Room for the multipart envelope and the caption, which count against Telegram's cap too.
ENVELOPE = 8 * 1024
_TEXT_SUFFIXES = (".md", ".markdown", ".txt")
Render = Callable[[list[Note]], str]
How = Literal["plain", "zipped", "parts", "too_big"]


@dataclass(frozen=True)
class ExportFile:
    """One file to upload."""

    name: str
    content: bytes


@dataclass(frozen=True)
class Packed:
    """How an export travels, its files, and the size of the export unzipped (bytes)."""

    how: How
    files: tuple[ExportFile, ...]
    size: int


def file_stem(title: str, fallback: str) -> str:
    """`LLM paper club` → `llm-paper-club-notes`; a Chinese name stays (`大模型读书会-notes`):
    Telegram takes UTF-8 file names."""
    slug = re.sub(r"[^\w]+", "-", title).strip("-_").lower()[:40]
    return f"{slug or fallback}-notes"


def zipped(name: str, content: bytes) -> bytes:
    """One file in a zip (deflated)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr(name, content)
    return out.getvalue()


def pack(notes: Sequence[Note], render: Render, stem: str, suffix: str, limit: int) -> Packed:
    """The notes rendered, as few files as fit under `limit` bytes each."""
    room = max(1, limit - ENVELOPE)
    content = render(list(notes)).encode("utf-8")
    name = f"{stem}.{suffix}"
    if len(content) <= room:
        return Packed("plain", (ExportFile(name, content),), len(content))
    archive = zipped(name, content)
    if len(archive) <= room:
        return Packed("zipped", (ExportFile(f"{stem}.zip", archive),), len(content))
    entries = _entries(notes)
    count = math.ceil(len(archive) / room)
    while count <= len(entries):
        parts = _parts(entries, render, stem, suffix, count)
        if all(len(part.content) <= room for part in parts):
            return Packed("parts", tuple(parts), len(content))
        count += max(1, count // 4)
    return Packed("too_big", (), len(content))


def _entries(notes: Sequence[Note]) -> list[list[Note]]:
    """The notes by entry, in order: an entry's notes (and its imported section) stay together."""
    by_entry: dict[tuple[int, str], list[Note]] = {}
    for note in notes:
        by_entry.setdefault((note.chat_id, note.entry_key), []).append(note)
    return list(by_entry.values())


def _parts(
    entries: list[list[Note]], render: Render, stem: str, suffix: str, count: int
) -> list[ExportFile]:
    """The entries in `count` zipped parts of about the same size."""
    weights = [sum(_weight(note) for note in entry) for entry in entries]
    share = sum(weights) / count
    chunks: list[list[Note]] = [[]]
    filled = 0.0
    for entry, weight in zip(entries, weights, strict=True):
        if chunks[-1] and filled + weight > share and len(chunks) < count:
            chunks.append([])
            filled = 0.0
        chunks[-1].extend(entry)
        filled += weight
    total = len(chunks)
    files = []
    for number, chunk in enumerate(chunks, start=1):
        name = f"{stem}-part-{number}-of-{total}"
        text = render(chunk).encode("utf-8")
        files.append(ExportFile(f"{name}.zip", zipped(f"{name}.{suffix}", text)))
    return files


def _weight(note: Note) -> int:
    f = note.fields
    texts = (f.title, f.url, f.institution, f.github, f.venue, f.motivation, f.method, f.results)
    return sum(map(len, texts)) + len(f.body) + 64


class NotACatalog(ValueError):
    """The file is neither UTF-8 text nor a zip holding exactly one catalog."""


def catalog_text(data: bytes) -> str:
    """A catalog file's text: the file itself, or the one Markdown file in a zip (an export
    too big for a chat, or one of its parts)."""
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = [n for n in archive.namelist() if n.lower().endswith(_TEXT_SUFFIXES)]
                if len(names) != 1:
                    raise NotACatalog(f"the zip holds {len(names)} Markdown files, not one")
                data = archive.read(names[0])
        except zipfile.BadZipFile as error:
            raise NotACatalog(f"a broken zip: {error}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise NotACatalog(f"not UTF-8: {error}") from None
