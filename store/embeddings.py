"""The semantic ranker's stored vectors: opaque bytes per (model, text hash), so a text is
embedded once however many groups rank it. Knows nothing of numpy."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from store.db import Database

CHUNK = 500  # ids per `in (...)`: below SQLite's variable limit


def use_vectors(db: Database, model: str, hashes: Sequence[str], day: date) -> dict[str, bytes]:
    """The stored vectors among `hashes`, each marked as used on `day` (so pruning keeps it)."""
    found: dict[str, bytes] = {}
    unique = list(dict.fromkeys(hashes))
    with db.atomic():
        for start in range(0, len(unique), CHUNK):
            chunk = unique[start : start + CHUNK]
            marks = ",".join("?" * len(chunk))
            where = f"model = ? and text_hash in ({marks})"
            for row in db.query(f"select text_hash, vector from embeddings where {where}",
                                [model, *chunk]):  # fmt: skip
                found[row["text_hash"]] = row["vector"]
            db.execute(
                f"update embeddings set used_on = ? where {where} and used_on < ?",
                [day.isoformat(), model, *chunk, day.isoformat()],
            )
    return found


def save_vectors(db: Database, model: str, vectors: Mapping[str, bytes], day: date) -> None:
    """Store new vectors (a vector already stored for the same text is kept)."""
    rows = [
        {"model": model, "text_hash": key, "vector": vector, "used_on": day.isoformat()}
        for key, vector in vectors.items()
    ]
    with db.atomic():
        db.table("embeddings").insert_all(rows, ignore=True)


def prune_vectors(db: Database, before: date) -> int:
    """Forget vectors no digest used since `before` (yesterday's candidates, edited notes)."""
    with db.atomic():
        cursor = db.execute("delete from embeddings where used_on < ?", [before.isoformat()])
        return cursor.rowcount


def count_vectors(db: Database, model: str) -> int:
    """How many vectors of `model` are stored (for `paperclub model check`)."""
    return db.table("embeddings").count_where("model = ?", [model])


def catalog_file(db: Database) -> Path | None:
    """The file behind a connection (None for an in-memory catalog), for a second connection."""
    for row in db.execute("PRAGMA database_list").fetchall():
        if row[1] == "main" and row[2]:
            return Path(row[2])
    return None
