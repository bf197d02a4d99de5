"""The bot's search query builder as SQL functions, so the web's canned search matches /search.

Registered on each of Datasette's connections (plugin.py, prepare_connection). Each takes what a
reader typed and returns what store/search.py would use: FTS5 MATCH expressions built by
store/search_expression.py, or the arXiv ids asked for or left out. A query with a problem
(empty, only exclusions, a bad year) matches nothing.
"""

from __future__ import annotations

import json
import sqlite3
from functools import lru_cache

from store.parse.ids import InvalidArxivId, parse_arxiv_id
from store.parse.search_query import SearchQuery, parse_query
from store.search_expression import notes_expression, papers_expression

# What an expression that matches nothing must still be: a valid FTS5 query.
NOTHING = '"\x01"'


@lru_cache(maxsize=256)
def _parsed(text: str | None) -> SearchQuery:
    return parse_query(text or "")


def match_notes(text: str | None) -> str:
    """The MATCH expression over the notes index (note text and its paper's text)."""
    query = _parsed(text)
    if query.problem is not None or query.ids:
        return NOTHING
    return notes_expression(query) or NOTHING


def match_papers(text: str | None) -> str:
    """The MATCH expression over the papers index."""
    query = _parsed(text)
    if query.problem is not None or query.ids:
        return NOTHING
    return papers_expression(query) or NOTHING


def asked_ids(text: str | None) -> str:
    """The versionless arXiv ids the query names (JSON list): an id search skips MATCH."""
    query = _parsed(text)
    return json.dumps([] if query.problem else [i.id for i in query.ids])


def excluded_ids(text: str | None) -> str:
    """Ids left out with `-2401.04088` or `NOT 2401.04088` (JSON list)."""
    return json.dumps(list(_parsed(text).excluded_ids))


def entry_key(text: str | None) -> str:
    """A paper page's key: any arXiv id form becomes the versionless id, a title key stays."""
    value = (text or "").strip()
    try:
        return parse_arxiv_id(value).id
    except InvalidArxivId:
        return value


FUNCTIONS = {
    "paperclub_match_notes": match_notes,
    "paperclub_match_papers": match_papers,
    "paperclub_ids": asked_ids,
    "paperclub_excluded_ids": excluded_ids,
    "paperclub_entry": entry_key,
}


def register_search_functions(conn: sqlite3.Connection) -> None:
    """Make the functions callable from this connection's SQL (canned queries use them)."""
    for name, function in FUNCTIONS.items():
        conn.create_function(name, 1, function, deterministic=True)
