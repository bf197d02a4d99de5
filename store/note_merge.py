"""How a member's follow-up note, or an edit of the message that carried one, combines with
their note so far (pure).

A follow-up updates the fields it labels and keeps the others; its unlabelled text is added to
the body, less the lines the body already has (a resend adds only what is new). An edit applies
only what the edit changed in that message, so editing an older message never undoes a later
follow-up. The note's text stays as its author wrote it: the earlier text with the labelled
parts swapped in place, new parts and added text at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from store.parse.note_fields import MULTILINE, TEXT_FIELDS, NoteFields, label_of, parse_note

FIELDS = (*TEXT_FIELDS, "tags")
_ONE_LINE = frozenset(TEXT_FIELDS) - MULTILINE


@dataclass(frozen=True)
class MergedNote:
    """The note after a follow-up or an edit: its fields, its text, and what changed."""

    fields: NoteFields
    raw_text: str
    changed: tuple[str, ...]  # names from FIELDS, and "body" when the body changed


@dataclass
class _Segment:
    name: str  # a name from FIELDS, or "body"
    lines: list[str]


def _segments(text: str, body: str = "") -> list[_Segment]:
    """The text cut into labelled parts and body runs, as parse_note reads them; a paragraph
    of the stored `body` after a multi-line field is body (a merge added it there)."""
    segments: list[_Segment] = []
    current: str | None = None  # the multi-line field that unlabelled lines continue
    seen: set[str] = set()
    added = set(body.splitlines())
    after_blank = False
    for line in text.splitlines():
        labelled = label_of(line) if line.strip() else None
        if current is not None and after_blank and labelled is None and line in added:
            current = None  # the start of text a merge added after this field
        after_blank = not line.strip()
        if not line.strip() or (labelled is None and current is not None):
            if segments:
                segments[-1].lines.append(line)
            else:
                segments.append(_Segment("body", [line]))
            continue
        name = "body" if labelled is None else labelled[0]
        if name == "summary":
            name = "method"
        if name in ("other", "note_author") or (name in _ONE_LINE and name in seen):
            name = "body"  # a second title or address is kept as body, as parse_note does
        current = name if name in MULTILINE else None
        seen.add(name)
        if name == "body" and segments and segments[-1].name == "body":
            segments[-1].lines.append(line)
        else:
            segments.append(_Segment(name, [line]))
    return segments


def _trimmed(lines: list[str]) -> list[str]:
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def _body_lines(segments: list[_Segment], also: frozenset[str] = frozenset()) -> list[str]:
    names = {"body", *also}
    return _trimmed([line for s in segments if s.name in names for line in s.lines])


def _splice(previous: str, source: str, names: set[str], dropped: set[str], body: str) -> str:
    """`previous` with the parts named in `names` taken from `source` (in place, or at the
    end when new) and the parts named in `dropped` removed; body runs stay where they are."""
    taken: dict[str, list[str]] = {}
    for segment in _segments(source):
        if segment.name in names:
            taken.setdefault(segment.name, []).extend(_trimmed(segment.lines))
    lines: list[str] = []
    placed: set[str] = set()
    for segment in _segments(previous, body):
        if segment.name in taken:
            if segment.name not in placed:
                blank = segment.lines[len(_trimmed(segment.lines)) :]  # kept before what follows
                lines.extend(taken[segment.name] + blank)
                placed.add(segment.name)
        elif segment.name not in dropped:
            lines.extend(segment.lines)
    lines = _trimmed(lines)
    for name, new in taken.items():
        if name not in placed:
            lines.extend(new)
    return "\n".join(lines)


def _moved(written: NoteFields, fields: NoteFields) -> frozenset[str]:
    """{"url"} when the note's address is not its paper's (a GitHub page): parse_paper_note
    keeps that line as body, so the merged text does too."""
    return frozenset({"url"}) if written.url and written.url != fields.url else frozenset()


def _join(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def _added_body(text: str, body: str) -> str:
    """The text with body lines added at the end, a blank line apart."""
    return f"{text}\n\n{body}" if text and body else text or body


def _known_lines(body: str, raw_lines: list[str]) -> frozenset[str]:
    """The note's body lines so far, as a resend would repeat them."""
    return frozenset(line.strip() for line in (*body.splitlines(), *raw_lines) if line.strip())


def _new_lines(lines: list[str], known: frozenset[str]) -> list[str]:
    """The body lines a follow-up adds: a line the body already has is not added again."""
    kept = [line for line in lines if not line.strip() or line.strip() not in known]
    while kept and not kept[0].strip():
        kept = kept[1:]
    return _trimmed(kept)


def merge_note(
    previous: NoteFields, previous_text: str, text: str, fields: NoteFields
) -> MergedNote:
    """A follow-up `text` (read as `fields`) over the note so far."""
    written = parse_note(text)
    moved = _moved(written, fields)
    given = [name for name in FIELDS if getattr(written, name) and name not in moved]
    updates: dict[str, object] = {name: getattr(fields, name) for name in given}
    known = _known_lines(previous.body, _body_lines(_segments(previous_text, previous.body)))
    body = "\n".join(_new_lines(fields.body.splitlines(), known))
    merged = replace(previous, **updates, body=_join(previous.body, body))  # type: ignore[arg-type]
    raw = _splice(previous_text, text, set(given), set(), previous.body)
    raw = _added_body(raw, "\n".join(_new_lines(_body_lines(_segments(text), moved), known)))
    changed = [name for name in given if getattr(previous, name) != getattr(merged, name)]
    if body:
        changed.append("body")
    return MergedNote(merged, raw, tuple(changed))


def revise_note(
    previous: NoteFields,
    previous_text: str,
    before: tuple[str, NoteFields],
    after: tuple[str, NoteFields],
) -> MergedNote:
    """An edited message: what the edit changed in it, (text, fields) before and after,
    applied over the note so far; fields it dropped go back to empty (title and address to
    the paper's own)."""
    (before_text, before_fields), (after_text, after_fields) = before, after
    written_before, written_after = parse_note(before_text), parse_note(after_text)
    moved_before, moved_after = (
        _moved(written_before, before_fields),
        _moved(written_after, after_fields),
    )
    names = {n for n in FIELDS if getattr(written_before, n) != getattr(written_after, n)}
    names -= moved_before | moved_after  # such an address is body text on both sides
    kept = {n for n in names if getattr(written_after, n)}
    updates: dict[str, object] = {name: getattr(after_fields, name) for name in names}
    body = previous.body
    raw = _splice(previous_text, after_text, kept, names - kept, previous.body)
    if before_fields.body != after_fields.body:
        old_lines = "\n".join(_body_lines(_segments(before_text), moved_before))
        new_lines = "\n".join(_body_lines(_segments(after_text), moved_after))
        if before_fields.body and before_fields.body in body:
            body = body.replace(before_fields.body, after_fields.body, 1)
        else:
            body = _join(body, after_fields.body)
        if old_lines and old_lines in raw:
            raw = raw.replace(old_lines, new_lines, 1).strip("\n")
        else:
            raw = _added_body(raw, new_lines)
    merged = replace(previous, **updates, body=body)  # type: ignore[arg-type]
    changed = [name for name in FIELDS if getattr(previous, name) != getattr(merged, name)]
    if previous.body != merged.body:
        changed.append("body")
    return MergedNote(merged, raw, tuple(changed))
