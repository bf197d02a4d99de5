"""Migration 0006: search notes with papers."""

from __future__ import annotations

from sqlite_utils import Database

from store.schema.statements import execute_statements

# Notes are indexed together with their paper's title, abstract, authors, categories and year,
# so one MATCH over the small notes index finds a group's entries (by note text or paper text,
# with the same filters as papers). Triggers on both tables keep each note's document equal to
# f(note row, current paper row); a contentless delete re-tokenizes exactly the old document.
_NOTE_PAPER_COLUMNS = "title, text, tags, author, ptitle, abstract, authors, cats, year"
_NOTE_PAPER_DOC = (
    "paperclub_search_text({n}.title), paperclub_search_text({n}.raw_text), "
    "paperclub_search_text({n}.tags), paperclub_search_text({n}.author_name), "
    "paperclub_search_text({p}.title), paperclub_search_text({p}.abstract), "
    "paperclub_search_text({p}.authors), {p}.categories, substr({p}.published, 1, 4)"
)
_NO_PAPER = (
    "(select null as title, null as abstract, null as authors, null as categories, "
    "null as published)"
)


def _note_docs(op: str, note: str, paper: str, where: str) -> str:
    """INSERT (op='') or contentless 'delete' (op="'delete',") of note documents."""
    columns = f"notes_fts, rowid, {_NOTE_PAPER_COLUMNS}" if op else f"rowid, {_NOTE_PAPER_COLUMNS}"
    return (
        f"INSERT INTO notes_fts ({columns}) SELECT {op} n.id, "
        f"{_NOTE_PAPER_DOC.format(n='n', p='p')} FROM {note} AS n {paper} WHERE {where};"
    )


def _note_row(ref: str) -> str:
    """A one-row table of the trigger's old/new note (SQLite has no `old.*`)."""
    columns = ("id", "arxiv_id", "title", "raw_text", "tags", "author_name")
    return "(select " + ", ".join(f"{ref}.{c} as {c}" for c in columns) + ")"


def _paper_row(ref: str) -> str:
    """A one-row table of the trigger's old/new paper fields the notes index uses."""
    columns = ("title", "abstract", "authors", "categories", "published")
    return "(select " + ", ".join(f"{ref}.{c} as {c}" for c in columns) + ")"


_CURRENT = "LEFT JOIN papers AS p ON p.arxiv_id = n.arxiv_id"
_OLD_PAPER = "JOIN " + _paper_row("old") + " AS p"
_NOTES_WITH_PAPERS_SCHEMA = f"""
DROP TRIGGER notes_search_insert;
DROP TRIGGER notes_search_update;
DROP TRIGGER notes_search_delete;
DROP TABLE notes_fts;
CREATE VIRTUAL TABLE notes_fts USING fts5({_NOTE_PAPER_COLUMNS}, content='',
    tokenize='porter unicode61 remove_diacritics 2');
INSERT INTO notes_fts(notes_fts, rank)
    VALUES ('rank', 'bm25(4.0, 1.0, 2.0, 1.0, 3.0, 0.5, 1.0, 0.0, 0.0)');

CREATE TRIGGER notes_search_insert AFTER INSERT ON notes BEGIN
    {_note_docs("", _note_row("new"), _CURRENT, "1")}
END;
CREATE TRIGGER notes_search_update AFTER UPDATE ON notes
WHEN old.id IS NOT new.id OR old.arxiv_id IS NOT new.arxiv_id OR old.title IS NOT new.title
    OR old.raw_text IS NOT new.raw_text OR old.tags IS NOT new.tags
    OR old.author_name IS NOT new.author_name
BEGIN
    {_note_docs("'delete',", _note_row("old"), _CURRENT, "1")}
    {_note_docs("", _note_row("new"), _CURRENT, "1")}
END;
CREATE TRIGGER notes_search_delete AFTER DELETE ON notes BEGIN
    {_note_docs("'delete',", _note_row("old"), _CURRENT, "1")}
END;

CREATE TRIGGER papers_note_search_insert AFTER INSERT ON papers BEGIN
    {_note_docs("'delete',", "notes", "JOIN " + _NO_PAPER + " AS p", "n.arxiv_id = new.arxiv_id")}
    {_note_docs("", "notes", _CURRENT, "n.arxiv_id = new.arxiv_id")}
END;
CREATE TRIGGER papers_note_search_update AFTER UPDATE ON papers
WHEN old.title IS NOT new.title OR old.abstract IS NOT new.abstract
    OR old.authors IS NOT new.authors OR old.categories IS NOT new.categories
    OR old.published IS NOT new.published
BEGIN
    {_note_docs("'delete',", "notes", _OLD_PAPER, "n.arxiv_id = old.arxiv_id")}
    {_note_docs("", "notes", _CURRENT, "n.arxiv_id = new.arxiv_id")}
END;
CREATE TRIGGER papers_note_search_delete AFTER DELETE ON papers BEGIN
    {_note_docs("'delete',", "notes", _OLD_PAPER, "n.arxiv_id = old.arxiv_id")}
    {_note_docs("", "notes", "JOIN " + _NO_PAPER + " AS p", "n.arxiv_id = old.arxiv_id")}
END;

{_note_docs("", "notes", _CURRENT, "1")}
"""


def migrate(db: Database) -> None:
    """Index each note with its paper's text, so a group's entries are one small MATCH."""
    from store.chinese import register_search_text

    register_search_text(db)
    execute_statements(db, _NOTES_WITH_PAPERS_SCHEMA)
