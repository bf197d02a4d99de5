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
        assert "<title>Bad request · Paper club catalog</title>" in page
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


async def test_the_400_page_speaks_the_readers_language(datasette: Any) -> None:
    # The 400 page was English whatever the reader's language (its 404 was not).
    chinese = {"accept-language": "zh-CN,zh;q=0.9"}
    page = await datasette.client.get("/catalog/web_notes?_sort=nope", headers=chinese)
    assert page.status_code == 400
    assert "<title>请求有误 · " in page.text and "_sort：这个页面没有“nope”这一列" in page.text
    assert "目录本身没有出错" in page.text and "Bad request" not in page.text
    data = await datasette.client.get("/catalog/web_notes.json?_next=x", headers=chinese)
    assert data.json()["error"] == "_next 只能是整数，不能是“x”"
    english = await datasette.client.get("/catalog/web_papers?_timelimit=x")
    assert "_timelimit takes a whole number, not “x”" in english.text
    export = await datasette.client.get("/catalog/export.ris", headers=chinese)
    assert export.status_code == 400 and "请选择要导出的内容" in export.text
    # A group's page speaks the group's language: the club writes in Chinese.
    club = await datasette.client.get("/catalog/web_claims?group=LLM+Paper+Club&_size=x")
    assert "_size 只能是整数" in club.text


async def test_datasettes_own_errors_and_faults_are_the_catalogs_pages(datasette: Any) -> None:
    from datasette.utils.asgi import BadRequest, Request

    from store.web.plugin import handle_exception

    request = Request.fake("/catalog/web_notes?entry=x")
    request.scope["headers"] = [(b"accept-language", b"zh")]
    refused = await handle_exception(datasette, request, BadRequest("Invalid SQL: select"))
    body = str(refused.body)
    assert refused.status == 400 and "请求有误" in body and "Invalid SQL" not in body
    fault = await handle_exception(datasette, request, RuntimeError("no such column: secret"))
    body = str(fault.body)
    assert fault.status == 500 and "目录暂时无法显示这个页面" in body and "secret" not in body
    assert "paperclub-site" in body  # the catalog's look, not Datasette's error page
