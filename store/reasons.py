"""Why a paper was put in a digest: one typed value from the ranker to the renderer, turned
into JSON only here, where the digest ledger stores it (and back when it is read)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, cast, get_args

ReasonKind = Literal["match", "close", "order", "meaning", "group"]
KINDS: frozenset[str] = frozenset(get_args(ReasonKind))


@dataclass(frozen=True)
class Reason:
    """A keyword match, closeness to a catalog paper or to a keyword's meaning, likeness to
    what the group claimed or wanted, or arXiv's order."""

    kind: ReasonKind
    value: str = ""  # "lora, rag" | the catalog paper's title | the keyword phrase | "claimed"
    notes: bool = True  # for "close": the entry has notes (else it was only claimed)


def reasons_to_json(reasons: Sequence[Reason]) -> str:
    """The stored form: a JSON list of {"kind", "value", "notes"} (the web view reads value)."""
    rows = [{"kind": r.kind, "value": r.value, "notes": r.notes} for r in reasons]
    return json.dumps(rows, ensure_ascii=False)


def reasons_from_json(text: str | None) -> tuple[Reason, ...]:
    """The stored form read back; an unknown or malformed entry (an older ledger) is skipped."""
    try:
        rows = json.loads(text or "[]")
    except ValueError:
        return ()
    reasons: list[Reason] = []
    for row in rows if isinstance(rows, list) else ():
        if isinstance(row, dict) and row.get("kind") in KINDS:
            kind = cast(ReasonKind, row["kind"])
            reasons.append(Reason(kind, str(row.get("value", "")), bool(row.get("notes", True))))
    return tuple(reasons)
