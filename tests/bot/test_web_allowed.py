"""With the allowed list set, the web shows only the listed groups (issue 18's gate, on the web).

`PAPERCLUB_ALLOWED_CHATS` limits the groups the bot serves; a group outside it (here the Chinese
club, listed before the English circle was the only one) was still on the home page, in search,
boards, topics, the paper pages, the meetings page, the exports and the calendar feed. The real
`paperclub web` serves the catalog with the list in its environment, as an operator runs it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import httpx
import pytest

pytest.importorskip("datasette", reason="paperclub[web] (Datasette) is not installed")

from store.calendar_feed import calendar_token
from store.db import open_db
from store.sessions import set_weekly
from tests.bot.test_web import (
    CIRCLE,
    CIRCLE_PAPER,
    CLUB,
    RAG_PAPER,
    VERA_PAPER,
    serving,
    write_catalog,
)

# What only the unlisted club has: its title, a member's note, the imported catalog, a revision.
CLUBS_OWN: tuple[str, ...] = ("LLM Paper Club", "改写器让检索增强更稳", "LoRA still the baseline")
CLUBS_OWN += ("针对检索增强的大型语言模型的查询重写",)
CIRCLE_NOTE_WORDS = "adapters cost too much memory"


@pytest.fixture(scope="module")
def listed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """The web over a catalog of both groups, both meeting weekly, with only the circle listed;
    with each group's calendar token and the club's latest note id."""
    path = tmp_path_factory.mktemp("web-allowed") / "catalog.db"
    write_catalog(path)
    db = open_db(path)
    now = datetime.now(UTC)
    for chat in (CLUB, CIRCLE):
        set_weekly(db, chat, 3, "19:00", "Room 1", now - timedelta(days=30))
    (club_note,) = db.execute("select max(id) from notes where chat_id = ?", [CLUB]).fetchone()
    known = {
        "club_token": calendar_token(db, CLUB, now),
        "circle_token": calendar_token(db, CIRCLE, now),
        "club_note": str(club_note),
    }
    db.conn.commit()
    db.close()
    with serving(path, settings={"PAPERCLUB_ALLOWED_CHATS": f"{CIRCLE}, -100555"}) as base:
        yield base, known


def shown(response: httpx.Response) -> str:
    """What a reader gets, JSON with its Chinese unescaped."""
    if response.headers.get("content-type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.text


def test_an_unlisted_group_is_on_no_page_export_or_feed(
    listed: tuple[str, dict[str, str]],
) -> None:
    web, known = listed
    club = urlencode({"group": "LLM Paper Club"})
    pages = [
        "/", "/catalog", "/catalog/web_notes", "/catalog/web_notes?_facet=group",
        "/catalog/web_notes.json?_shape=array&_size=max", "/catalog/web_notes.csv?_size=max",
        f"/catalog/web_notes?{club}", "/catalog/web_claims", "/catalog/web_digests",
        "/catalog/web_papers.json?_shape=array&_size=max&notes__gt=0", "/catalog/topics",
        "/catalog/topic", "/catalog/topic?tag=Multimodal", "/catalog/claims",
        f"/catalog/claims?{club}", "/catalog/digest", f"/catalog/digest?{club}",
        "/catalog/search?" + urlencode({"q": "检索增强"}), "/catalog/search?q=lora",
        "/catalog/search.json?_shape=array&q=lora", f"/catalog/paper?id={RAG_PAPER}",
        f"/catalog/paper?id={VERA_PAPER}", f"/catalog/revisions?note={known['club_note']}",
        f"/catalog/export.ris?{club}", f"/catalog/export.csljson?id={RAG_PAPER}",
        "/catalog/export.ris?tag=Multimodal",
    ]  # fmt: skip
    for page in pages:
        response = httpx.get(web + page, timeout=10)
        assert response.status_code == 200, page
        text = shown(response)
        asked = "LLM+Paper+Club" in page  # a page asked for the club echoes what was asked
        for own in CLUBS_OWN[asked:]:
            assert own not in text, f"{own!r} on {page}"
    for page in (f"/catalog/sessions?{club}", f"/-/calendar/{known['club_token']}.ics"):
        assert httpx.get(web + page, timeout=10).status_code == 404, page
    assert httpx.get(f"{web}/-/calendar/{known['circle_token']}.ics").status_code == 200


def test_the_listed_group_keeps_every_page(listed: tuple[str, dict[str, str]]) -> None:
    web, _ = listed
    home = httpx.get(web + "/", timeout=10).text
    assert "Reading Circle" in home and "/catalog/sessions?group=Reading+Circle" in home
    assert CIRCLE_NOTE_WORDS in httpx.get(f"{web}/catalog/paper?id={CIRCLE_PAPER}").text
    found = httpx.get(f"{web}/catalog/search.json?_shape=array&q=lora", timeout=10).json()
    assert [row["entry"] for row in found if row["found_in"] == "group notes"] == [CIRCLE_PAPER]
    papers = httpx.get(f"{web}/catalog/web_papers.json?_shape=array&notes__gt=0", timeout=10)
    assert [row["entry"] for row in papers.json()] == [CIRCLE_PAPER]  # the club's count as none
    board = httpx.get(f"{web}/catalog/web_claims.json?_shape=array", timeout=10).json()
    assert [row["presenter"] for row in board] == ["Carol"]
    meetings = httpx.get(f"{web}/catalog/sessions?group=Reading+Circle", timeout=10)
    assert meetings.status_code == 200 and "Shared Random Adapters" in meetings.text
