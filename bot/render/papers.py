"""Pure formatting: paper cards, id errors and splitting long HTML under Telegram's limits."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bot.texts import Html, escape, t
from jobs.sending import utf16_len
from store.papers import Paper
from store.parse.ids import InvalidArxivId

MESSAGE_LIMIT = 4096  # Telegram's limit for a message's text
SAFE_LIMIT = 4000  # leave room for a header or a "(2/3)" marker
GIST_LIMIT = 240
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")


def paper_link(paper: Paper) -> Html:
    """The title, linked to the abs page."""
    return Html(f'<a href="{escape(paper.abs_url)}">{escape(paper.title)}</a>')


def short_authors(authors: Sequence[str], shown: int = 3) -> Html:
    """'A, B, C et al.' — enough to recognise a paper without flooding the chat."""
    if len(authors) <= shown:
        return escape(", ".join(authors))
    return t("card.authors_more", authors=", ".join(authors[:shown]))


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary with "…" when longer than `limit`."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def gist(abstract: str, limit: int = GIST_LIMIT) -> str:
    """The abstract's first sentence, cut at a word boundary when it is very long."""
    text = " ".join(abstract.split())
    first = _SENTENCE_END.split(text, maxsplit=1)[0] if text else ""
    return shorten(first, limit)


def paper_card(paper: Paper, extra: Iterable[Html] = ()) -> Html:
    """A paper's card: linked title, id, authors, categories, dates, then feature lines."""
    version = t("card.version", version=paper.version) if paper.version else ""
    lines = [
        Html(f"<b>{paper_link(paper)}</b>"),
        Html(f"<code>{escape(paper.arxiv_id)}</code> {version}".rstrip()),
    ]
    if paper.authors:
        lines.append(short_authors(paper.authors, shown=6))
    if paper.categories:
        cats = [paper.primary_category] + [
            c for c in paper.categories if c != paper.primary_category
        ]
        lines.append(Html(" · ".join(f"<i>{escape(c)}</i>" for c in cats if c)))
    dates = []
    if paper.published:
        dates.append(t("card.published", date=paper.published.date().isoformat()))
    if paper.updated and paper.published and paper.updated.date() != paper.published.date():
        dates.append(t("card.updated", date=paper.updated.date().isoformat()))
    if dates:
        lines.append(Html(", ".join(dates)))
    if paper.abstract:
        lines.append(Html(f"<i>{escape(gist(paper.abstract))}</i>"))
    lines.extend(extra)
    return Html("\n".join(lines))


def preview(typed: str, limit: int = 60) -> str:
    """What a member typed, shortened for quoting back: an echo must never break the 4096 limit."""
    typed = " ".join(typed.split())
    return typed if len(typed) <= limit else typed[: limit - 1] + "…"


def invalid_id_message(error: InvalidArxivId) -> Html:
    """Why the input is not an id, and the forms that work."""
    reason = t(f"id.{error.problem.value}")
    shown = preview(error.text) or "…"
    return Html(f"{t('id.invalid', text=shown, reason=reason)}\n{t('id.accepted')}")


_ENTITY_OR_TAG = re.compile(r"&[#\w]+;|<[^>]*>")


def split_html(blocks: Sequence[str], limit: int = SAFE_LIMIT, sep: str = "\n\n") -> list[Html]:
    """Pack blocks into messages under `limit`, splitting only between blocks when possible.

    A block that alone is too long is cut between lines, and a line that is too long between
    characters, never inside a tag or an entity (long blocks are plain escaped text, such as
    notes, whose tags never span lines).
    """
    pieces: list[str] = []
    for block in blocks:
        pieces.extend([block] if utf16_len(block) <= limit else _cut_block(block, limit))
    messages: list[Html] = []
    current = ""
    for piece in pieces:
        candidate = f"{current}{sep}{piece}" if current else piece
        if current and utf16_len(candidate) > limit:
            messages.append(Html(current))
            current = piece
        else:
            current = candidate
    if current:
        messages.append(Html(current))
    return messages


def _cut_block(block: str, limit: int) -> list[str]:
    out: list[str] = []
    current = ""
    for line in block.split("\n"):
        for part in [line] if utf16_len(line) <= limit else _cut_line(line, limit):
            candidate = f"{current}\n{part}" if current else part
            if current and utf16_len(candidate) > limit:
                out.append(current)
                current = part
            else:
                current = candidate
    if current:
        out.append(current)
    return out


def _cut_line(line: str, limit: int) -> list[str]:
    # Atoms: whole tags and entities stay together; everything else is one character.
    atoms: list[str] = []
    position = 0
    for match in _ENTITY_OR_TAG.finditer(line):
        atoms.extend(line[position : match.start()])
        atoms.append(match.group())
        position = match.end()
    atoms.extend(line[position:])
    out: list[str] = []
    current: list[str] = []
    size = 0
    for atom in atoms:
        width = utf16_len(atom)
        if current and size + width > limit:
            out.append("".join(current))
            current, size = [], 0
        current.append(atom)
        size += width
    if current:
        out.append("".join(current))
    return out
