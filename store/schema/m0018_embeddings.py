"""Migration 0018: embeddings."""

from __future__ import annotations

from sqlite_utils import Database


def migrate(db: Database) -> None:
    """Sentence-embedding vectors of the optional semantic ranker, keyed by model and text hash,
    so a text (a candidate, a catalog entry, a keyword) is embedded once for every group."""
    db.table("embeddings").create(
        {
            "model": str,
            "text_hash": str,
            "vector": bytes,  # float16, little-endian
            "used_on": str,  # the last listing date a digest used it: old candidates are pruned
        },
        pk=("model", "text_hash"),
        not_null={"vector", "used_on"},
    )
    db.table("embeddings").create_index(["used_on"])
