"""A catalog out to reference managers: RIS and CSL-JSON records, one per paper (pure).

Each record is one catalog entry (a paper, or a title-only entry): its title, every author arXiv
gave (`papers` from the store), year, arXiv id and address, code link, venue, the club's tags as
keywords, and the group's notes as the record's note. Notes on the same entry by several members
make one record, so a reference manager gets each paper once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from store.notes import Note
from store.papers import Paper

REFERENCE_FORMATS = ("ris", "csljson")


@dataclass(frozen=True)
class Reference:
    """What a reference manager keeps of one catalog entry."""

    key: str
    title: str
    authors: tuple[str, ...]
    year: int | None
    arxiv_id: str | None
    url: str
    abstract: str
    code: str
    venue: str
    keywords: tuple[str, ...]
    notes: tuple[str, ...]  # each member's note, as written


def split_name(name: str) -> tuple[str, str]:
    """`Tim Dettmers` → (`Dettmers`, `Tim`); one word or CJK stays whole as the family name."""
    name = " ".join(name.split())
    if " " not in name:
        return name, ""
    given, family = name.rsplit(" ", 1)
    return family, given


def references(notes: Iterable[Note], papers: Mapping[str, Paper]) -> list[Reference]:
    """One reference per entry, in the notes' order, with arXiv's metadata where known."""
    grouped: dict[str, list[Note]] = {}
    for note in notes:
        grouped.setdefault(note.entry_key, []).append(note)
    found = []
    for key, entry_notes in grouped.items():
        first = entry_notes[0]
        paper = papers.get(first.arxiv_id or "")
        fields = next((n.fields for n in entry_notes if n.fields.title), first.fields)
        tags = tuple(dict.fromkeys(tag for n in entry_notes for tag in n.fields.tags))
        published = paper.published.year if paper and paper.published else None
        found.append(
            Reference(
                key=key,
                title=(paper.title if paper and paper.title else "") or fields.title or key,
                authors=paper.authors if paper else (),
                year=published or _year_of_id(first.arxiv_id),
                arxiv_id=first.arxiv_id,
                url=f"https://arxiv.org/abs/{first.arxiv_id}" if first.arxiv_id else fields.url,
                abstract=paper.abstract if paper else "",
                code=next((n.fields.github for n in entry_notes if n.fields.github), ""),
                venue=next((n.fields.venue for n in entry_notes if n.fields.venue), ""),
                keywords=tags,
                notes=tuple(n.raw_text.strip() for n in entry_notes if n.raw_text.strip()),
            )
        )
    return found


def _year_of_id(arxiv_id: str | None) -> int | None:
    """2401.04088 → 2024 (a new-style id starts with its year and month)."""
    if arxiv_id and len(arxiv_id) > 4 and arxiv_id[:4].isdigit() and arxiv_id[4] == ".":
        return 2000 + int(arxiv_id[:2])
    return None


def _ris_line(tag: str, value: str) -> str:
    return f"{tag}  - {' '.join(value.split())}"


def to_ris(refs: Iterable[Reference]) -> str:
    """RIS (the tagged format every reference manager imports), one record per reference."""
    records = []
    for ref in refs:
        lines = [_ris_line("TY", "UNPB" if ref.arxiv_id else "GEN"), _ris_line("TI", ref.title)]
        for author in ref.authors:
            family, given = split_name(author)
            lines.append(_ris_line("AU", f"{family}, {given}" if given else family))
        if ref.year:
            lines.append(_ris_line("PY", str(ref.year)))
        if ref.arxiv_id:
            lines += [_ris_line("PB", "arXiv"), _ris_line("M1", f"arXiv:{ref.arxiv_id}")]
        if ref.url:
            lines.append(_ris_line("UR", ref.url))
        if ref.code:
            lines.append(_ris_line("UR", ref.code))  # a second address: the code
        if ref.venue:
            lines.append(_ris_line("T2", ref.venue))
        if ref.abstract:
            lines.append(_ris_line("AB", ref.abstract))
        lines += [_ris_line("KW", tag) for tag in ref.keywords]
        lines += [_ris_line("N1", note) for note in ref.notes]
        lines.append(_ris_line("ID", ref.key))
        lines.append("ER  - ")
        records.append("\n".join(lines))
    return "\n\n".join(records) + "\n" if records else ""


def csl_item(ref: Reference) -> dict[str, object]:
    """One CSL-JSON item (the format of Zotero, Pandoc and citeproc)."""
    item: dict[str, object] = {"id": ref.key, "type": "article", "title": ref.title}
    authors = []
    for author in ref.authors:
        family, given = split_name(author)
        authors.append({"family": family, "given": given} if given else {"literal": family})
    if authors:
        item["author"] = authors
    if ref.year:
        item["issued"] = {"date-parts": [[ref.year]]}
    if ref.arxiv_id:
        item |= {"publisher": "arXiv", "number": ref.arxiv_id}
    if ref.url:
        item["URL"] = ref.url
    if ref.venue:
        item["container-title"] = ref.venue
    if ref.abstract:
        item["abstract"] = ref.abstract
    if ref.keywords:
        item["keyword"] = ", ".join(ref.keywords)
    if ref.notes:
        item["note"] = "\n\n".join(ref.notes)
    return item


def to_csljson(refs: Iterable[Reference]) -> str:
    """A CSL-JSON array."""
    return json.dumps([csl_item(ref) for ref in refs], ensure_ascii=False, indent=2) + "\n"


def render_references(fmt: str, notes: Iterable[Note], papers: Mapping[str, Paper]) -> str:
    """The notes' papers in `fmt` (one of REFERENCE_FORMATS)."""
    refs = references(notes, papers)
    return to_ris(refs) if fmt == "ris" else to_csljson(refs)
