"""The catalog's own pages and words: home, the language switch, 404, and each page's speaker.

plugin.py wires these into Datasette's hooks. Every template gets `_` (a Speaker in the page's
language, store/web/language.py), `lang`, and the switch's links; the home page and the 404
page are rendered here, in the catalog's layout (templates/paperclub_base.html).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from datasette.utils.asgi import Response

from store.web import queries
from store.web.language import COOKIE, PageTexts, Speaker, page_language
from store.web.links import DATABASE

LANGUAGE_ROUTE = r"^/-/language/(?P<language>[a-z]{2,3})$"
HOME_ROUTES = (r"^/$", rf"^/{DATABASE}/?$")
YEAR = 365 * 24 * 3600


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
