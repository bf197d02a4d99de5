"""Datasette's own `_` parameters checked before a page runs: a bad value answers 400, never 500.

Datasette 0.65 reads `_timelimit` and `_next` with `int()`, `_through` as JSON with fixed keys,
and on a view (every page here is one) sorts and facets by any name given, so a bad value
raised inside it and answered 500 (issue 18: 40 of 72 such requests). `asgi_wrapper` refuses a
bad value first, with a message naming it; `handle_exception` answers 400 to what still fails
on a request that carries such a parameter (logged, so a real fault is still seen). Both answer
with the catalog's 400 page (store/web/pages.py), saying what is wrong in the page's language.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from datasette.database import QueryInterrupted
from datasette.utils.asgi import Request, Response

from store.web import pages
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


@dataclass(frozen=True)
class Problem:
    """What is wrong with a request, as a message of the web's (bot/texts/web_pages.py) and
    its values: the page says it in its own language."""

    key: str
    values: dict[str, str] = field(default_factory=dict)


def _number_problem(name: str, value: str) -> Problem | None:
    if _NUMBER.fullmatch(value) or (_NUMBERS[name] and value == "max"):
        return None
    return Problem("page.400.number", {"name": name, "value": value})


def _through_problem(value: str) -> Problem | None:
    try:
        through = json.loads(value)
    except ValueError:
        through = None
    keys = ("table", "column", "value")
    if isinstance(through, dict) and all(isinstance(through.get(k), str) for k in keys):
        return None
    return Problem("page.400.through", {"name": "_through", "value": value})


def parameter_problem(args: Any, columns: list[str] | None) -> Problem | None:
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
        return Problem("page.400.both_sorts", {"name": "_sort", "other": "_sort_desc"})
    for name in _COLUMNS:
        for value in args.getlist(name):
            if (value or name not in _MAY_BE_EMPTY) and value not in columns:
                return Problem("page.400.no_column", {"name": name, "value": value})
    return None


def _view(path: str) -> str | None:
    """The served view a path shows (`/catalog/web_notes.json` → web_notes), or None."""
    match = re.fullmatch(rf"/{DATABASE}/([^/]+?)(\.\w+)?", path)
    return match[1] if match and match[1] in SERVED_VIEWS else None


async def refusal(datasette: Any, request: Any, problem: Problem) -> Response:
    """400 in the catalog's look and the page's language, or Datasette's JSON error shape."""
    speaker = await pages.speaker_for(datasette, request)
    message = speaker(problem.key, None, **problem.values)
    if request.path.endswith(".json"):
        title = str(speaker("page.400.title"))
        info = {"ok": False, "error": message.unescape(), "status": 400, "title": title}
        return Response.json(info, status=400)
    return await pages.bad_request(datasette, request, message)


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
            response = await refusal(datasette, request, problem)
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
    return refusal(datasette, request, Problem("page.400.parameters", {"names": ", ".join(given)}))
