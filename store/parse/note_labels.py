"""A note's labelled lines shown under other labels (pure): an imported catalog's Indonesian
("Judul Kertas", "Motivasi", "mekanisme") under the group's own, every other line as written.

An empty labelled line ("- Pertemuan:") says nothing and is left out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from store.parse.note_fields import label_of

_BULLETS = ("-", "*", "•")
_FIELD = {"summary": "method"}  # a summary paragraph is what the catalog calls the method


def _same(value: str) -> str:
    return value


def relabel(text: str, labels: Mapping[str, str], title: Callable[[str], str] = _same) -> str:
    """`text` with each line labelled with a field of `labels` under that label; `title`
    rewrites the title's value (to put arXiv's title beside the one written)."""
    lines = []
    for line in text.splitlines():
        labelled = label_of(line) if line.strip() else None
        if labelled is None or (name := _FIELD.get(labelled[0], labelled[0])) not in labels:
            lines.append(line)
            continue
        value = labelled[1]
        if not value:
            continue
        if name == "title":
            value = title(value)
        stripped = line.lstrip()
        bullet = stripped[0] + " " if stripped.startswith(_BULLETS) else ""
        lines.append(f"{line[: len(line) - len(stripped)]}{bullet}{labels[name]}: {value}")
    return "\n".join(lines)
