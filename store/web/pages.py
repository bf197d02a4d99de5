"""The catalog's own pages and words: home, the language switch, errors, each page's speaker.

plugin.py wires these into Datasette's hooks. Every template gets `_` (a Speaker in the page's
language, store/web/language.py), `lang`, and the switch's links; the home page and the error
pages (404, 403, 400, 500) are rendered here, in the catalog's layout and the page's language
(templates/paperclub_base.html), never Datasette's English error page.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from datasette.utils.asgi import Response
from markupsafe import Markup

from store.web import queries
from store.web.language import COOKIE, PageTexts, Speaker, page_language
from store.web.links import DATABASE

LANGUAGE_ROUTE = r"^/-/language/(?P<language>[a-z]{2,3})$"
HOME_ROUTES = (r"^/$", rf"^/{DATABASE}/?$")
YEAR = 365 * 24 * 3600

log = logging.getLogger(__name__)


def page_texts(datasette: Any) -> PageTexts:
    """The texts `build_datasette` was given."""
    return datasette._paperclub_texts  # type: ignore[no-any-return]


async def _group_language(datasette: Any, request: Any) -> str | None:
    """The language of the group a page names (?group=), or of all groups noting its paper."""
    group, entry = request.args.get("group", ""), request.args.get("id", "")
    if not group and not entry:
        return None
    rows = await datasette.get_database(DATABASE).execute(
        queries.GROUP_LANGUAGE, {"group": group, "id": entry}
    )
    found = [row[0] for row in rows]
    if group and found:
        return str(found[0])
    return str(found[0]) if len(found) == 1 else None


async def speaker_for(datasette: Any, request: Any | None) -> Speaker:
    """The page's speaker: the reader's switch, the group's language, the browser's."""
    texts = page_texts(datasette)
    if request is None:
        return Speaker(texts, texts.default)
    chosen = request.cookies.get(COOKIE)
    group = None if chosen in texts.locales else await _group_language(datasette, request)
    accept = request.headers.get("accept-language", "")
    return Speaker(texts, page_language(chosen, group, accept, texts))


async def template_vars(datasette: Any, request: Any | None) -> dict[str, Any]:
    """What every template may use: `_`, `lang`, the language switch."""
    speaker = await speaker_for(datasette, request)
    here = request.full_path if request is not None else "/"
    switch = [
        (name, f"/-/language/{code}?{urlencode({'next': here})}", code == speaker.language)
        for code, name in page_texts(datasette).names.items()
    ]
    return {"_": speaker, "lang": speaker.language, "language_switch": switch}


async def choose_language(datasette: Any, request: Any) -> Response:
    """`/-/language/zh?next=/catalog/...`: remember the choice (a cookie), go back."""
    language = request.url_vars["language"]
    target = request.args.get("next", "/")
    if not target.startswith("/") or target.startswith("//"):
        target = "/"  # only pages of this site
    response = Response.redirect(target)
    if language in page_texts(datasette).locales:
        response.set_cookie(COOKIE, language, max_age=YEAR, samesite="lax")
    return response


async def not_found(datasette: Any, request: Any) -> Response:
    """The catalog's 404 page, in the reader's language."""
    html = await datasette.render_template("paperclub_404.html", {}, request=request)
    return Response.html(html, status=404)


async def home_page(datasette: Any, request: Any) -> Response:
    """The groups and what is new: this week's notes, the presenters to come."""
    if request.args.get("sql"):
        return await not_found(datasette, request)  # no SQL here, whatever Datasette allows
    db = datasette.get_database(DATABASE)
    today = datetime.now(UTC).date().isoformat()
    context = {
        "groups": list(await db.execute(queries.HOME_GROUPS)),
        "new_notes": list(await db.execute(queries.HOME_NOTES, {"today": today})),
        "presenters": list(await db.execute(queries.HOME_PRESENTERS, {"today": today})),
    }
    html = await datasette.render_template("paperclub_home.html", context, request=request)
    return Response.html(html)


async def refused(datasette: Any, request: Any) -> Response:
    """The catalog's 403 page: what an operator's `allow` block keeps from a visitor."""
    html = await datasette.render_template("paperclub_404.html", {"refused": True}, request=request)
    return Response.html(html, status=403)


async def _error(
    datasette: Any, request: Any, status: int, title: str, text: str, error: Markup | str = ""
) -> Response:
    """Rendered without Datasette's render_template, which needs what its own middleware puts
    in the request (asgi_wrapper's refusals come before it), as its own error pages are."""
    words = await template_vars(datasette, request)
    speaker = words["_"]
    context = words | {
        "title": speaker(title),
        "text": speaker(text),
        "error": error,
        "urls": datasette.urls,
        "app_css_hash": datasette.app_css_hash(),
        "menu_links": lambda: [],
    }
    template = datasette.jinja_env.select_template(["paperclub_error.html"])
    return Response.html(await template.render_async(context), status=status)


async def bad_request(datasette: Any, request: Any, error: Markup | str = "") -> Response:
    """The catalog's 400 page; `error` (in the page's language) says what to change."""
    return await _error(datasette, request, 400, "page.400.title", "page.400.text", error)


async def failed(datasette: Any, request: Any, status: int, exception: Exception) -> Response:
    """Any other error Datasette raises, in the page's language: a 4xx is the request's (its
    English detail is left out), anything else a fault, logged, its message never shown."""
    if status < 500:
        return await bad_request(datasette, request)
    log.error("%s failed", request.path, exc_info=exception)
    return await _error(datasette, request, 500, "page.error.title", "page.500.text")
