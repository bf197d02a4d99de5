"""Pure formatting of search results: numbered hits, the match in bold, paging buttons' data."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.render.lists import listed
from bot.render.note_labels import imported_text
from bot.render.papers import MESSAGE_LIMIT
from bot.texts import Html, escape, t
from jobs.sending import utf16_len
from store.parse.highlights import highlight_pattern
from store.search import PAGE_SIZE, SearchHit, SearchPage

SNIPPET_WIDTH = 160
TITLE_WIDTH = 220


def snippet(text: str, pattern: re.Pattern[str] | None, width: int = SNIPPET_WIDTH) -> Html:
    """A short window of `text` around the first match, escaped, with matches in <b>."""
    flat = " ".join(text.split())
    if not flat or width <= 0:
        return Html("")
    first = pattern.search(flat) if pattern else None
    start = max(0, first.start() - width // 3) if first else 0
    end = min(len(flat), start + width)
    window = flat[start:end]
    pieces: list[str] = ["…" if start > 0 else ""]
    position = 0
    for match in pattern.finditer(window) if pattern else ():
        pieces.append(escape(window[position : match.start()]))
        pieces.append(f"<b>{escape(match.group())}</b>")
        position = match.end()
    pieces.append(escape(window[position:]))
    pieces.append("…" if end < len(flat) else "")
    return Html("".join(pieces))


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def hit_block(number: int, hit: SearchHit, pattern: re.Pattern[str] | None, width: int) -> Html:
    """One result: number, linked title and id, who has notes on it, the snippet."""
    title = escape(_shorten(hit.title, TITLE_WIDTH))
    if hit.arxiv_id:
        link = f'<a href="https://arxiv.org/abs/{escape(hit.arxiv_id)}">{title}</a>'
        lines = [f"{number}. <b>{link}</b> <code>{escape(hit.arxiv_id)}</code>"]
    else:
        lines = [f"{number}. <b>{title}</b>"]
    if hit.note_authors:
        names = listed(name or t("notes.imported") for name in hit.note_authors)
        lines.append(t("search.noted_by", names=names))
    excerpt = hit.excerpt
    if hit.excerpt_imported:
        excerpt = imported_text(excerpt, hit.paper.title if hit.paper else "")
    text = snippet(excerpt, pattern, width)
    if text:
        lines.append(f"<i>{text}</i>")
    return Html("\n".join(lines))


def search_message(query_text: str, page: SearchPage, highlights: Sequence[str]) -> Html:
    """The whole page as one message under Telegram's limit (snippets shrink if needed)."""
    shown = _shorten(query_text, 80)
    if not page.hits:
        return t("search.no_matches", query=shown)
    pattern = highlight_pattern(highlights)
    for width in (SNIPPET_WIDTH, 80, 0):
        blocks = [t("search.header", query=shown, page=page.page + 1)]
        previous_section: bool | None = None if any(h.from_notes for h in page.hits) else False
        for index, hit in enumerate(page.hits):
            if hit.from_notes != previous_section:  # "Other papers" only after notes
                blocks.append(
                    t("search.section_notes" if hit.from_notes else "search.section_papers")
                )
                previous_section = hit.from_notes
            number = page.page * PAGE_SIZE + index + 1
            blocks.append(hit_block(number, hit, pattern, width))
        message = Html("\n\n".join(blocks))
        if utf16_len(message) <= MESSAGE_LIMIT:
            break
    return message


def page_buttons(search_id: int, page: SearchPage) -> list[tuple[str, str]]:
    """(label, callback data) for Previous/Next; data is `search:<id>:<page>` (≤ 64 bytes)."""
    buttons: list[tuple[str, str]] = []
    if page.has_previous:
        buttons.append((t("search.previous"), f"search:{search_id}:{page.page - 1}"))
    if page.has_next:
        buttons.append((t("search.next"), f"search:{search_id}:{page.page + 1}"))
    return buttons
