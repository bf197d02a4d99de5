"""`paperclub web`: the real CLI serving a seeded catalog, read by a real headless Chromium."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
import rispy

from store.claims import claim_paper
from store.db import Database, open_db
from store.digests import DigestItem, start_digest
from store.forgetting import forget_member
from store.groups import ensure_group, record_member
from store.notes import save_note
from store.parse.note_fields import parse_note
from store.parse.search_query import parse_query
from store.reasons import Reason
from store.search import search_catalog
from store.web.links import claims_url, export_url, paper_url
from tests.chromium import Chromium
from tests.search_data import NOW, import_seed

pytest.importorskip("datasette", reason="paperclub[web] (Datasette) is not installed")

CLUB = -1001234567890
ADA, BO, NAMELESS = 777000111, 777000222, 777000333  # Telegram user ids: never on a page
ARTIFACTS = Path(__file__).parents[1] / "artifacts"
RAG_PAPER = "2305.14283"  # in the seed, with a Chinese note on retrieval augmentation
VERA_PAPER = "2310.11454"  # in the seed, a LoRA variant


def chromium_binary() -> str:
    """Debian's chromium, or skip: `.ci/run` installs it wherever apt-get can."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("Chromium is not installed here (apt-get install -y chromium)")
    return found


def write_catalog(path: Path) -> None:
    """A group with the seed imported, members' notes and claims, a digest, a private chat."""
    db = open_db(path)
    ensure_group(db, CLUB, "LLM Paper Club", "supergroup", "UTC", NOW)
    import_seed(db, CLUB, "llms-paper-study-club-notes.txt")
    record_member(db, ADA, "Ada", "ada_l", NOW, chat_id=CLUB)
    record_member(db, BO, "", None, NOW, chat_id=CLUB)  # no name: the bot would say "777000222"
    record_member(db, NAMELESS, "", None, NOW, private_chat=True)
    note(db, ADA, "Ada", RAG_PAPER, "改写器让检索增强更稳 (Ada reading the rewriter)")
    note(db, BO, str(BO), VERA_PAPER, "LoRA still the baseline to beat")
    claim_paper(db, CLUB, RAG_PAPER, ADA, date(2026, 12, 1), NOW)
    claim_paper(db, CLUB, VERA_PAPER, BO, date(2026, 12, 8), NOW)
    reasons = (Reason("match", "rag"),)
    today = datetime.now(UTC).date()  # "this week's digest" is relative to the real clock
    start_digest(db, CLUB, today, [DigestItem(1, RAG_PAPER, 0.9, reasons, 0)], 1, NOW)
    # A private chat is not a group: whatever is filed under it must never be served.
    ensure_group(db, NAMELESS, "", "private", "UTC", NOW)
    note(db, NAMELESS, "Secret", RAG_PAPER, "a private scribble nobody else may read", NAMELESS)
    db.execute(
        "insert into searches (chat_id, user_id, query, created_at) values (?, ?, ?, ?)",
        [CLUB, ADA, "what ada searched", NOW.isoformat()],
    )
    db.conn.commit()
    db.close()


def note(db: Database, author: int, name: str, arxiv_id: str, text: str, chat: int = CLUB) -> None:
    save_note(
        db, chat_id=chat, entry_key=arxiv_id, arxiv_id=arxiv_id, author_id=author,
        author_name=name, fields=parse_note(text), raw_text=text, now=NOW,
    )  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def paperclub_command() -> list[str]:
    """The installed `paperclub` script beside this interpreter, else `python -m bot`."""
    script = Path(sys.executable).with_name("paperclub")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot"]


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "catalog.db"
    write_catalog(path)
    return path


@contextmanager
def serving(catalog: Path, *options: str) -> Iterator[str]:
    """`paperclub web` on a free loopback port; yields its base URL once it answers."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "PAPERCLUB_"))}
    process = subprocess.Popen(
        [*paperclub_command(), "web", "--db", str(catalog), "--port", str(port), *options],
        env=env | {"PAPERCLUB_DB": "/nonexistent/never-used.db"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def web(catalog: Path) -> Iterator[str]:
    with serving(catalog) as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    """One headless Chromium for the module's pages. Tests ask for it before `web`: it starts
    while `paperclub web` does."""
    chromium = Chromium(chromium_binary(), tmp_path_factory.mktemp("chromium"))
    yield chromium
    chromium.close()


def wait_until_serving(base: str, process: subprocess.Popen[str], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            pytest.fail(f"paperclub web exited with {process.returncode}: {output}")
        try:
            httpx.get(f"{base}/-/versions.json", timeout=1)  # any answer: it is serving
            return
        except httpx.TransportError:
            time.sleep(0.1)  # not listening yet: the next connect attempt is the condition
    pytest.fail("paperclub web did not answer within 30 s")


def column(dom: str, name: str) -> list[str]:
    """The text of one result column, row by row."""
    cells = re.findall(rf'<td class="col-{name}( [^"]*)?">(.*?)</td>', dom, flags=re.DOTALL)
    return [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for _, cell in cells]


def bot_search(catalog: Path, typed: str) -> list[str]:
    """Every entry /search in the club lists, page after page, as the bot finds them."""
    db = open_db(catalog)
    entries: list[str] = []
    page = 0
    while True:
        found = search_catalog(db, parse_query(typed), [CLUB], page)
        entries += [hit.entry_key for hit in found.hits]
        if not found.has_next:
            db.close()
            return entries
        page += 1


@pytest.mark.parametrize("typed", ["微调", "检索增强", "lora", "多模态", "微"])
def test_search_in_the_browser_finds_what_the_bot_finds(
    browser: Chromium, web: str, catalog: Path, typed: str
) -> None:
    dom = browser.dom(f"{web}/catalog/search?{urlencode({'q': typed})}")
    expected = bot_search(catalog, typed)
    assert expected, typed  # the seed has matches for each
    assert column(dom, "entry") == expected


def test_search_results_with_facets_are_the_notes_the_bot_finds(
    browser: Chromium, web: str, catalog: Path
) -> None:
    query = urlencode({"_q": "微调", "_size": "max"})
    dom = browser.dom(f"{web}/catalog/web_notes?{query}")
    db = open_db(catalog)
    found, page = [], 0
    while True:
        hits = search_catalog(db, parse_query("微调"), [CLUB], page)
        found += [hit.entry_key for hit in hits.hits if hit.from_notes]
        if not hits.has_next:
            break
        page += 1
    db.close()
    assert sorted(set(column(dom, "entry"))) == sorted(found)
    assert "matching '微调' (as /search)" in html.unescape(dom)
    assert "tags__arraycontains=" in dom  # the tag facet, over the matching notes only


def test_a_papers_page_shows_its_notes_and_is_saved_as_a_screenshot(
    browser: Chromium, web: str
) -> None:
    url = paper_url(web, RAG_PAPER)
    dom = browser.dom(url)
    assert "Rewrite-Retrieve-Read" in dom  # the paper's title
    assert "改写器让检索增强更稳" in dom and ">Ada<" in dom  # Ada's note, under her name
    assert "针对检索增强的大型语言模型的查询重写" in dom  # the imported catalog's note
    assert "Presenting: Ada (LLM Paper Club, due 2026-12-01)" in html.unescape(dom)
    assert "private scribble" not in dom
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "web-paper-page.png"
    shot.unlink(missing_ok=True)
    browser.screenshot(url, shot)
    assert shot.stat().st_size > 10_000


def test_no_page_shows_a_telegram_user_id_or_private_data(browser: Chromium, web: str) -> None:
    pages = [
        "/", "/catalog", "/catalog/web_notes", "/catalog/web_papers", "/catalog/web_claims",
        "/catalog/web_digests", "/catalog/topics", "/catalog/topic?tag=Multimodal",
        "/catalog/digest", "/catalog/search?q=lora", f"/catalog/paper?id={RAG_PAPER}",
        f"/catalog/paper?id={VERA_PAPER}", "/catalog/web_notes.json?_shape=array&_size=max",
        "/catalog/web_claims.json", "/catalog/claims.json?group=",
    ]  # fmt: skip
    seen = {page: httpx.get(web + page, timeout=10) for page in pages}
    seen_in_browser = {
        "claims board": browser.dom(claims_url(web, "LLM Paper Club")),
        "notes": browser.dom(f"{web}/catalog/web_notes?_sort_desc=note_id"),
    }
    texts = {page: response.text for page, response in seen.items()} | seen_in_browser
    for page, response in seen.items():
        assert response.status_code == 200, page
    # The presenters by name; Bo has none, and his id is not shown instead.
    assert column(seen_in_browser["claims board"], "presenter") == ["Ada", "a member"]
    for page, text in texts.items():
        for user_id in (ADA, BO, NAMELESS):
            assert str(user_id) not in text, f"user id {user_id} on {page}"
        assert "private scribble" not in text and "what ada searched" not in text, page


@pytest.mark.parametrize(
    "page",
    [
        "/catalog/members",
        "/catalog/searches",
        "/catalog/notes",
        "/catalog/memberships",
        "/catalog/members.json",
        "/catalog/notes/1.json",
        "/catalog?" + urlencode({"sql": "select * from members"}),
        "/catalog.json?" + urlencode({"sql": "select user_id from claims"}),
        "/catalog.db",
        "/_internal",
        "/-/databases.json",  # would give the catalog's path
        "/-/metadata.json",  # would give the operator's plugin settings
        "/-/plugins",
    ],
)
def test_raw_tables_sql_and_downloads_are_refused(web: str, page: str) -> None:
    response = httpx.get(web + page, timeout=10)
    assert response.status_code in (403, 404), page
    assert str(ADA) not in response.text


def test_forget_removes_a_member_from_the_web_at_once(
    browser: Chromium, web: str, catalog: Path
) -> None:
    url = paper_url(web, RAG_PAPER)
    assert "改写器让检索增强更稳" in browser.dom(url)
    db = open_db(catalog)
    forget_member(db, ADA)
    db.close()
    page = browser.dom(url)
    assert "改写器让检索增强更稳" not in page and ">Ada<" not in page
    assert "针对检索增强的大型语言模型的查询重写" in page  # the rest of the catalog stays
    board = browser.dom(claims_url(web, "LLM Paper Club"))
    assert column(board, "presenter") == ["a member"]  # Bo's claim stays, Ada's is gone


def test_an_operators_allow_block_keeps_anonymous_visitors_out(
    catalog: Path, tmp_path: Path
) -> None:
    rules = tmp_path / "auth.json"
    rules.write_text(json.dumps({"allow": {"id": "reader"}}), encoding="utf-8")
    with serving(catalog, "--metadata", str(rules)) as base:
        for page in (
            "/catalog/search?q=lora",
            f"/catalog/paper?id={RAG_PAPER}",
            "/catalog/web_notes",
            f"/catalog/export.ris?id={RAG_PAPER}",
        ):
            assert httpx.get(base + page, timeout=10).status_code == 403, page


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--db", "/nonexistent/catalog.db"], "no catalog at /nonexistent/catalog.db"),
        (["--metadata", "/nonexistent/auth.json"], "cannot read /nonexistent/auth.json"),
    ],
)
def test_web_refuses_a_missing_catalog_or_settings_file_in_one_line(
    catalog: Path, options: list[str], message: str
) -> None:
    done = subprocess.run(
        [*paperclub_command(), "web", "--db", str(catalog), *options],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_a_paper_a_topic_and_a_group_go_out_to_a_reference_manager(
    browser: Chromium, web: str
) -> None:
    dom = browser.dom(paper_url(web, RAG_PAPER))
    link = re.search(r'href="([^"]*export\.ris[^"]*)"', dom)
    assert link is not None  # the paper page links its RIS export
    response = httpx.get(web + html.unescape(link.group(1)), timeout=10)
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    [record] = rispy.loads(response.text)
    assert record["urls"][0] == f"https://arxiv.org/abs/{RAG_PAPER}"
    # The imported catalog's note (Ada's may be gone: the /forget test shares this catalog).
    assert any("针对检索增强的大型语言模型的查询重写" in note for note in record["notes"])
    assert "private scribble" not in response.text and str(ADA) not in response.text
    topic = httpx.get(export_url(web, "csljson", tag="Multimodal"), timeout=10)
    assert topic.status_code == 200 and len(json.loads(topic.text)) > 1
    group = rispy.loads(httpx.get(export_url(web, "ris", group="LLM Paper Club"), timeout=10).text)
    assert len(group) >= 68 and all(str(BO) not in str(record) for record in group)
    assert httpx.get(f"{web}/catalog/export.ris", timeout=10).status_code == 400


def test_a_note_is_shown_by_its_fields_on_the_paper_page(browser: Chromium, web: str) -> None:
    dom = browser.dom(paper_url(web, RAG_PAPER))
    fields = re.findall(r'<dt class="field-(\w+)">([^<]*)</dt>', dom)
    assert ("method", "Method") in fields and ("title", "Title") in fields
    assert "- 论文方法" not in dom and "- Metode Kertas" not in dom  # not the raw Markdown lines
