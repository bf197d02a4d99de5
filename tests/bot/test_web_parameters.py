"""The web refuses bad values of Datasette's own parameters with 400, never 500 (issue 18).

At 54d55fc, 40 of 72 requests with a bad `_sort`, `_next`, `_timelimit` or `_through` answered
500. The catalog is served by `build_datasette`, as `paperclub web` serves it, and asked through
Datasette's in-process client (the same ASGI app, without a port).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest

pytest.importorskip("datasette", reason="paperclub[web] (Datasette) is not installed")

from bot.cli.web import web_texts
from store.web.server import build_datasette
from tests.bot.test_web import write_catalog

VIEWS = ("web_notes", "web_papers", "web_claims", "web_digests")
QUERIES = ("search", "paper", "topic", "topics", "claims", "digest")
PAGES = [
    "/", "/catalog", "/catalog.json",
    *(f"/catalog/{view}{ext}" for view in VIEWS for ext in ("", ".json", ".csv")),
    *(f"/catalog/{query}{ext}" for query in QUERIES for ext in ("", ".json")),
    "/catalog/export.ris", "/catalog/export.csljson",
]  # fmt: skip
BAD_VALUES = {
    "_sort": ["nope", "'", "title desc", "[entry]", "entry;drop"],
    "_sort_desc": ["nope", "'"],
    "_next": ["x", "", "abc,def", "999999999999999999999999", "'", "%", "1,2", "-1", "1.5"],
    "_timelimit": ["x", "", "-1", "1e999", "99999999999999999999", "１"],
    "_through": ["x", "", "{}", "[1]", '{"table": "notes"}', '{"table": 1, "column": 2}', "null"],
    "_size": ["x", "-1", "1000000", "1e3", ""],
    "_facet": ["nope", "'", ""],
    "_facet_array": ["nope", ""],
    "_facet_date": ["nope", "'"],
    "_facet_size": ["x", "-1"],
    "_col": ["nope", "'"],
    "_nocol": ["nope"],
    "_search": ['"', "AND", "*", "NOT"],
    "_shape": ["nope"],
    "_json": ["nope"],
    "_labels": ["x"],
    "_ttl": ["x", "-1"],
    "_q": ['"', "AND", "lora*"],
    "title__exact": ["'"],
    "year__gt": ["x"],
    "entry__nope": ["x"],
}
# What answered 500 when the issue was filed: each must now answer 400, on every view.
WERE_500 = [
    {"_sort": "nope"}, {"_sort_desc": "'"}, {"_next": "x"}, {"_next": "999999999999999999999999"},
    {"_timelimit": "x"}, {"_timelimit": "1e999"}, {"_through": "x"}, {"_through": "{}"},
]  # fmt: skip


@pytest.fixture(scope="module")
def datasette(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("web-parameters") / "catalog.db"
    write_catalog(path)
    return build_datasette(path, web_texts())


async def test_no_bad_parameter_value_on_any_page_answers_500(datasette: Any) -> None:
    answered: dict[int, int] = {}
    for page in PAGES:
        for name, values in BAD_VALUES.items():
            for value in values:
                url = f"{page}?{urlencode({name: value})}"
                response = await datasette.client.get(url)
                assert response.status_code < 500, (url, response.text[-500:])
                answered[response.status_code] = answered.get(response.status_code, 0) + 1
    assert answered[400] > 300  # most are refused; the rest are ignored (200) or denied (403)


@pytest.mark.parametrize("view", ["web_notes", "web_papers", "web_claims", "web_digests"])
async def test_what_answered_500_answers_400_in_the_catalogs_look(
    datasette: Any, view: str
) -> None:
    for params in WERE_500:
        response = await datasette.client.get(f"/catalog/{view}?{urlencode(params)}")
        assert response.status_code == 400, params
        page = response.text
        assert "<title>Bad request · paperclub catalog</title>" in page
        assert ".paperclub-note" in page  # the catalog's stylesheet
        name = next(iter(params))
        assert f'<p class="message-error">{name}' in page, page
        assert "Traceback" not in page
        data = await datasette.client.get(f"/catalog/{view}.json?{urlencode(params)}")
        assert data.status_code == 400 and data.json()["ok"] is False, params
        assert data.json()["error"].startswith(name)


async def test_the_pages_own_sorts_facets_and_next_pages_still_work(datasette: Any) -> None:
    for url in (
        "/catalog/web_notes?_sort=year",
        "/catalog/web_notes?_sort_desc=written&_facet=author&_facet_array=tags",
        "/catalog/web_papers?_sort=&_size=5&_next=5",
        "/catalog/web_papers?_size=max&_col=title&_timelimit=1000",
        "/catalog/web_notes?_facet_date=written&_facet_size=max",
        "/catalog/search?q=rag&_timelimit=1000",
    ):
        response = await datasette.client.get(url)
        assert response.status_code == 200, (url, response.text[-500:])


def test_a_page_named_in_the_check_is_a_served_view() -> None:
    from store.web.parameters import _view

    assert _view("/catalog/web_notes.json") == "web_notes"
    assert _view("/catalog/web_notes") == "web_notes"
    assert _view("/catalog/members") is None and _view("/catalog/search") is None


async def test_what_still_fails_on_a_request_with_datasettes_parameters_is_a_400(
    datasette: Any,
) -> None:
    # The net behind the checks: a parameter Datasette reads that no check knows yet.
    from datasette.utils.asgi import Request

    from store.web.parameters import handle_exception

    request = Request.fake("/catalog/web_notes?_unheard_of=x")
    response = await handle_exception(datasette, request, ValueError("bad"))
    assert response.status == 400 and "_unheard_of" in str(response.body)
    plain = Request.fake("/catalog/web_notes?entry=x")
    assert handle_exception(datasette, plain, ValueError("bad")) is None  # a fault: still a 500
    assert handle_exception(datasette, request, RuntimeError("bug")) is None
