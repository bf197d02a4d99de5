"""The web's search reads each author's latest revision, as /search does (issue 22)."""

from __future__ import annotations

from datetime import UTC, datetime

from store.db import open_db
from store.groups import ensure_group
from store.notes import save_note
from store.parse.note_fields import parse_note
from store.web.queries import SEARCH
from store.web.search_functions import register_search_functions

NOW = datetime(2026, 11, 21, 9, tzinfo=UTC)


def test_an_edited_notes_old_words_are_not_found_on_the_web() -> None:
    db = open_db(None)
    ensure_group(db, -1001, "club", "supergroup", "UTC", NOW)
    for text in ("Method: sparse routing", "Method: dense gating"):
        save_note(
            db, chat_id=-1001, entry_key="2401.04088", arxiv_id="2401.04088", author_id=1,
            author_name="Ada", fields=parse_note(text), raw_text=text, now=NOW,
        )  # fmt: skip
    register_search_functions(db.conn)

    def found(query: str) -> list[str]:
        return [row[5] for row in db.conn.execute(SEARCH, {"q": query})]

    assert found("routing") == []
    assert found("gating") == ["Method: dense gating"]
