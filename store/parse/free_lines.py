"""Where a note's free lines stood and how they were written, so that an export writes them
there and so, not hoisted above the fields as "- " items (pure).

A free line is a line of the body: text under no label of its own ("My take: …"), or under a
label with no field ("作者: …"). In the catalog layout a line the member wrote as a "- " item
stays one; a plain line is written indented (Markdown's continuation of the item above), which
keeps it in its entry when the file is read back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from store.parse.note_fields import FieldCollector, label_of

PROSE = ("motivation", "method", "results")  # the fields an export writes after the others
INDENT = "  "  # how an export marks a plain free line as part of the entry above
ESCAPE = "\\"  # written before a body line that would otherwise read as a new entry's label


@dataclass(frozen=True)
class FreeLine:
    """One body line, as written, and the prose field it follows (None: before them)."""

    text: str
    bulleted: bool
    after: str | None = None


def read_line(collector: FieldCollector, line: str) -> None:
    """Take one catalog line: an indented or escaped line is body text as written."""
    if line.startswith(INDENT) and line.strip():
        collector.add_body(line[len(INDENT) :])
    elif line.startswith("- " + ESCAPE):
        collector.add_text(line[2 + len(ESCAPE) :])
    else:
        collector.add(line)


def free_lines(raw_text: str, body: str) -> tuple[FreeLine, ...]:
    """The body's lines with their place and form in `raw_text`; each as a "- " item before
    the prose fields when the raw text does not hold the body (a note merged from messages)."""
    collector = FieldCollector()
    found: list[FreeLine] = []
    after: str | None = None
    # A label with no field, or an indented line, ends the prose field above it: a free line
    # after it stays there (other body lines, a second title, go before the prose fields).
    past_label = False
    for line in raw_text.splitlines():
        before = len(collector.body)
        labelled = label_of(line) if line.strip() and not line.startswith(INDENT) else None
        read_line(collector, line)
        if len(collector.body) > before:
            past_label = (
                past_label
                or line.startswith(INDENT)
                or (labelled is not None and labelled[0] == "other")
            )
            place = after if past_label else None
            found.append(FreeLine(collector.body[-1], line.startswith("- "), place))
        elif labelled is not None:
            after = "method" if labelled[0] == "summary" else labelled[0]
            past_label = False
    wanted = body.splitlines()
    return _matched(found, wanted) or tuple(FreeLine(text, True) for text in wanted)


def _matched(found: Sequence[FreeLine], wanted: Sequence[str]) -> tuple[FreeLine, ...] | None:
    """`wanted`'s lines found in order among `found` (a heading line may come first)."""
    matched: list[FreeLine] = []
    rest = iter(found)
    for text in wanted:
        line = next((candidate for candidate in rest if candidate.text == text), None)
        if line is None:
            return None
        matched.append(line)
    return tuple(matched)
