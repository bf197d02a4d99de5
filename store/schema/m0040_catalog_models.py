"""The catalog models' tables and the triggers that say when one is out of date (migration
0040). Frozen: a change is a new migration.

Every write that changes what a group's catalog says (a note added, edited or removed, a paper
claimed, a paper's title or abstract learnt or corrected) bumps the group's catalog version in
the writer's own transaction, whoever the writer is (the bot, the CLI, an import). A stored
model remembers the version it was built from, so "is it current?" is one row's read.
"""

from __future__ import annotations

from sqlite_utils import Database

_BUMP = (
    "INSERT OR IGNORE INTO catalog_versions (chat_id, version) VALUES ({chat}, 0); "
    "UPDATE catalog_versions SET version = version + 1 WHERE chat_id = {chat};"
)
_BUMP_PAPER = (
    "UPDATE catalog_versions SET version = version + 1 WHERE chat_id IN ("
    "SELECT chat_id FROM notes WHERE arxiv_id = NEW.arxiv_id "
    "UNION SELECT chat_id FROM claims WHERE arxiv_id = NEW.arxiv_id);"
)
_NOTE_TEXT = "chat_id, arxiv_id, entry_key, title, motivation, method, results, body, tags"

CATALOG_MODELS_0040 = [
    "CREATE TABLE catalog_versions (chat_id INTEGER PRIMARY KEY, version INTEGER NOT NULL)",
    "CREATE TABLE catalog_models (chat_id INTEGER PRIMARY KEY, version INTEGER NOT NULL, "
    "entries INTEGER NOT NULL, built_at TEXT NOT NULL, model BLOB NOT NULL)",
    "CREATE INDEX IF NOT EXISTS claims_by_paper ON claims (arxiv_id)",
    # catalogs that exist already: version 1, no model yet
    "INSERT INTO catalog_versions (chat_id, version) "
    "SELECT chat_id, 1 FROM notes UNION SELECT chat_id, 1 FROM claims",
    f"CREATE TRIGGER catalog_note_added AFTER INSERT ON notes BEGIN "
    f"{_BUMP.format(chat='NEW.chat_id')} END",
    f"CREATE TRIGGER catalog_note_removed AFTER DELETE ON notes BEGIN "
    f"{_BUMP.format(chat='OLD.chat_id')} END",
    f"CREATE TRIGGER catalog_note_changed AFTER UPDATE OF {_NOTE_TEXT} ON notes BEGIN "
    f"{_BUMP.format(chat='OLD.chat_id')} {_BUMP.format(chat='NEW.chat_id')} END",
    f"CREATE TRIGGER catalog_claim_added AFTER INSERT ON claims BEGIN "
    f"{_BUMP.format(chat='NEW.chat_id')} END",
    f"CREATE TRIGGER catalog_claim_removed AFTER DELETE ON claims BEGIN "
    f"{_BUMP.format(chat='OLD.chat_id')} END",
    f"CREATE TRIGGER catalog_claim_changed AFTER UPDATE OF chat_id, arxiv_id ON claims BEGIN "
    f"{_BUMP.format(chat='OLD.chat_id')} {_BUMP.format(chat='NEW.chat_id')} END",
    f"CREATE TRIGGER catalog_paper_added AFTER INSERT ON papers BEGIN {_BUMP_PAPER} END",
    f"CREATE TRIGGER catalog_paper_changed AFTER UPDATE OF title, abstract ON papers "
    f"WHEN OLD.title IS NOT NEW.title OR OLD.abstract IS NOT NEW.abstract BEGIN {_BUMP_PAPER} END",
]


def migrate(db: Database) -> None:
    """Catalog models kept between digests, and the catalog versions that say when to rebuild."""
    for statement in CATALOG_MODELS_0040:
        db.execute(statement)
