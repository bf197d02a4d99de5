"""Datasette's own `_` parameters checked before a page runs: a bad value answers 400, never 500.

Datasette 0.65 reads `_timelimit` and `_next` with `int()`, `_through` as JSON with fixed keys,
and on a view (every page here is one) sorts and facets by any name given, so a bad value
raised inside it and answered 500 (issue 18: 40 of 72 such requests). `asgi_wrapper` refuses a
bad value first, with a message naming it; `handle_exception` answers 400 to what still fails
on a request that carries such a parameter (logged, so a real fault is still seen). Both render
templates/400.html, which Datasette's own 400s use too.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from datasette.database import QueryInterrupted
from datasette.utils.asgi import Request, Response

from store.web.links import DATABASE
from store.web.metadata import SERVED_VIEWS
from store.web.plugin import hookimpl

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Asgi = Callable[[Scope, Any, Any], Awaitable[None]]

_NUMBER = re.compile(r"[0-9]{1,9}")  # ASCII digits, few enough for SQLite
# Parameters that must be a whole number (or "max" where Datasette takes it).
_NUMBERS = {"_timelimit": False, "_next": False, "_size": True, "_facet_size": True}
# Parameters that name one of the page's columns; a sort may be empty (none chosen, as the
# page's own form sends it).
_COLUMNS = ("_sort", "_sort_desc", "_facet", "_facet_array", "_facet_date", "_col", "_nocol")
_MAY_BE_EMPTY = ("_sort", "_sort_desc")
# What a bad parameter raises inside Datasette (QueryInterrupted: a `_timelimit` too short).
_INPUT_ERRORS = (
    ValueError, KeyError, TypeError, IndexError, OverflowError, sqlite3.Error, QueryInterrupted,
)  # fmt: skip


def _number_problem(name: str, value: str) -> str | None:
    if _NUMBER.fullmatch(value) or (_NUMBERS[name] and value == "max"):
        return None
    return f"{name} takes a whole number, not {value!r}"


def _through_problem(value: str) -> str | None:
    try:
        through = json.loads(value)
    except ValueError:
        through = None
    keys = ("table", "column", "value")
    if isinstance(through, dict) and all(isinstance(through.get(k), str) for k in keys):
        return None
    return f'_through takes {{"table": …, "column": …, "value": …}}, not {value!r}'


def parameter_problem(args: Any, columns: list[str] | None) -> str | None:
    """What is wrong with the request's `_` parameters, or None; `columns` are the page's
    when it is one of the served views (None for a canned query or another page)."""
    for name in _NUMBERS:
        for value in args.getlist(name):
            if problem := _number_problem(name, value):
                return problem
    for value in args.getlist("_through"):
        if problem := _through_problem(value):
            return problem
    if columns is None:
        return None
    if args.get("_sort") and args.get("_sort_desc"):
        return "_sort and _sort_desc cannot both be given"
    for name in _COLUMNS:
        for value in args.getlist(name):
            if (value or name not in _MAY_BE_EMPTY) and value not in columns:
                return f"{name}: this page has no column {value!r}"
    return None


def _view(path: str) -> str | None:
    """The served view a path shows (`/catalog/web_notes.json` → web_notes), or None."""
    match = re.fullmatch(rf"/{DATABASE}/([^/]+?)(\.\w+)?", path)
    return match[1] if match and match[1] in SERVED_VIEWS else None


async def refusal(datasette: Any, path: str, message: str) -> Response:
    """400 in the catalog's look (templates/400.html), or Datasette's JSON error shape."""
    info = {"ok": False, "error": message, "status": 400, "title": "Bad request"}
    if path.endswith(".json"):
        return Response.json(info, status=400)
    template = datasette.jinja_env.select_template(["400.html"])
    context = info | {
        "urls": datasette.urls,
        "app_css_hash": datasette.app_css_hash(),
        "menu_links": lambda: [],
    }
    return Response.html(await template.render_async(context), status=400)


@hookimpl
def asgi_wrapper(datasette: Any) -> Callable[[Asgi], Asgi]:
    """Check the parameters before Datasette's view reads them."""

    def wrap(app: Asgi) -> Asgi:
        async def checked(scope: Scope, receive: Any, send: Any) -> None:
            if scope.get("type") != "http":
                await app(scope, receive, send)
                return
            request = Request(scope, receive)
            view = _view(request.path)
            columns = None
            if view is not None:
                columns = await datasette.get_database(DATABASE).table_columns(view)
            problem = parameter_problem(request.args, columns)
            if problem is None:
                await app(scope, receive, send)
                return
            response = await refusal(datasette, request.path, problem)
            await response.asgi_send(send)

        return checked

    return wrap


@hookimpl
def handle_exception(datasette: Any, request: Any, exception: Exception) -> Any:
    """A bad-input error on a request with Datasette's `_` parameters is the request's fault."""
    if request is None or not isinstance(exception, _INPUT_ERRORS):
        return None
    given = sorted(name for name in request.args if name.startswith("_"))
    if not given:
        return None
    log.warning("refused %s with 400", request.path, exc_info=exception)
    message = f"this page cannot take these parameters: {', '.join(given)}"
    return refusal(datasette, request.path, message)
