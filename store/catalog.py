"""A group's catalog in and out: import the club's Markdown, export md, json, csv, BibTeX, RIS
or CSL-JSON (store/references.py).

Import never calls arXiv: an entry whose paper the store does not know yet becomes a paper row
from the entry itself (source "import"). Importing is idempotent: an entry whose key already has
a revision saying exactly the same thing is left alone. The whole import is one transaction.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlite_utils import Database

from store.formats import EXPORT_FORMATS  # re-exported: callers import it from here
from store.notes import Note, group_catalog, has_identical_note, save_note
from store.papers import Paper, get_papers, upsert_papers
from store.parse.catalog_markdown import (
    CatalogEntry,
    entry_from_note,
    parse_catalog,
    render_catalog,
)
from store.parse.note_fields import arxiv_link
from store.references import REFERENCE_FORMATS, render_references

Progress = Callable[[int, int], None]  # (entries done, entries in all)


@dataclass(frozen=True)
class ImportReport:
    """What an import did, and the lines it could not place."""

    entries: int
    papers_created: int
    notes_added: int
    notes_unchanged: int
    arxiv_ids: tuple[str, ...]  # the distinct arXiv papers the entries link, in file order
    unplaced: tuple[int, ...] = ()
    repeated: tuple[int, ...] = field(default=())  # entries repeating an earlier entry's key

    @property
    def with_arxiv(self) -> int:
        """How many distinct arXiv papers the catalog links."""
        return len(self.arxiv_ids)


def line_ranges(numbers: Iterable[int]) -> str:
    """1, 2, 3, 7 -> '1–3, 7', so a report stays one readable line."""
    ranges: list[list[int]] = []
    for number in sorted(set(numbers)):
        if ranges and number == ranges[-1][1] + 1:
            ranges[-1][1] = number
        else:
            ranges.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in ranges)


def import_catalog(
    db: Database,
    chat_id: int,
    text: str,
    now: datetime,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a catalog in the club's layout into a group (which must exist)."""
    parsed = parse_catalog(text)
    entries = parsed.entries
    new_papers: dict[str, Paper] = {}
    added = unchanged = 0
    seen: set[str] = set()
    repeated: list[int] = []
    with db.atomic():  # `known` is read inside: a paper fetched meanwhile is never overwritten
        known = get_papers(db, [e.arxiv_id for e in entries if e.arxiv_id])
        for entry in entries:
            link = arxiv_link(entry.fields.url)
            if link and link[0] not in known and link[0] not in new_papers:
                new_papers[link[0]] = Paper(link[0], entry.title, link[1], source="import")
        upsert_papers(db, new_papers.values(), now)
        for done, entry in enumerate(entries, start=1):
            key = entry.entry_key
            if key in seen:
                repeated.append(entry.line)
            seen.add(key)
            if has_identical_note(db, chat_id, key, entry.heading, entry.fields):
                unchanged += 1
            else:
                _save_entry(db, chat_id, entry, now)
                added += 1
            if progress is not None:
                progress(done, len(entries))
    return ImportReport(
        entries=len(entries),
        papers_created=len(new_papers),
        notes_added=added,
        notes_unchanged=unchanged,
        arxiv_ids=tuple(dict.fromkeys(e.arxiv_id for e in entries if e.arxiv_id)),
        unplaced=parsed.unplaced,
        repeated=tuple(repeated),
    )


def _save_entry(db: Database, chat_id: int, entry: CatalogEntry, now: datetime) -> None:
    link = arxiv_link(entry.fields.url)
    save_note(
        db,
        chat_id=chat_id,
        entry_key=entry.entry_key,
        arxiv_id=link[0] if link else None,
        author_id=None,
        author_name=entry.fields.note_author,
        fields=entry.fields,
        raw_text=entry.raw_text,
        now=now,
        heading=entry.heading,
        paper_version=link[1] if link else None,
        source="import",
    )


Sections = Mapping[tuple[int, str], str]  # (group, entry key) -> its imported section


def catalog_entries(notes: Iterable[Note], sections: Sections | None = None) -> list[CatalogEntry]:
    """Stored notes as catalog entries; a member's note on a paper that an imported section
    holds (among `notes`, or in `sections`) goes into that section, any other note under its
    own first tag, as written."""
    notes = list(notes)
    imported = dict(sections or {})
    for note in notes:
        if note.source == "import" and note.fields.tags:
            imported.setdefault((note.chat_id, note.entry_key), note.fields.tags[0])
    return [
        entry_from_note(
            note.fields,
            note.heading,
            arxiv_id=note.arxiv_id,
            raw_text=note.raw_text,
            section=None
            if note.source == "import"
            else imported.get((note.chat_id, note.entry_key)),
        )
        for note in notes
    ]


def imported_sections(db: Database, notes: Iterable[Note]) -> Sections:
    """The imported section of each note's entry in its group, for an export of some notes
    (a member's own) that leaves the imported entries out."""
    found: dict[tuple[int, str], str] = {}
    for note in notes:
        key = (note.chat_id, note.entry_key)
        if key in found:
            continue
        for row in db.query(
            "select tags from notes where chat_id = ? and entry_key = ? and source = 'import' "
            "and tags != '[]' order by id limit 1",
            [note.chat_id, note.entry_key],
        ):
            found[key] = json.loads(row["tags"])[0]
    return found


def export_notes(
    notes: list[Note],
    fmt: str,
    papers: Mapping[str, Paper] | None = None,
    sections: Sections | None = None,
) -> str:
    """Render notes in one of EXPORT_FORMATS (`papers` adds arXiv's authors to BibTeX,
    `sections` places Markdown entries in imported sections the notes do not include)."""
    if fmt == "md":
        return render_catalog(catalog_entries(notes, sections))
    if fmt == "json":
        return json.dumps([_record(note) for note in notes], ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        records = [_record(note) for note in notes]
        columns = list(_record_columns())
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for record in records:
            writer.writerow({**record, "tags": "、".join(map(str, record["tags"]))})  # type: ignore[call-overload]
        return out.getvalue()
    if fmt == "bibtex":
        known = papers or {}
        return "\n".join(_bibtex(note, known.get(note.arxiv_id or "")) for note in notes)
    if fmt in REFERENCE_FORMATS:
        return render_references(fmt, notes, papers or {})
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")


def export_group(db: Database, chat_id: int, fmt: str) -> str:
    """The group's catalog (latest note per author per entry) in a format."""
    notes = group_catalog(db, chat_id)
    return export_notes(notes, fmt, get_papers(db, [n.arxiv_id for n in notes if n.arxiv_id]))


def _record_columns() -> tuple[str, ...]:
    return (
        "entry_key", "arxiv_id", "title", "heading", "url", "institution", "github", "venue",
        "motivation", "method", "results", "tags", "body", "author", "revision", "created_at",
    )  # fmt: skip


def _record(note: Note) -> dict[str, object]:
    f = note.fields
    values: dict[str, object] = {
        "entry_key": note.entry_key,
        "arxiv_id": note.arxiv_id or "",
        "title": f.title,
        "heading": note.heading,
        "url": f.url,
        "institution": f.institution,
        "github": f.github,
        "venue": f.venue,
        "motivation": f.motivation,
        "method": f.method,
        "results": f.results,
        "tags": list(f.tags),
        "body": f.body,
        "author": note.author_name,
        "revision": note.revision,
        "created_at": note.created_at.isoformat(),
    }
    return values


def _bibtex_escape(text: str) -> str:
    return re.sub(r"([{}\\&%$#_])", r"\\\1", " ".join(text.split()))


def _bibtex(note: Note, paper: Paper | None) -> str:
    key = re.sub(r"[^\w]+", "_", note.entry_key)[:60].strip("_") or f"note{note.id}"
    f = note.fields
    lines = [f"@misc{{{key},", f"  title = {{{_bibtex_escape(f.title)}}},"]
    if paper is not None and paper.authors:
        lines.append(f"  author = {{{_bibtex_escape(' and '.join(paper.authors))}}},")
    if note.arxiv_id:
        lines += [
            f"  eprint = {{{note.arxiv_id}}},",
            "  archivePrefix = {arXiv},",
            f"  url = {{https://arxiv.org/abs/{note.arxiv_id}}},",
        ]
    elif f.url:
        lines.append(f"  url = {{{_bibtex_escape(f.url)}}},")
    if f.institution:
        lines.append(f"  institution = {{{_bibtex_escape(f.institution)}}},")
    if f.venue:
        lines.append(f"  howpublished = {{{_bibtex_escape(f.venue)}}},")
    if f.tags:
        lines.append(f"  keywords = {{{_bibtex_escape(', '.join(f.tags))}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"
