"""Migration 0004: search."""

from __future__ import annotations

from sqlite_utils import Database

from store.schema.statements import execute_statements

# The search index: contentless FTS5 tables kept in step by triggers inside the writer's own
# transaction (a note is findable once committed; a deleted one is gone at once). Text passes
# through paperclub_search_text (store/chinese.py: CJK bigrams), registered on every connection
# by open_db. Papers have a TEXT key, so `search_keys` gives each an INTEGER rowid that VACUUM
# cannot renumber.
_PAPER_DOC = (
    "paperclub_search_text({r}.title), paperclub_search_text({r}.abstract), "
    "paperclub_search_text({r}.authors), {r}.categories, substr({r}.published, 1, 4)"
)
_NOTE_DOC = (
    "paperclub_search_text({r}.title), paperclub_search_text({r}.raw_text), "
    "paperclub_search_text({r}.tags), paperclub_search_text({r}.author_name)"
)
_PAPER_COLUMNS = "title, abstract, authors, cats, year"
_NOTE_COLUMNS = "title, text, tags, author"
_SEARCH_SCHEMA = f"""
CREATE TABLE search_keys (id INTEGER PRIMARY KEY, arxiv_id TEXT NOT NULL UNIQUE);
CREATE VIRTUAL TABLE papers_fts USING fts5({_PAPER_COLUMNS}, content='',
    tokenize='porter unicode61 remove_diacritics 2');
INSERT INTO papers_fts(papers_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0, 2.0, 0.0, 0.0)');
CREATE VIRTUAL TABLE notes_fts USING fts5({_NOTE_COLUMNS}, content='',
    tokenize='porter unicode61 remove_diacritics 2');
INSERT INTO notes_fts(notes_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0, 2.0, 1.0)');

CREATE TRIGGER papers_search_insert AFTER INSERT ON papers BEGIN
    INSERT INTO search_keys (arxiv_id) SELECT new.arxiv_id  -- no OR IGNORE: an outer UPSERT
        WHERE NOT EXISTS (SELECT 1 FROM search_keys WHERE arxiv_id = new.arxiv_id);  -- overrides it
    INSERT INTO papers_fts (rowid, {_PAPER_COLUMNS})
        SELECT id, {_PAPER_DOC.format(r="new")} FROM search_keys WHERE arxiv_id = new.arxiv_id;
END;
CREATE TRIGGER papers_search_update AFTER UPDATE ON papers
WHEN old.arxiv_id IS NOT new.arxiv_id OR old.title IS NOT new.title
    OR old.abstract IS NOT new.abstract OR old.authors IS NOT new.authors
    OR old.categories IS NOT new.categories OR old.published IS NOT new.published
BEGIN
    INSERT INTO papers_fts (papers_fts, rowid, {_PAPER_COLUMNS})
        SELECT 'delete', id, {_PAPER_DOC.format(r="old")}
        FROM search_keys WHERE arxiv_id = old.arxiv_id;
    DELETE FROM search_keys WHERE arxiv_id = old.arxiv_id AND old.arxiv_id IS NOT new.arxiv_id;
    INSERT INTO search_keys (arxiv_id) SELECT new.arxiv_id  -- no OR IGNORE: an outer UPSERT
        WHERE NOT EXISTS (SELECT 1 FROM search_keys WHERE arxiv_id = new.arxiv_id);  -- overrides it
    INSERT INTO papers_fts (rowid, {_PAPER_COLUMNS})
        SELECT id, {_PAPER_DOC.format(r="new")} FROM search_keys WHERE arxiv_id = new.arxiv_id;
END;
CREATE TRIGGER papers_search_delete AFTER DELETE ON papers BEGIN
    INSERT INTO papers_fts (papers_fts, rowid, {_PAPER_COLUMNS})
        SELECT 'delete', id, {_PAPER_DOC.format(r="old")}
        FROM search_keys WHERE arxiv_id = old.arxiv_id;
    DELETE FROM search_keys WHERE arxiv_id = old.arxiv_id;
END;

CREATE TRIGGER notes_search_insert AFTER INSERT ON notes BEGIN
    INSERT INTO notes_fts (rowid, {_NOTE_COLUMNS}) VALUES (new.id, {_NOTE_DOC.format(r="new")});
END;
CREATE TRIGGER notes_search_update AFTER UPDATE ON notes
WHEN old.id IS NOT new.id OR old.title IS NOT new.title OR old.raw_text IS NOT new.raw_text
    OR old.tags IS NOT new.tags OR old.author_name IS NOT new.author_name
BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, {_NOTE_COLUMNS})
        VALUES ('delete', old.id, {_NOTE_DOC.format(r="old")});
    INSERT INTO notes_fts (rowid, {_NOTE_COLUMNS}) VALUES (new.id, {_NOTE_DOC.format(r="new")});
END;
CREATE TRIGGER notes_search_delete AFTER DELETE ON notes BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, {_NOTE_COLUMNS})
        VALUES ('delete', old.id, {_NOTE_DOC.format(r="old")});
END;

INSERT INTO search_keys (arxiv_id) SELECT arxiv_id FROM papers ORDER BY rowid;
INSERT INTO papers_fts (rowid, {_PAPER_COLUMNS})
    SELECT k.id, {_PAPER_DOC.format(r="p")} FROM papers p JOIN search_keys k USING (arxiv_id);
INSERT INTO notes_fts (rowid, {_NOTE_COLUMNS}) SELECT n.id, {_NOTE_DOC.format(r="n")} FROM notes n;
"""


def migrate(db: Database) -> None:
    """Full-text search over papers and notes (CJK as bigrams), and saved searches for paging."""
    from store.chinese import register_search_text  # the triggers and backfill call it

    register_search_text(db)
    execute_statements(db, _SEARCH_SCHEMA)
    db.table("searches").create(
        {
            "id": int,
            "chat_id": int,
            "user_id": int,
            "query": str,
            "created_at": str,
        },
        pk="id",
        not_null={"chat_id", "query", "created_at"},
    )
