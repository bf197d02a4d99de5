"""The club's catalog format, read and written (pure).

The layout, as the seed files have it: a topic line (a section: it becomes the entries' first
tag), then per paper a heading line followed by "- Label: value" lines; lines starting "- "
without a known label continue the field above, and an indented line is a free line of the
entry, as written (how an export writes a member's plain lines). Some entries have no heading,
no "- " marks, a Chinese subtitle under the title, or only a 「简述:」 summary. Lines that are
neither a used section nor part of an entry (the preamble, the table of contents, questions
with free prose) are reported as unplaced, with their line numbers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from store.parse.free_lines import ESCAPE, INDENT, PROSE, FreeLine, free_lines, read_line
from store.parse.note_fields import (
    FieldCollector,
    NoteFields,
    arxiv_link,
    label_of,
    strip_bullet,
    with_tags_first,
)

OPENERS = frozenset({"title", "url", "summary"})  # labels that begin an entry
# The heading an export puts untagged entries under, last; read back as no section at all.
UNTAGGED_SECTION = "其他笔记（未分类）"
RENDER_LABELS = {
    "title": "论文名称",
    "url": "论文地址",
    "institution": "机构",
    "github": "Github 地址",
    "venue": "会议",
    "tags": "相关领域",
    "note_author": "笔记作者",
    "motivation": "动机",
    "method": "论文方法",
    "results": "实验结果",
}


@dataclass(frozen=True)
class CatalogEntry:
    """One paper (or titled note) of a catalog, with where it was found."""

    line: int  # first line of the entry, 1-based
    heading: str  # the entry's own heading line, when it says more than the title
    fields: NoteFields
    raw_text: str = ""  # the entry's lines, exactly as in the file
    section: str | None = None  # where an export puts it; None: under its first tag

    @property
    def placed_in(self) -> str | None:
        """The section the entry is written under (None: before every section)."""
        if self.section is not None:
            return self.section
        return self.fields.tags[0] if self.fields.tags else None

    @property
    def title(self) -> str:
        """The paper's title, else the heading."""
        return self.fields.title or self.heading

    @property
    def arxiv_id(self) -> str | None:
        """The versionless arXiv id, when the entry links to arXiv."""
        return self.fields.arxiv_id()

    @property
    def entry_key(self) -> str:
        """How notes on the same paper are matched: the arXiv id, else the normalised title."""
        return self.arxiv_id or normalise_title(self.title)


@dataclass(frozen=True)
class ParsedCatalog:
    """Entries in file order, and the line numbers that could not be placed."""

    entries: tuple[CatalogEntry, ...]
    unplaced: tuple[int, ...]
    sections: tuple[str, ...] = field(default=())


def normalise_title(title: str) -> str:
    """A title as a key: NFKC, case-folded, punctuation dropped, spaces collapsed."""
    text = unicodedata.normalize("NFKC", title).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def is_paragraph(text: str) -> bool:
    """Prose rather than a heading: a full stop, many commas, or long."""
    return "。" in text or len(re.findall(r"[,，]", text)) >= 3 or len(text) > 150


def _is_bullet(line: str) -> bool:
    return line.startswith("- ")


class _Entry:
    def __init__(self, line: int, heading: str, head_lines: list[str], section: str | None):
        self.line = line
        self.heading = heading
        self.section = section
        self.lines = list(head_lines)
        self.collector = FieldCollector()
        self.only_title = True

    def add(self, line: str) -> None:
        self.lines.append(line)
        read_line(self.collector, line)  # an escaped or indented line is text as written
        labelled = label_of(line)
        if line.startswith(INDENT) or labelled is None or labelled[0] != "title":
            self.only_title = False

    def build(self) -> CatalogEntry | None:
        fields = with_tags_first(self.collector.fields(), self.section)
        heading = self.heading
        if not fields.title:  # a heading with a summary: the heading is the title
            arxiv_id = fields.arxiv_id()
            title = heading or (f"arXiv:{arxiv_id}" if arxiv_id else "")
            if not title:
                return None
            fields, heading = replace(fields, title=title), ""
        if normalise_title(heading) == normalise_title(fields.title):
            heading = ""
        return CatalogEntry(self.line, heading, fields, "\n".join(self.lines))


def parse_catalog(text: str) -> ParsedCatalog:
    """Read a catalog in the club's layout into entries, sections and unplaced line numbers."""
    entries: list[CatalogEntry] = []
    unplaced: list[int] = []
    pending: list[tuple[int, str]] = []
    section: tuple[int, str] | None = None
    used_sections: dict[int, str] = {}
    current: _Entry | None = None

    def finish(entry: _Entry | None) -> None:
        if entry is None:
            return
        built = entry.build()
        if built is None:
            unplaced.extend(range(entry.line, entry.line + len(entry.lines)))
        else:
            entries.append(built)

    def settle(lines: list[tuple[int, str]]) -> None:
        # Lines between entries: short plain lines are sections, the rest is unplaced.
        nonlocal section
        for number, line in lines:
            if _is_bullet(line) or is_paragraph(line.strip()):
                unplaced.append(number)
            else:
                if section is not None and section[0] not in used_sections:
                    unplaced.append(section[0])
                section = (number, line.strip())

    def open_entry(number: int) -> _Entry:
        nonlocal pending
        lines, pending = pending, []
        heading, head = "", []
        if (
            len(lines) >= 2
            and _is_bullet(lines[-1][1])
            and not _is_bullet(lines[-2][1])
            and normalise_title(strip_bullet(lines[-1][1])) == normalise_title(lines[-2][1])
        ):
            head, lines = lines[-2:], lines[:-2]  # "Gpt4video" then "- Gpt4video"
        elif lines and not is_paragraph(strip_bullet(lines[-1][1]).strip()):
            head, lines = lines[-1:], lines[:-1]
        if head:
            heading = strip_bullet(head[0][1]).strip()
        settle(lines)
        if section is not None:
            used_sections[section[0]] = section[1]
        first = head[0][0] if head else number
        placed = section[1] if section and section[1] != UNTAGGED_SECTION else None
        return _Entry(first, heading, [h[1] for h in head], placed)

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        labelled = label_of(line)
        if current is not None and raw.startswith(INDENT):
            current.add(raw)  # a free line written under the item above
        elif labelled is not None and labelled[0] in OPENERS:
            if current is not None and (
                current.collector.has(labelled[0])
                or (labelled[0] == "title" and not current.only_title)
            ):
                finish(current)  # a second title, address or summary starts the next entry
                current = None
            if current is None:
                current = open_entry(number)
            current.add(line)
        elif current is not None and (labelled is not None or _is_bullet(line)):
            current.add(line)
        elif current is not None and current.only_title and not is_paragraph(line.strip()):
            if not current.heading:
                current.heading = line.strip()  # a subtitle under the title line
            current.lines.append(line)
        else:
            finish(current)
            current = None
            pending.append((number, line))
    finish(current)
    settle(pending)
    if section is not None and section[0] not in used_sections:
        unplaced.append(section[0])
    return ParsedCatalog(
        tuple(entries), tuple(sorted(set(unplaced))), tuple(used_sections.values())
    )


def render_entry(entry: CatalogEntry) -> list[str]:
    """One entry in the club's layout: heading line, one-line fields, body, then prose fields.

    The section it stands in is not repeated as a tag: reading it back puts it first again.
    """
    fields = entry.fields
    lines = [entry.heading or entry.title]
    for name in ("title", "url", "institution", "github", "venue"):
        value = getattr(fields, name)
        if value:
            lines.append(f"- {RENDER_LABELS[name]}: {value}")
    tags = [tag for tag in fields.tags if tag != entry.placed_in]
    if tags:
        lines.append(f"- {RENDER_LABELS['tags']}: {'、'.join(tags)}")
    if fields.note_author:
        lines.append(f"- {RENDER_LABELS['note_author']}: {fields.note_author}")
    free = free_lines(entry.raw_text, fields.body)
    lines.extend(_free_line(line) for line in free if line.after not in PROSE)
    for name in PROSE:
        prose: str = getattr(fields, name)
        if prose:
            first, *rest = prose.splitlines()
            lines.append(f"- {RENDER_LABELS[name]}: {first}")
            lines.extend(f"- {escape_line(line)}" for line in rest)
        lines.extend(_free_line(line) for line in free if line.after == name)
    return lines


def _free_line(line: FreeLine) -> str:
    """A free line as the member wrote it: a "- " item, else plain under the item above."""
    return f"- {escape_line(line.text)}" if line.bulleted else INDENT + line.text


def escape_line(line: str) -> str:
    """A text line that would read back as a title, address or escape, marked as plain text."""
    labelled = label_of(line)
    if line.startswith(ESCAPE) or (labelled is not None and labelled[0] in OPENERS):
        return ESCAPE + line
    return line


def render_catalog(entries: Iterable[CatalogEntry]) -> str:
    """Entries grouped by section (their first tag unless placed), then the unplaced ones
    under UNTAGGED_SECTION (with no heading when no entry has a section).

    Sections come in the order their own entries do: a note placed into an imported section
    does not move that section up, even when it was written before the import.
    """
    entries = list(entries)
    unplaced: list[CatalogEntry] = []
    sections: dict[str, list[CatalogEntry]] = {
        str(entry.placed_in): [] for entry in entries if entry.section is None and entry.placed_in
    }
    for entry in entries:
        section = entry.placed_in
        if section is None:
            unplaced.append(entry)
        else:
            sections.setdefault(section, []).append(entry)
    lines: list[str] = []
    for section, members in sections.items():
        lines.append(section)
        for entry in members:
            lines.extend(render_entry(entry))
    if unplaced and sections:
        lines.append(UNTAGGED_SECTION)
    for entry in unplaced:
        lines.extend(render_entry(entry))
    return "\n".join(lines) + "\n" if lines else ""


def entry_from_note(
    fields: NoteFields,
    heading: str = "",
    line: int = 0,
    arxiv_id: str | None = None,
    section: str | None = None,
    raw_text: str = "",
) -> CatalogEntry:
    """A stored note as a catalog entry, for export; a note on a paper shows its arXiv address.

    A note that gave another address (a GitHub page) keeps it as a body line, so a re-import
    still files the note under its paper's id.
    """
    if normalise_title(heading) == normalise_title(fields.title):
        heading = ""
    link = arxiv_link(fields.url)
    if arxiv_id and (link is None or link[0] != arxiv_id):
        moved = f"{RENDER_LABELS['url']}: {fields.url}" if fields.url else ""
        body = "\n".join(text for text in (moved, fields.body) if text)
        fields = replace(fields, url=f"https://arxiv.org/abs/{arxiv_id}", body=body)
    return CatalogEntry(line, heading, replace(fields), raw_text, section=section)
