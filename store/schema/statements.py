"""Run a migration's SQL script inside the migration's own transaction."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database


def execute_statements(db: Database, script: str) -> None:
    """Run a script one statement at a time: executescript would COMMIT the migration early."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
