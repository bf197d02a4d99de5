"""The allowed list on the web: with `PAPERCLUB_ALLOWED_CHATS` set, a page sees only those groups.

The bot serves only the listed groups, and the web reads the same catalog, so every connection
Datasette opens to it is narrowed once, at the source: a TEMP view `groups` holding only the
listed groups shadows the table (SQLite looks a name up in `temp` before `main`), and each
`web_*` view is re-created in `temp` from the schema's own text, so it reads the shadowed groups
(a view in `main` would still read `main.groups`). Every page, canned query, export and feed
reaches a group's notes, claims, digests and meetings through these names, so an unlisted group
is on no page, as if the bot had never been in it. Nothing is written to the catalog file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

_VIEWS = "select sql from sqlite_master where type = 'view' and name like 'web\\_%' escape '\\'"
_PREFIX = "CREATE VIEW "  # how SQLite stores every view's statement (sqlite_schema docs)


def show_only_listed(conn: sqlite3.Connection, allowed: Iterable[int]) -> None:
    """Narrow this connection to the listed groups (before it is made query-only)."""
    listed = ", ".join(str(int(chat_id)) for chat_id in sorted(allowed)) or "NULL"
    conn.execute(
        f"CREATE TEMP VIEW IF NOT EXISTS groups AS SELECT * FROM main.groups "
        f"WHERE chat_id IN ({listed})"
    )
    for (statement,) in conn.execute(_VIEWS).fetchall():
        if statement.startswith(_PREFIX):
            conn.execute("CREATE TEMP VIEW IF NOT EXISTS " + statement[len(_PREFIX) :])
