"""A group's catalog as Zotero items: one preprint per paper, each note a child note (pure).

Items carry markers so a second push adds nothing: the parent's `extra` holds
`paperclub: <entry>`, each child note a tag `paperclub-note:<digest of its text>` (an edited
note is a new child note; the old one stays, as a reference manager keeps what it was given).
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from store.references import Reference, split_name

TAG = "paperclub"  # every item the push adds carries it, so one query finds them all
NOTE_TAG = "paperclub-note:"
EXTRA = "paperclub: "


@dataclass(frozen=True)
class ZoteroEntry:
    """One paper for Zotero: its marker, the parent item's JSON, its notes' (tag, HTML)."""

    marker: str
    item: dict[str, Any]
    notes: tuple[tuple[str, str], ...]


def note_tag(text: str) -> str:
    """The tag that says this note text was pushed already."""
    return NOTE_TAG + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _creator(name: str) -> dict[str, str]:
    last, first = split_name(name)
    if not first:
        return {"creatorType": "author", "name": last}
    return {"creatorType": "author", "firstName": first, "lastName": last}


def _note_html(text: str) -> str:
    return "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())


def zotero_entry(ref: Reference) -> ZoteroEntry:
    """The Zotero Web API JSON of one reference (a preprint), and its notes."""
    item: dict[str, Any] = {
        "itemType": "preprint",
        "title": ref.title,
        "creators": [_creator(name) for name in ref.authors],
        "abstractNote": ref.abstract,
        "url": ref.url,
        "date": str(ref.year or ""),
        "repository": "arXiv" if ref.arxiv_id else "",
        "archiveID": f"arXiv:{ref.arxiv_id}" if ref.arxiv_id else "",
        "extra": EXTRA + ref.key,
        "tags": [{"tag": TAG}, *({"tag": keyword} for keyword in ref.keywords)],
    }
    notes = tuple((note_tag(text), _note_html(text)) for text in ref.notes)
    return ZoteroEntry(ref.key, item, notes)


def zotero_entries(refs: Iterable[Reference]) -> list[ZoteroEntry]:
    """Every reference as a Zotero entry, in order."""
    return [zotero_entry(ref) for ref in refs]


def marker_of(item: dict[str, Any]) -> str | None:
    """The entry a pushed parent item stands for (from its `extra`), else None."""
    for line in str(item.get("data", item).get("extra", "")).splitlines():
        if line.startswith(EXTRA):
            return line[len(EXTRA) :].strip()
    return None
