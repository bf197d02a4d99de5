"""Pure formatting of notes: the reply to /note, the /notes listing and /paper's extra lines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.render.lists import listed_html
from bot.render.note_labels import imported_text
from bot.render.papers import paper_link
from bot.texts import Html, escape, t
from store.claims import Claim
from store.note_writes import NoteWrite
from store.notes import Note
from store.papers import Paper

MERGED_PREVIEW = 1500  # characters of the merged note shown in the reply; /notes has it all


def field_names(names: Sequence[str]) -> Html:
    """'method, results, body' in the member's language."""
    return listed_html(t(f"notes.field.{name}") for name in names)


def saved_reply(written: NoteWrite, paper: Paper, *, replace: bool = False) -> Html:
    """Saved, which revision, what it gave or changed, the merged note, and a completed claim."""
    note = written.note
    if note is None:
        raise RuntimeError("expected note is not None")
    if written.saved is None:
        return t("notes.unchanged", title=paper.title, revision=note.revision)
    lines = [t("notes.saved", name=note.author_name, title=paper.title, revision=note.revision)]
    fields = [name for name in written.changed if name != "body"]
    if written.merged:
        if written.changed:
            lines.append(t("notes.saved_changed", fields=field_names(written.changed)))
        else:
            lines.append(t("notes.saved_wording"))
    elif fields:
        lines.append(t("notes.saved_fields", fields=field_names(fields)))
    else:
        lines.append(t("notes.saved_body_only"))
    if replace and note.revision > 1:
        lines.append(t("notes.replaced"))
    if written.saved.completed_claim:
        lines.append(t("notes.claim_done", name=note.author_name))
    if written.merged:
        merged = note.raw_text
        if len(merged) > MERGED_PREVIEW:
            merged = merged[:MERGED_PREVIEW].rstrip() + "…"
        lines.append(Html(""))
        lines.append(t("notes.merged_header", arxiv_id=paper.arxiv_id))
        lines.append(escape(merged))
    return Html("\n".join(lines))


def edited_reply(edited: NoteWrite) -> Html:
    """One line: the edit made a new revision, and what it changed."""
    note = edited.note
    if note is None:
        raise RuntimeError("expected note is not None")
    names = field_names(edited.changed) if edited.changed else t("notes.field.wording")
    return t("notes.edited", name=note.author_name, revision=note.revision, fields=names)


def too_long_merged(length: int, limit: int, paper: Paper) -> Html:
    """The note would grow past the limit: say so in characters, and how to start over."""
    return t(
        "notes.too_long_merged",
        length=f"{length:,}",
        limit=f"{limit:,}",
        arxiv_id=paper.arxiv_id,
    )


def notes_blocks(
    notes: list[Note],
    paper: Paper | None,
    arxiv_id: str,
    groups: Mapping[int, str] | None = None,
) -> list[str]:
    """A header, then each author's latest note exactly as written (escaped), one block each;
    an imported entry under the group's labels, with arXiv's title beside its own; with
    `groups` (in private), each note's group."""
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
        if groups is not None:  # in private: which of the member's groups it is in
            header = t("notes.in_group", line=header, group=groups.get(note.chat_id, ""))
        text = note.raw_text
        if note.source == "import":
            text = imported_text(text, paper.title if paper else "")
        blocks.append(f"{header}\n{escape(text)}")
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
