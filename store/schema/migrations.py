"""The catalog's schema, as numbered migrations: append new ones, never edit an applied one."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("paperclub")


@migrations(name="0001_foundation")
def m0001_foundation(db: Database) -> None:
    """Groups, members, who is in which group, and papers keyed by versionless arXiv id."""
    db.table("groups").create(
        {
            "chat_id": int,
            "title": str,
            "chat_type": str,
            "active": int,
            "timezone": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="chat_id",
        not_null={"active", "timezone", "created_at"},
        defaults={"active": 1, "title": "", "chat_type": "group"},
    )
    db.table("members").create(
        {
            "user_id": int,
            "username": str,
            "first_name": str,
            "last_name": str,
            "language_code": str,
            "private_chat": int,  # 1 once the member has started the bot in a private chat
            "updated_at": str,
        },
        pk="user_id",
        defaults={"private_chat": 0, "first_name": ""},
    )
    db.table("memberships").create(
        {"chat_id": int, "user_id": int, "last_seen": str},
        pk=("chat_id", "user_id"),
        foreign_keys=[("chat_id", "groups", "chat_id"), ("user_id", "members", "user_id")],
    )
    db.table("papers").create(
        {
            "arxiv_id": str,  # versionless canonical id: 2401.04088, hep-th/9901001
            "version": int,  # latest version we know of
            "title": str,
            "authors": str,  # JSON list of names, in arXiv's order
            "abstract": str,
            "categories": str,  # JSON list
            "primary_category": str,
            "published": str,
            "updated": str,
            "comment": str,
            "journal_ref": str,
            "doi": str,
            "source": str,  # api | feed | import
            "fetched_at": str,
        },
        pk="arxiv_id",
        not_null={"title"},
        defaults={"authors": "[]", "categories": "[]", "abstract": "", "source": "api"},
    )


@migrations(name="0002_digests")
def m0002_digests(db: Database) -> None:
    """Per-group digest settings, what each feed announced, and the digest ledger."""
    groups = db.table("groups")
    groups.add_column("categories", str, not_null_default='["cs.CL"]')
    groups.add_column("keywords", str, not_null_default="[]")  # JSON; "-word" excludes
    groups.add_column("digest_time", str, not_null_default="09:00")
    groups.add_column("digest_size", int, not_null_default=10)
    db.table("feed_state").create(
        {
            "feed_key": str,  # the category set as fetched, e.g. cs.AI+cs.CL
            "etag": str,
            "last_modified": str,
            "listing_date": str,  # pubDate of the last feed stored from this key
            "fetched_at": str,
        },
        pk="feed_key",
    )
    db.table("announcements").create(
        {
            "listing_date": str,
            "category": str,
            "arxiv_id": str,
            "announce_type": str,  # new | cross | replace | replace-cross
            "position": int,  # arXiv's own order within the category feed
            "version": int,
        },
        pk=("listing_date", "category", "arxiv_id"),
        foreign_keys=[("arxiv_id", "papers", "arxiv_id")],
    )
    db.table("announcements").create_index(["arxiv_id"])
    db.table("digests").create(
        {
            "chat_id": int,
            "listing_date": str,
            "status": str,  # pending | sending | done | empty
            "parts_total": int,
            "parts_sent": int,
            "created_at": str,
            "finished_at": str,
        },
        pk=("chat_id", "listing_date"),
        defaults={"parts_sent": 0},
        foreign_keys=[("chat_id", "groups", "chat_id")],
    )
    db.table("digest_items").create(
        {
            "chat_id": int,
            "listing_date": str,
            "rank": int,
            "arxiv_id": str,
            "score": float,
            "reasons": str,  # JSON list of short reason strings
            "part": int,  # which message of the digest holds the item
            "message_id": int,
        },
        pk=("chat_id", "listing_date", "rank"),
        foreign_keys=[("arxiv_id", "papers", "arxiv_id")],
    )


@migrations(name="0003_claims_notes")
def m0003_claims_notes(db: Database) -> None:
    """Claims (one open claim per paper per group) and notes kept as revisions."""
    db.table("claims").create(
        {
            "id": int,
            "chat_id": int,
            "arxiv_id": str,
            "user_id": int,
            "claimed_at": str,
            "due_on": str,  # a date in the group's time zone
            "status": str,  # open | done | released
            "closed_at": str,
            "closed_by": int,
        },
        pk="id",
        not_null={"chat_id", "arxiv_id", "user_id", "claimed_at", "status"},
        foreign_keys=[("chat_id", "groups", "chat_id"), ("arxiv_id", "papers", "arxiv_id")],
    )
    # The database, not the handler, decides a race: two open claims on one paper cannot exist.
    db.execute(
        "CREATE UNIQUE INDEX claims_one_open ON claims (chat_id, arxiv_id) WHERE status = 'open'"
    )
    db.table("claims").create_index(["user_id", "status"])
    db.table("notes").create(
        {
            "id": int,
            "chat_id": int,
            "arxiv_id": str,  # NULL for catalog entries without an arXiv link
            "entry_key": str,  # arxiv id, or the normalised title when there is none
            "author_id": int,  # NULL for imported notes
            "author_name": str,
            "revision": int,  # 1, 2, ... per (chat_id, entry_key, author)
            "paper_version": int,
            "created_at": str,
            "title": str,
            "institution": str,
            "github": str,
            "venue": str,
            "motivation": str,
            "method": str,
            "results": str,
            "tags": str,  # JSON list
            "body": str,  # unlabelled text
            "raw_text": str,  # exactly as the member wrote it
            "source": str,  # telegram | import
        },
        pk="id",
        not_null={"chat_id", "entry_key", "revision", "created_at", "raw_text"},
        defaults={"tags": "[]", "source": "telegram"},
        foreign_keys=[("chat_id", "groups", "chat_id")],
    )
    db.table("notes").create_index(["chat_id", "entry_key"])
    db.table("notes").create_index(["author_id"])
    db.table("note_prompts").create(
        {
            "chat_id": int,
            "prompt_message_id": int,
            "user_id": int,
            "arxiv_id": str,
            "created_at": str,
        },
        pk=("chat_id", "prompt_message_id"),
    )


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


def _execute_statements(db: Database, script: str) -> None:
    """Run a script one statement at a time: executescript would COMMIT the migration early."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""


@migrations(name="0004_search")
def m0004_search(db: Database) -> None:
    """Full-text search over papers and notes (CJK as bigrams), and saved searches for paging."""
    from store.chinese import register_search_text  # the triggers and backfill call it

    register_search_text(db)
    _execute_statements(db, _SEARCH_SCHEMA)
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


@migrations(name="0005_notes_catalog_columns")
def m0005_notes_catalog_columns(db: Database) -> None:
    """A note's own heading line and paper address, so the club's catalog round-trips."""
    notes = db.table("notes")
    notes.add_column("heading", str, not_null_default="")  # "" when it is just the title
    notes.add_column("url", str, not_null_default="")  # as written; arXiv or any other link


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


@migrations(name="0006_search_notes_with_papers")
def m0006_search_notes_with_papers(db: Database) -> None:
    """Index each note with its paper's text, so a group's entries are one small MATCH."""
    from store.chinese import register_search_text

    register_search_text(db)
    _execute_statements(db, _NOTES_WITH_PAPERS_SCHEMA)


@migrations(name="0007_reminders")
def m0007_reminders(db: Database) -> None:
    """Weekly reminder settings per group, the reminder ledger and the nudge ledger."""
    groups = db.table("groups")
    groups.add_column("reminder_day", int, not_null_default=1)  # ISO weekday: 1 = Monday
    groups.add_column("reminder_time", str, not_null_default="10:00")  # group's local time
    groups.add_column("reminder_enabled", int, not_null_default=1)
    groups.add_column("reminder_poll", int, not_null_default=0)
    db.table("reminders").create(
        {
            "chat_id": int,
            "week": str,  # ISO week of the group's local date, e.g. 2026-W47
            "status": str,  # sending | done (a crash mid-send never sends a second one)
            "message_id": int,
            "created_at": str,
            "finished_at": str,
        },
        pk=("chat_id", "week"),  # no foreign key: a group upgraded to a supergroup moves on
    )
    db.table("nudges").create(
        {
            "claim_id": int,
            "kind": str,  # due_soon | released
            "chat_id": int,
            "user_id": int,
            "channel": str,  # private | group
            "sent_at": str,
        },
        pk=("claim_id", "kind"),
    )


@migrations(name="0008_search_notes_by_paper")
def m0008_search_notes_by_paper(db: Database) -> None:
    """Notes by paper: the index triggers on papers and id searches look notes up by arxiv_id."""
    db.table("notes").create_index(["arxiv_id"], if_not_exists=True)


@migrations(name="0009_papers_published_from_listings")
def m0009_papers_published_from_listings(db: Database) -> None:
    """Papers stored from feeds never had `published` (so `year:` missed them): use the date of
    the earliest listing that announced them new or cross-listed, as the feed path now does."""
    from store.chinese import register_search_text  # the papers update triggers call it

    register_search_text(db)
    db.execute(
        "update papers set published = (select min(a.listing_date) from announcements a "
        "where a.arxiv_id = papers.arxiv_id and a.announce_type in ('new', 'cross')) "
        "|| 'T00:00:00+00:00' where published is null and exists (select 1 from announcements a "
        "where a.arxiv_id = papers.arxiv_id and a.announce_type in ('new', 'cross'))"
    )


@migrations(name="0015_papers_metadata_checked")
def m0015_papers_metadata_checked(db: Database) -> None:
    """When arXiv was last asked to complete a paper known only by title (imported entries)."""
    db.table("papers").add_column("metadata_checked_at", str)


@migrations(name="0025_note_messages")
def m0025_note_messages(db: Database) -> None:
    """Which message carried each note revision and what it said, so editing that message
    revises the note; prompts remember whether the reply replaces the note."""
    notes = db.table("notes")
    notes.add_column("message_id", int)  # NULL for imported notes and older revisions
    notes.add_column("written", str)  # the message's text as it was when this revision was saved
    notes.create_index(["chat_id", "message_id"])
    db.table("note_prompts").add_column("replace", int, not_null_default=0)


@migrations(name="0035_web_views")
def m0035_web_views(db: Database) -> None:
    """Views for `paperclub web`: notes, papers, claims boards and digests, without user ids."""
    from store.schema.web_views import WEB_VIEWS_0035

    _execute_statements(db, WEB_VIEWS_0035)


@migrations(name="0030_service_health")
def m0030_service_health(db: Database) -> None:
    """What the operator's view reads: recent errors (a ring, trimmed on write) and the running
    bot's state (its heartbeat, the day of the last health line)."""
    db.table("service_errors").create(
        {"id": int, "at": str, "source": str, "message": str}, pk="id"
    )
    db.table("service_state").create({"key": str, "value": str, "updated_at": str}, pk="key")


@migrations(name="0018_embeddings")
def m0018_embeddings(db: Database) -> None:
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


@migrations(name="0020_languages")
def m0020_languages(db: Database) -> None:
    """The language a group is answered in (groups made before it: English, as they were)."""
    db.table("groups").add_column("language", str, not_null_default="en")


@migrations(name="0040_catalog_models")
def m0040_catalog_models(db: Database) -> None:
    """Catalog models kept between digests, and the catalog versions that say when to rebuild."""
    from store.schema.models import CATALOG_MODELS_0040

    for statement in CATALOG_MODELS_0040:
        db.execute(statement)
