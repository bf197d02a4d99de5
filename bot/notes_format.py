"""Pure formatting of notes: the reply to /note, the /notes listing and /paper's extra lines."""

from __future__ import annotations

from bot.formatting import paper_link
from bot.texts import Html, escape, t
from store.claims import Claim
from store.note_fields import TEXT_FIELDS, NoteFields
from store.notes import Note, SavedNote
from store.papers import Paper


def saved_reply(saved: SavedNote, written: NoteFields, paper: Paper) -> Html:
    """Saved, which revision, which fields were recognised, and whether a claim is complete."""
    note = saved.note
    lines = [t("notes.saved", name=note.author_name, title=paper.title, revision=note.revision)]
    found = [name for name in TEXT_FIELDS if getattr(written, name)]
    if written.tags:
        found.append("tags")
    if found:
        names = ", ".join(t(f"notes.field.{name}") for name in found)
        lines.append(t("notes.saved_fields", fields=Html(names)))
    else:
        lines.append(t("notes.saved_body_only"))
    if saved.completed_claim:
        lines.append(t("notes.claim_done", name=note.author_name))
    return Html("\n".join(lines))


def notes_blocks(notes: list[Note], paper: Paper | None, arxiv_id: str) -> list[str]:
    """A header, then each author's latest note exactly as written (escaped), one block each."""
    link = paper_link(paper) if paper else escape(arxiv_id)
    blocks: list[str] = [t("notes.header", link=link, count=len(notes))]
    for note in notes:
        name = note.author_name or t("notes.imported")
        header = t(
            "notes.author_line",
            name=name,
            revision=note.revision,
            date=note.created_at.date().isoformat(),
        )
        blocks.append(f"{header}\n{escape(note.raw_text)}")
    return blocks


def paper_lines(claim: Claim | None, note_count: int, arxiv_id: str) -> list[Html]:
    """Extra lines for /paper in a group: who presents it and how many notes there are."""
    lines: list[Html] = []
    if claim is not None:
        due = claim.due_on.isoformat() if claim.due_on else "—"
        lines.append(t("notes.paper_claim", name=claim.holder, due=due))
    if note_count:
        lines.append(t("notes.paper_notes", count=note_count, arxiv_id=arxiv_id))
    return lines
