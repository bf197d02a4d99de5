"""The views `paperclub web` serves (migration 0035): group catalog data, never a user id.

Datasette serves only these views and canned queries (store/web/plugin.py denies every other
table), so what they select is all a browser can see: display names instead of Telegram user
ids, groups only (never a private chat), the latest revision of each author's note. They read the
live tables, so a member's /forget is gone from the web at the next page load. Frozen: a change
is a new migration that drops and re-creates the view.
"""

from __future__ import annotations

from sqlite_utils import Database

from store.schema.statements import execute_statements

# A group chat (a private chat's id is the member's user id: never shown).
GROUP_CHAT = "g.chat_type IN ('group', 'supergroup') AND g.chat_id < 0"

# A member's name as the group sees it; never their user id (display_name falls back to it).
_MEMBER_NAME = (
    "CASE WHEN {name} IS NULL OR trim({name}) IN ('', cast({user_id} AS text)) "
    "THEN NULL ELSE trim({name}) END"
)
NOTE_AUTHOR = (
    "coalesce("
    + _MEMBER_NAME.format(name="n.author_name", user_id="n.author_id")
    + (", CASE WHEN n.author_id IS NOT NULL THEN 'a member' END)")
)
CLAIM_PRESENTER = (
    "coalesce("
    + _MEMBER_NAME.format(name="m.first_name", user_id="m.user_id")
    + ", '@' || "
    + _MEMBER_NAME.format(name="m.username", user_id="m.user_id")
    + ", 'a member')"
)

# The paper's year: its publication date, else read from the arXiv id (2401.04088 → 2024,
# hep-th/9901001 → 1999), so imported entries without metadata still facet by year.
_OLD_YY = "substr({id}, instr({id}, '/') + 1, 2)"
PAPER_YEAR = (
    "CAST(CASE WHEN coalesce({p}.published, '') != '' THEN substr({p}.published, 1, 4) "
    "WHEN {id} GLOB '[0-9][0-9][0-9][0-9].*' THEN '20' || substr({id}, 1, 2) "
    "WHEN {id} GLOB '*/[0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' THEN "
    f"(CASE WHEN {_OLD_YY} >= '91' THEN '19' ELSE '20' END) || {_OLD_YY} "
    "END AS INTEGER)"
)

# Which chain of revisions a note belongs to (as store/notes.py): the member's, else the entry.
_CHAIN = "coalesce(cast({r}.author_id AS text), 'name:' || coalesce({r}.author_name, ''))"

WEB_VIEWS_0035 = f"""
CREATE VIEW web_notes AS
SELECT g.title AS "group",
       n.entry_key AS entry,
       coalesce(nullif(p.title, ''), nullif(n.title, ''), n.entry_key) AS paper,
       {NOTE_AUTHOR} AS author,
       CASE WHEN json_valid(n.tags) THEN n.tags ELSE '[]' END AS tags,
       {PAPER_YEAR.format(p="p", id="n.arxiv_id")} AS year,
       substr(n.created_at, 1, 10) AS written,
       n.raw_text AS text,
       n.id AS note_id
FROM notes n
JOIN groups g ON g.chat_id = n.chat_id AND {GROUP_CHAT}
LEFT JOIN papers p ON p.arxiv_id = n.arxiv_id
WHERE n.source = 'import' OR NOT EXISTS (
    SELECT 1 FROM notes r
    WHERE r.chat_id = n.chat_id AND r.entry_key = n.entry_key AND r.source != 'import'
      AND r.revision > n.revision AND {_CHAIN.format(r="r")} = {_CHAIN.format(r="n")}
);

CREATE VIEW web_papers AS
SELECT p.arxiv_id AS entry,
       p.title AS title,
       CASE WHEN json_valid(p.authors)
            THEN (SELECT group_concat(value, ', ') FROM json_each(p.authors)) END AS authors,
       CASE WHEN json_valid(p.categories) THEN p.categories ELSE '[]' END AS categories,
       {PAPER_YEAR.format(p="p", id="p.arxiv_id")} AS year,
       substr(p.published, 1, 10) AS published,
       p.abstract AS abstract,
       (SELECT count(*) FROM web_notes w WHERE w.entry = p.arxiv_id) AS notes
FROM papers p;

CREATE VIEW web_claims AS
SELECT g.title AS "group",
       c.arxiv_id AS entry,
       coalesce(nullif(p.title, ''), c.arxiv_id) AS paper,
       {CLAIM_PRESENTER} AS presenter,
       substr(c.claimed_at, 1, 10) AS claimed,
       c.due_on AS due,
       c.status AS status
FROM claims c
JOIN groups g ON g.chat_id = c.chat_id AND {GROUP_CHAT}
LEFT JOIN papers p ON p.arxiv_id = c.arxiv_id
LEFT JOIN members m ON m.user_id = c.user_id
WHERE c.status IN ('open', 'done');

CREATE VIEW web_digests AS
SELECT g.title AS "group",
       d.listing_date AS listing,
       d.rank AS rank,
       d.arxiv_id AS entry,
       coalesce(p.title, d.arxiv_id) AS paper,
       CASE WHEN json_valid(d.reasons) THEN (
           SELECT group_concat(CASE WHEN r.type = 'object'
                                    THEN json_extract(r.value, '$.value') ELSE r.value END, '; ')
           FROM json_each(d.reasons) r) END AS why
FROM digest_items d
JOIN groups g ON g.chat_id = d.chat_id AND {GROUP_CHAT}
LEFT JOIN papers p ON p.arxiv_id = d.arxiv_id;
"""


def migrate(db: Database) -> None:
    """Views for `paperclub web`: notes, papers, claims boards and digests, without user ids."""
    execute_statements(db, WEB_VIEWS_0035)
