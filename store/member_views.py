"""What a member's command reads or writes in one go, so it takes one trip to a catalog worker
(store/workers.py) instead of several: each function is the whole catalog side of a command."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from store.catalog import export_notes, imported_sections
from store.claims import Claim, member_claims, open_claim, open_claims_on
from store.export_files import Packed, file_stem, pack
from store.groups import Group, get_group, get_member, member_group_ids
from store.note_prompts import drop_prompt
from store.note_writes import NoteWrite, write_note
from store.notes import Note, count_notes, group_catalog, latest_notes, member_notes
from store.papers import Paper, get_paper, get_papers, upsert_papers
from store.parse.search_query import SearchQuery, parse_query
from store.search import SearchPage, saved_search, search_catalog


def paper_in_group(db: Database, chat_id: int, arxiv_id: str) -> tuple[Claim | None, int]:
    """/paper in a group: who presents the paper, and how many members noted it."""
    return open_claim(db, chat_id, arxiv_id), count_notes(db, chat_id, arxiv_id)


def claim_and_paper(db: Database, chat_id: int, arxiv_id: str) -> tuple[Claim | None, Paper | None]:
    """/unclaim: the open claim on the paper in the group, and the paper (for its title)."""
    return open_claim(db, chat_id, arxiv_id), get_paper(db, arxiv_id)


def claims_on_new_versions(
    db: Database, arxiv_ids: Iterable[str]
) -> list[tuple[Claim, Paper | None, Group | None]]:
    """Each open claim on these papers (in groups the bot is in), with the paper and group, to
    tell its claimant of arXiv's new version."""
    claims = open_claims_on(db, arxiv_ids)
    papers = get_papers(db, [held.arxiv_id for held in claims])
    groups = {held.chat_id: get_group(db, held.chat_id) for held in claims}
    return [(held, papers.get(held.arxiv_id), groups[held.chat_id]) for held in claims]


def paper_notes(db: Database, chat_id: int, arxiv_id: str) -> tuple[list[Note], Paper | None]:
    """/notes: every author's latest note on the paper in the group, and the paper."""
    return latest_notes(db, chat_id, arxiv_id), get_paper(db, arxiv_id)


# The suffix of each format /export sends in chat.
CHAT_EXPORTS = {"md": "md", "bibtex": "bib", "json": "json", "ris": "ris", "csljson": "json"}


def member_paper_notes(
    db: Database, user_id: int, arxiv_id: str
) -> tuple[list[Note], Paper | None, dict[int, str]]:
    """/notes in private: the latest notes on the paper in each of the member's groups, the
    paper, and those groups' titles (each note says where it was written)."""
    notes: list[Note] = []
    titles: dict[int, str] = {}
    for chat_id in member_group_ids(db, user_id):
        found = latest_notes(db, chat_id, arxiv_id)
        if found:
            group = get_group(db, chat_id)
            titles[chat_id] = group.title if group else ""
            notes.extend(found)
    return notes, get_paper(db, arxiv_id), titles


@dataclass(frozen=True)
class Export:
    """A catalog in the files a chat can take, how many notes it holds, and whose it is."""

    packed: Packed
    count: int
    title: str  # the group's title ("" when unknown, or for a member's own notes)


def export_group(db: Database, chat_id: int, fmt: str, limit: int, fallback: str) -> Export:
    """/export in a group: the group's whole catalog in `fmt` (one of CHAT_EXPORTS), in files
    of at most `limit` bytes; `fallback` names the files of a group with no title."""
    notes = group_catalog(db, chat_id)
    group = get_group(db, chat_id)
    title = group.title if group and group.title else ""
    papers = get_papers(db, [n.arxiv_id for n in notes if n.arxiv_id]) if fmt != "md" else {}

    def render(chunk: list[Note]) -> str:  # a part holds whole entries: their sections too
        return export_notes(chunk, fmt, papers)

    stem = file_stem(title or fallback, "group")
    return Export(pack(notes, render, stem, CHAT_EXPORTS[fmt], limit), len(notes), title)


def export_member(db: Database, user_id: int, limit: int, name: str) -> Export:
    """/export in private: the member's own notes, placed in the imported sections."""
    notes = member_notes(db, user_id)
    sections = imported_sections(db, notes)

    def render(chunk: list[Note]) -> str:
        return export_notes(chunk, "md", sections=sections)

    return Export(pack(notes, render, file_stem(name, "my"), "md", limit), len(notes), "")


@dataclass(frozen=True)
class Overview:
    """/mine: the member's groups (as stored), claims and notes in them."""

    groups: dict[int, Group | None]
    claims: list[Claim]
    notes: list[Note]


def member_overview(db: Database, user_id: int, chat_id: int | None, now: datetime) -> Overview:
    """The member's claims and notes in `chat_id`, or (None, a private chat) in every group."""
    chat_ids = member_group_ids(db, user_id) if chat_id is None else [chat_id]
    groups = {each: get_group(db, each) for each in chat_ids}
    return Overview(
        groups, member_claims(db, user_id, chat_ids, now), member_notes(db, user_id, chat_ids)
    )


def searched_chats(db: Database, chat_id: int, user_id: int | None, private: bool) -> list[int]:
    """A group searches its own notes; a private chat, every group the member belongs to."""
    if private:
        return member_group_ids(db, user_id) if user_id is not None else []
    return [chat_id]


def search_page(
    db: Database, query: SearchQuery, chat_id: int, user_id: int | None, private: bool, page: int
) -> SearchPage:
    """/search: one page of results over the chat's notes (and every stored paper)."""
    return search_catalog(db, query, searched_chats(db, chat_id, user_id, private), page)


def saved_search_page(
    db: Database, search_id: int, chat_id: int, private: bool, page: int
) -> tuple[str, SearchPage] | None:
    """A Next/Previous press: the saved query's text and that page; None when the search is
    gone or was made in another chat."""
    saved = saved_search(db, search_id)
    if saved is None or saved[0] != chat_id:
        return None
    _, user_id, text = saved
    return text, search_page(db, parse_query(text), chat_id, user_id, private, page)


def store_paper(db: Database, paper: Paper, now: datetime) -> Paper | None:
    """Keep a paper fetched from arXiv (merged with what is stored) and read it back."""
    upsert_papers(db, [paper], now)
    return get_paper(db, paper.arxiv_id)


def write_member_note(
    db: Database,
    *,
    chat_id: int,
    paper: Paper,
    author_id: int,
    first_name: str,
    text: str,
    now: datetime,
    replace: bool,
    message_id: int,
    paper_version: int | None,
    answered_prompt: int | None = None,
) -> NoteWrite:
    """write_note under the member's display name as stored (their first name if unknown);
    the prompt the note answers is used up in the same call, before anyone hears of the note."""
    member = get_member(db, author_id)
    written = write_note(
        db,
        chat_id=chat_id,
        paper=paper,
        author_id=author_id,
        author_name=member.display_name if member else first_name,
        text=text,
        now=now,
        replace=replace,
        message_id=message_id,
        paper_version=paper_version,
    )
    if answered_prompt is not None:
        drop_prompt(db, chat_id, answered_prompt)
    return written
