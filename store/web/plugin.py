"""The Datasette plugin `paperclub web` registers: search functions, what is served, links.

- prepare_connection: the bot's query builder as SQL functions (search_functions.py), only the
  allowed list's groups when it is set (listed.py), and the catalog's connections made
  query-only (Datasette already opens the file with mode=ro).
- permission_allowed: only the web views and canned queries are served; every other table
  (members, searches, raw notes with user ids...), arbitrary SQL, downloads and other databases
  are denied. Allowed things return None, so an operator's `allow` blocks still apply.
- register_routes: Datasette's introspection pages (metadata with the operator's plugin
  settings, the catalog's path, threads, plugins, settings) answer 404: readers need none.
- register_routes also serves each page's papers as RIS or CSL-JSON (exports.py), a group's
  meetings and its calendar feed at its token's address (sessions.py).
- render_cell: entries, titles, topics and groups link to their pages.
- prepare_jinja2_environment: filters for notes by their fields, imported entries under the
  page's labels with arXiv's title beside theirs, and search words marked.
- extra_template_vars, the home, language and 404 routes: the catalog's words (pages.py).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from datasette import hookimpl as datasette_hookimpl
from datasette.filters import FilterArguments
from datasette.utils.asgi import Forbidden, NotFound
from markupsafe import Markup, escape

from store.parse.highlights import highlight_pattern
from store.parse.note_fields import TEXT_FIELDS, parse_note
from store.parse.note_labels import relabel
from store.parse.search_query import parse_query
from store.web import pages, sessions
from store.web.exports import EXPORT_ROUTE, export_page
from store.web.language import Speaker
from store.web.links import DATABASE
from store.web.listed import show_only_listed
from store.web.metadata import SERVED_VIEWS
from store.web.queries import MATCHING
from store.web.search_functions import register_search_functions

F = TypeVar("F", bound=Callable[..., Any])


def hookimpl(function: F) -> F:
    """Datasette's (untyped) hook marker, typed for mypy."""
    return cast(F, datasette_hookimpl(function))


def last_hookimpl(function: F) -> F:
    """A hook called after every other plugin's, so its answer is the one that counts."""
    return cast(F, datasette_hookimpl(trylast=True)(function))


_DENIED_ACTIONS = frozenset(
    {
        "execute-sql",
        "view-database-download",
        "insert-row",
        "delete-row",
        "update-row",
        "create-table",
        "drop-table",
        "alter-table",
    }
)


@hookimpl
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Any) -> None:
    """Search functions on every catalog connection, which can never write."""
    if database == DATABASE:
        register_search_functions(conn)
        allowed = getattr(datasette, "_paperclub_allowed", None)
        if allowed is not None:
            show_only_listed(conn, allowed)
        conn.execute("PRAGMA query_only = 1")


@last_hookimpl
def permission_allowed(datasette: Any, actor: Any, action: str, resource: Any) -> bool | None:
    """Refuse everything but the catalog's views and canned queries (None: no opinion)."""
    if action in _DENIED_ACTIONS:
        return False
    if action == "view-database" and resource != DATABASE:
        return False
    if action == "view-table":
        database, table = resource
        if database != DATABASE or table not in SERVED_VIEWS:
            return False
    if action == "view-query" and resource[0] != DATABASE:
        return False
    return None


HIDDEN_PAGES = r"^/-/(metadata|databases|threads|plugins|settings|config|versions)(\.json)?$"


@hookimpl
def register_routes(datasette: Any) -> list[tuple[str, Any]]:
    """Routes of plugins come before Datasette's own: these shadow its introspection pages,
    its index and database pages (the catalog's home instead)."""
    homes = [(route, pages.home_page) for route in pages.HOME_ROUTES]
    return [
        (HIDDEN_PAGES, pages.not_found),
        (EXPORT_ROUTE, export_page),
        (sessions.SESSIONS_ROUTE, sessions.sessions_page),
        (sessions.CALENDAR_ROUTE, sessions.calendar_feed),
        (pages.LANGUAGE_ROUTE, pages.choose_language),
        *homes,
    ]


@hookimpl
def extra_template_vars(datasette: Any, request: Any) -> Any:
    """`_`, `lang` and the language switch on every page."""
    return pages.template_vars(datasette, request)


@hookimpl
def handle_exception(datasette: Any, request: Any, exception: Exception) -> Any:
    """Every error page in the catalog's look and the page's language (a `.json` address keeps
    Datasette's JSON error; parameters.py answers a bad `_` parameter before this)."""
    if isinstance(exception, NotFound):
        return pages.not_found(datasette, request)
    if isinstance(exception, Forbidden):
        return pages.refused(datasette, request)
    if request is None or request.path.endswith(".json"):
        return None
    status = getattr(exception, "status", 500)
    return pages.failed(datasette, request, status if isinstance(status, int) else 500, exception)


@hookimpl
def filters_from_request(
    request: Any, database: str, table: str, datasette: Any
) -> FilterArguments | None:
    """`?_q=` on the notes or papers view keeps what /search would find, with facets."""
    typed = (request.args.get("_q") or "").strip()
    if database != DATABASE or table not in MATCHING or not typed:
        return None
    return FilterArguments(
        [MATCHING[table].strip()],
        {"paperclub_q": typed},
        [f"matching {typed!r} (as /search)"],
    )


def _link(datasette: Any, path: str, text: object) -> Markup:
    href = datasette.urls.path(f"/{DATABASE}/{path}")
    return Markup(f'<a href="{escape(href)}">{escape(str(text))}</a>')


@lru_cache(maxsize=64)
def _pattern(typed: str) -> re.Pattern[str] | None:
    """The words of one search to mark (parsed once per search, not per cell)."""
    return highlight_pattern(parse_query(typed).highlights) if typed.strip() else None


def _marked(value: object, typed: str) -> Markup:
    """`value` escaped, each word searched for in <mark> (Chinese too)."""
    text = "" if value is None else str(value)
    pattern = _pattern(str(typed or ""))
    if pattern is None:
        return escape(text)
    pieces, start = [], 0
    for match in pattern.finditer(text):
        pieces += [escape(text[start : match.start()]), Markup("<mark>%s</mark>") % match.group()]
        start = match.end()
    return Markup("").join([*pieces, escape(text[start:])])


def _entry(row: Any) -> str | None:
    try:
        value = row["entry"]
    except (IndexError, KeyError):
        return None
    return str(value) if value else None


@hookimpl
def render_cell(
    row: Any,
    value: Any,
    column: str,
    table: str | None,
    database: str,
    datasette: Any,
) -> Markup | None:
    """Link what has a page of its own; None leaves the cell to Datasette."""
    if database != DATABASE or value in (None, ""):
        return None
    if column in ("entry", "paper", "title") and (entry := _entry(row)) is not None:
        return _link(datasette, "paper?" + urlencode({"id": entry}), value)
    if column == "topic":
        return _link(datasette, "topic?" + urlencode({"tag": value}), value)
    if column == "group":
        return _link(datasette, "web_notes?" + urlencode({"group": value}), value)
    if column in ("tags", "categories") and isinstance(value, str) and value.startswith("["):
        try:
            items = [str(item) for item in json.loads(value)]
        except ValueError:
            return None
        if column == "categories":
            return Markup(escape(", ".join(items)))
        links = [_link(datasette, "topic?" + urlencode({"tag": item}), item) for item in items]
        return Markup(", ").join(links)
    return None


def _from_json(value: object) -> list[Any]:
    """A JSON list column as a list (anything else: empty)."""
    try:
        loaded = json.loads(str(value)) if value else []
    except ValueError:
        return []
    return loaded if isinstance(loaded, list) else []


def _from_json_object(value: object) -> dict[str, str]:
    """A JSON object column (a paper's summaries by language) as a dict (anything else: empty)."""
    try:
        loaded = json.loads(str(value)) if value else {}
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}


def _note_fields(text: object) -> dict[str, str]:
    """A note's fields as the bot parses them (store/parse/note_fields.py), by name."""
    fields = parse_note(str(text or ""))
    shown = {name: str(getattr(fields, name)) for name in (*TEXT_FIELDS, "body")}
    return shown | {"labelled": "yes" if fields.labelled else ""}


def beside(speaker: Speaker, arxiv_title: object, written: str) -> str:
    """arXiv's title with the one a catalog wrote beside it (plain text), else as written."""
    title = str(arxiv_title or "")
    if not title or title.casefold() == written.casefold():
        return written
    template = speaker.texts.gettext(speaker.language, "page.field.title_beside")
    return template.format(title=title, written=written)


def _relabelled(text: object, speaker: Speaker, arxiv_title: object = "") -> str:
    """An imported entry's text under the page's labels (the club's, in the group's language),
    arXiv's title beside the written one; every other line as written."""
    labels = {name: str(speaker(f"page.field.{name}")) for name in TEXT_FIELDS}
    labels["tags"] = str(speaker("page.col.tags"))
    return relabel(str(text or ""), labels, lambda written: beside(speaker, arxiv_title, written))


@hookimpl
def prepare_jinja2_environment(env: Any, datasette: Any) -> None:
    """The paper page lists a note's tags from their JSON and shows a note by its fields."""
    env.filters["from_json"] = _from_json
    env.filters["from_json_object"] = _from_json_object
    env.filters["note_fields"] = _note_fields
    env.filters["relabelled"] = _relabelled
    env.filters["beside"] = lambda written, speaker, title: beside(speaker, title, str(written))
    env.filters["marked"] = _marked
