"""Read a note's labelled lines into the catalog's fields, with the labels the club really uses.

Pure. The club writes labels in Chinese (论文名称, 动机, 论文方法, ...), English, and the
machine-translated Indonesian of its catalog (Judul Kertas, Motivasi, Metode Kertas, and
"mekanisme", the translator's reading of 机构). A label is the text before the first colon
(ASCII or full-width), optionally after "- " and inside 「」 or ** marks. Unlabelled text is the
body. Lines after a multi-line field's label (motivation, method, results) continue it until
the next label; lines after a one-line field go to the body. Blank lines are not kept in fields:
the note's raw text is what keeps the text exactly as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from store.parse.ids import InvalidArxivId, find_arxiv_ids, parse_arxiv_id


def _labels(words: str) -> tuple[str, ...]:
    return tuple(words.split())


# field -> label variants, compared case-folded with all whitespace removed.
LABELS: dict[str, tuple[str, ...]] = {
    "title": _labels(
        "论文名称 论文标题 论文题目 论文名 标题 题目 论文 judulkertas judulmakalah judul title "
        "papertitle paper"
    ),
    "url": _labels(
        "论文地址 论文链接 论文网址 地址 链接 alamatkertas alamatmakalah tautankertas url link "
        "paperurl paperlink paperaddress arxiv pdf"
    ),
    "institution": _labels(
        "机构 单位 论文机构 organisasi institusi lembaga mekanisme institution "
        "institutions organization organisation affiliation affiliations"
    ),
    "github": _labels(
        "github地址 github 论文github地址 github链接 代码 代码地址 项目地址 alamatgithub "
        "tesisalamatgithub kode code repo repository"
    ),
    "venue": _labels("会议 发表会议 期刊 pertemuan konferensi venue conference publishedin"),
    "motivation": _labels(
        "动机 论文动机 背景 论文背景 motivasi latarbelakang latarbelakangkertas motivation "
        "background"
    ),
    "method": _labels(
        "论文方法 方法 思路 论文思路 论文框架 框架 metodekertas metode ide kerangkakertas "
        "analisis method methods approach idea framework"
    ),
    "results": _labels(
        "实验结果 论文实验结果 结果 实验效果 效果 hasileksperimenkertas hasileksperimen hasil "
        "efekeksperimental results result experiments experimentalresults "
        "findings"
    ),
    "tags": _labels(
        "相关领域 领域 标签 关键词 bidangterkait tags tag relatedfields fields keywords topics"
    ),
    # A summary paragraph (the second seed's 「模型简介:」) is what the catalog calls the method.
    "summary": _labels("模型简介 简述 简介 摘要 概述 summary abstract tldr"),
    # Labels that belong to an entry but have no field of their own: kept in the body.
    "other": _labels("作者 penulis pengarang author authors 发表时间 时间 date"),
    # Written by the exporter so that notes by different members survive a round trip.
    "note_author": _labels("笔记作者 noteauthor"),
}
LABEL_FIELDS = {label: name for name, labels in LABELS.items() for label in labels}
MULTILINE = frozenset({"motivation", "method", "results", "summary"})
TEXT_FIELDS = ("title", "url", "institution", "github", "venue", "motivation", "method", "results")
TAG_SEPARATORS = re.compile(r"\s*[、,，;；/|]\s*")

_LABEL_RE = re.compile(
    r"^\s*(?:[-*•]\s*)?[「【\[]?\s*\**\s*(?P<label>[^:：「」【】\[\]*\n]{1,30}?)\s*\**\s*[:：]"
    r"\s*\**\s*[」】\]]?\s*(?P<value>.*)$"
)


@dataclass(frozen=True)
class NoteFields:
    """A note split into the catalog's fields; empty strings where the note says nothing."""

    title: str = ""
    url: str = ""
    institution: str = ""
    github: str = ""
    venue: str = ""
    motivation: str = ""
    method: str = ""
    results: str = ""
    tags: tuple[str, ...] = field(default=())
    body: str = ""
    note_author: str = ""

    @property
    def labelled(self) -> bool:
        """Whether any labelled field was found (else the whole note is body)."""
        return any(getattr(self, name) for name in TEXT_FIELDS) or bool(self.tags)

    def arxiv_id(self) -> str | None:
        """The versionless arXiv id the paper address points to, if it is an arXiv link."""
        parsed = arxiv_link(self.url)
        return parsed[0] if parsed else None


def label_of(line: str) -> tuple[str, str] | None:
    """(field, value) when the line starts with a known label, else None."""
    match = _LABEL_RE.match(line)
    if match is None:
        return None
    name = LABEL_FIELDS.get(re.sub(r"\s+", "", match["label"]).casefold())
    if name is None:
        return None
    value = match["value"].strip()
    if name == "title" and looks_like_link(value):
        name = "url"  # "Paper: https://arxiv.org/abs/..." names the address, not the title
    return name, value


def looks_like_link(value: str) -> bool:
    """Whether a value is a web address or a bare arXiv id rather than a title."""
    if re.match(r"^(https?://|www\.)|^[\w.-]+\.(org|com|io|net)/", value):
        return True
    try:
        parse_arxiv_id(value)
    except InvalidArxivId:
        return False
    return True


def arxiv_link(url: str) -> tuple[str, int | None] | None:
    """(id, version) when a paper address is an arXiv id or arxiv.org link."""
    url = url.strip()
    if not url:
        return None
    try:
        parsed = parse_arxiv_id(url)
    except InvalidArxivId:
        if "arxiv" not in url.casefold():
            return None
        found = find_arxiv_ids(url)
        if not found:
            return None
        parsed = found[0]
    return parsed.id, parsed.version


def strip_bullet(line: str) -> str:
    """A line without its "- " list marker and trailing spaces, as fields store it."""
    line = line.rstrip()
    return line[2:] if line.startswith("- ") else line


def split_tags(value: str) -> list[str]:
    """'模型结构改进、预训练' or 'RAG, agents' -> a list of tags."""
    return [tag for tag in TAG_SEPARATORS.split(value.strip()) if tag]


class FieldCollector:
    """Accumulates lines into fields; shared by Telegram notes and catalog entries."""

    def __init__(self) -> None:
        self.values: dict[str, list[str]] = {name: [] for name in LABELS}
        self.tags: list[str] = []
        self.body: list[str] = []
        self._current: str | None = None

    def has(self, name: str) -> bool:
        """Whether the field already holds text."""
        if name == "tags":
            return bool(self.tags)
        if name == "summary":
            return bool(self.values["method"] or self.values["summary"])
        return bool(self.values[name])

    def add(self, line: str) -> None:
        """Take one line of the note."""
        if not line.strip():
            return
        labelled = label_of(line)
        if labelled is None:
            self.add_text(strip_bullet(line))
            return
        name, value = labelled
        if name == "other":
            self.body.append(strip_bullet(line))
            self._current = None
        elif name == "tags":
            self.tags.extend(tag for tag in split_tags(value) if tag not in self.tags)
            self._current = None
        elif name in MULTILINE:
            target = "method" if name == "summary" else name
            if value:
                self.values[target].append(value)
            self._current = target
        elif not self.values[name]:
            if value:
                self.values[name].append(value)
            self._current = None
        else:  # a second title or address: keep it, as body
            self.body.append(strip_bullet(line))
            self._current = None

    def add_body(self, text: str) -> None:
        """Take one line as body text, as written; the field above ends."""
        self.body.append(text)
        self._current = None

    def add_text(self, text: str) -> None:
        """Take one unlabelled line: it continues the field above, else it is body."""
        (self.values[self._current] if self._current else self.body).append(text)

    def fields(self) -> NoteFields:
        """The collected fields."""
        text = {name: "\n".join(lines) for name, lines in self.values.items()}
        return NoteFields(
            title=text["title"],
            url=text["url"],
            institution=text["institution"],
            github=text["github"],
            venue=text["venue"],
            motivation=text["motivation"],
            method=text["method"],
            results=text["results"],
            tags=tuple(self.tags),
            body="\n".join(self.body),
            note_author=text["note_author"],
        )


def parse_note(text: str) -> NoteFields:
    """Split a member's note into fields; unlabelled text is the body."""
    collector = FieldCollector()
    for line in text.splitlines():
        collector.add(line)
    return collector.fields()


def parse_paper_note(text: str, arxiv_id: str, title: str, address: str) -> NoteFields:
    """A member's note on a known paper: its title and arXiv address fill what the note lacks.

    An address that is not this paper's arXiv link (a GitHub or OpenReview page) stays in the
    body as written, so the note keeps its paper's address and an export finds it by its id.
    """
    written = parse_note(text)
    link = arxiv_link(written.url)
    collector = FieldCollector()
    if written.url and (link is None or link[0] != arxiv_id):
        collector.values["url"].append(address)  # the written address then goes to the body
    for line in text.splitlines():
        collector.add(line)
    fields = collector.fields()
    return replace(fields, title=fields.title or title, url=fields.url or address)


def with_tags_first(fields: NoteFields, first: str | None) -> NoteFields:
    """The fields with `first` (a catalog section) leading the tags, without repeats."""
    if not first:
        return fields
    return replace(fields, tags=(first, *(tag for tag in fields.tags if tag != first)))
