"""Push a group's papers and notes into a Zotero group library, adding only what is missing.

`library` is a pyzotero `Zotero` (or anything with its `everything`, `items`, `create_items`):
one query lists what earlier pushes added (tag `paperclub`), then parents are created 50 at a
time (the Web API's limit) and the missing notes are added under each parent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from store.zotero_items import NOTE_TAG, TAG, ZoteroEntry, marker_of

BATCH = 50


@dataclass(frozen=True)
class PushCounts:
    """What one push added, and what was already there."""

    papers_added: int
    notes_added: int
    papers_there: int


def _created_keys(response: Any, count: int) -> list[str]:
    successful = response.get("successful", {}) if isinstance(response, dict) else {}
    failed = response.get("failed", {}) if isinstance(response, dict) else {}
    if failed or len(successful) != count:
        raise RuntimeError(f"Zotero refused items: {failed or response}")
    return [str(successful[str(index)]["key"]) for index in range(count)]


def push_entries(library: Any, entries: Sequence[ZoteroEntry]) -> PushCounts:
    """Add the entries' missing parents and notes; a second push with nothing new adds none."""
    existing = library.everything(library.items(tag=TAG))
    parents: dict[str, str] = {}
    pushed_notes: set[tuple[str, str]] = set()
    for found in existing:
        data = found.get("data", found)
        if data.get("itemType") == "note":
            for tag in data.get("tags", []):
                if str(tag.get("tag", "")).startswith(NOTE_TAG):
                    pushed_notes.add((str(data.get("parentItem", "")), str(tag["tag"])))
        elif (marker := marker_of(found)) is not None:
            parents.setdefault(marker, str(found.get("key") or data.get("key")))
    there = sum(1 for entry in entries if entry.marker in parents)
    missing = [entry for entry in entries if entry.marker not in parents]
    for start in range(0, len(missing), BATCH):
        batch = missing[start : start + BATCH]
        keys = _created_keys(library.create_items([e.item for e in batch]), len(batch))
        parents.update((entry.marker, key) for entry, key in zip(batch, keys, strict=True))
    notes_added = 0
    for entry in entries:
        parent = parents[entry.marker]
        new = [
            {"itemType": "note", "note": text, "tags": [{"tag": TAG}, {"tag": tag}]}
            for tag, text in entry.notes
            if (parent, tag) not in pushed_notes
        ]
        for start in range(0, len(new), BATCH):
            batch_notes = new[start : start + BATCH]
            _created_keys(library.create_items(batch_notes, parentid=parent), len(batch_notes))
            notes_added += len(batch_notes)
    return PushCounts(len(missing), notes_added, there)
