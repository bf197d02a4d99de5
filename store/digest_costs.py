"""How much work a group's digest build is, read cheaply before loading anything: the number
of entries in its catalog (its noted papers and claimed ones)."""

from __future__ import annotations

from store.db import Database


def catalog_size(db: Database, chat_id: int) -> int:
    """Distinct entries the group noted or claimed (as catalog_texts would load them)."""
    row = db.execute(
        "select count(*) from (select coalesce(arxiv_id, entry_key) from notes where chat_id = ? "
        "union select arxiv_id from claims where chat_id = ?)",
        [chat_id, chat_id],
    ).fetchone()
    return int(row[0] or 0)
