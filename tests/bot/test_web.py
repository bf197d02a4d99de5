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
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
import rispy
from icalendar import Calendar

from store.calendar_feed import calendar_token
from store.claims import claim_paper
from store.db import Database, open_db
from store.digests import DigestItem, start_digest
from store.forgetting import forget_member
from store.groups import ensure_group, record_member
from store.notes import save_note
from store.papers import Paper, upsert_papers
from store.parse.note_fields import parse_note
from store.parse.search_query import parse_query
from store.reasons import Reason
from store.search import search_catalog
from store.sessions import set_weekly
from store.summaries import save_summary
from store.web.links import claims_url, export_url, paper_url
from tests.chromium import Chromium
from tests.search_data import NOW, import_seed

pytest.importorskip("datasette", reason="paperclub[web] (Datasette) is not installed")

CLUB = -1001234567890  # writes in Chinese (/language zh)
CIRCLE = -1009876543210  # an English-speaking group
ADA, BO, NAMELESS, CAROL = 777000111, 777000222, 777000333, 777000444  # never on a page
ARTIFACTS = os.environ.get("PAPERCLUB_TEST_ARTIFACTS")  # else each test's tmp_path
RAG_PAPER = "2305.14283"  # in the seed, with a Chinese note on retrieval augmentation
VERA_PAPER = "2310.11454"  # in the seed, a LoRA variant
CIRCLE_PAPER = "2501.00042"  # only the English group notes it; the bot looked it up
CIRCLE_NOTE = (
    "Motivation: adapters cost too much memory\n"
    "Method: a LoRA with shared random matrices <script>alert(1)</script>\n"
    "GitHub: https://github.com/example/shared-lora"
)


def chromium_binary() -> str:
    """Debian's chromium, or skip: `.ci/run` installs it wherever apt-get can."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("Chromium is not installed here (apt-get install -y chromium)")
    return found


def write_catalog(path: Path) -> None:
    """A group with the seed imported, members' notes and claims, a digest, a private chat."""
    db = open_db(path)
    ensure_group(db, CLUB, "LLM Paper Club", "supergroup", "UTC", NOW, language="zh")
    ensure_group(db, CIRCLE, "Reading Circle", "supergroup", "UTC", NOW, language="en")
    upsert_papers(db, [CIRCLE_ARXIV, VERA_ARXIV], NOW)
    import_seed(db, CLUB, "llms-paper-study-club-notes.txt")
    record_member(db, ADA, "Ada", "ada_l", NOW, chat_id=CLUB)
    record_member(db, BO, "", None, NOW, chat_id=CLUB)  # no name: the bot would say "777000222"
    record_member(db, NAMELESS, "", None, NOW, private_chat=True)
    note(db, ADA, "Ada", RAG_PAPER, "改写器让检索增强更稳 (Ada reading the rewriter)")
    note(db, BO, str(BO), VERA_PAPER, "LoRA is the baseline")
    note(db, BO, str(BO), VERA_PAPER, "LoRA still the baseline to beat")  # a second revision
    # "This week's notes" on the home page are relative to the real clock, as the server's.
    record_member(db, CAROL, "Carol", None, NOW, chat_id=CIRCLE)
    note(db, CAROL, "Carol", CIRCLE_PAPER, CIRCLE_NOTE, CIRCLE, datetime.now(UTC))
    claim_paper(db, CIRCLE, CIRCLE_PAPER, CAROL, CAROL_DUE, NOW)
    claim_paper(db, CLUB, RAG_PAPER, ADA, ADA_DUE, NOW)
    claim_paper(db, CLUB, VERA_PAPER, BO, BO_DUE, NOW)
    # Machine summaries, one per language: each page shows the one in its own language.
    save_summary(db, (RAG_PAPER, 0), "zh", RAG_SUMMARY_ZH, 600, NOW)
    save_summary(db, (RAG_PAPER, 0), "en", "Rewrite the query, then retrieve.", 600, NOW)
    save_summary(db, (CIRCLE_PAPER, 0), "en", CIRCLE_SUMMARY_EN, 590, NOW)
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


VERA_ARXIV = Paper(VERA_PAPER, "VeRA: Vector-based Random Matrix Adaptation")  # arXiv's title
# The server reads the real clock (upcoming presenters, the feed's weeks): dates follow today.
TODAY = datetime.now(UTC).date()
ADA_DUE = TODAY - timedelta(days=6)  # past, still open
BO_DUE = TODAY + timedelta(days=(1 - TODAY.isoweekday()) % 7 + 1)  # next Tuesday: a meeting
CAROL_DUE = TODAY + timedelta(days=29)


def en_day(day: date) -> str:
    """A date as the English pages write it: "Jan 5, 2027"."""
    return f"{day:%b} {day.day}, {day.year}"


def zh_day(day: date) -> str:
    """A date as the Chinese pages write it: "2026年12月1日"."""
    return f"{day.year}年{day.month}月{day.day}日"


RAG_SUMMARY_ZH = "先改写查询再检索，让检索增强问答更稳。"
CIRCLE_SUMMARY_EN = "One random matrix shared by every layer <b>halves</b> the adapters."
CIRCLE_ARXIV = Paper(
    CIRCLE_PAPER,
    "Shared Random Adapters",
    abstract="We share one random matrix across layers.",
    authors=("Grace Hopper", "Alan Turing"),
    categories=("cs.CL", "cs.LG"),
    primary_category="cs.CL",
    published=datetime(2025, 1, 2, tzinfo=UTC),
)


def note(
    db: Database,
    author: int,
    name: str,
    arxiv_id: str,
    text: str,
    chat: int = CLUB,
    now: datetime = NOW,
) -> None:
    save_note(
        db, chat_id=chat, entry_key=arxiv_id, arxiv_id=arxiv_id, author_id=author,
        author_name=name, fields=parse_note(text), raw_text=text, now=now,
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
def serving(catalog: Path, *options: str, settings: dict[str, str] | None = None) -> Iterator[str]:
    """`paperclub web` on a free loopback port, with only `settings` of paperclub's in its
    environment; yields its base URL once it answers."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "PAPERCLUB_"))}
    process = subprocess.Popen(
        [*paperclub_command(), "web", "--db", str(catalog), "--port", str(port), *options],
        env=env
        | {"PAPERCLUB_DB": "/nonexistent/never-used.db", "PAPERCLUB_HOME": str(catalog.parent)}
        | (settings or {}),
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
        found = search_catalog(db, parse_query(typed), [CLUB, CIRCLE], page)
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
        hits = search_catalog(db, parse_query("微调"), [CLUB, CIRCLE], page)
        found += [hit.entry_key for hit in hits.hits if hit.from_notes]
        if not hits.has_next:
            break
        page += 1
    db.close()
    assert sorted(set(column(dom, "entry"))) == sorted(found)
    assert "matching “微调”" in html.unescape(dom)
    assert "tags__arraycontains=" in dom  # the tag facet, over the matching notes only


def test_a_papers_page_shows_its_notes(browser: Chromium, web: str) -> None:
    url = paper_url(web, RAG_PAPER)
    dom = browser.dom(url)
    assert "Rewrite-Retrieve-Read" in dom  # the paper's title
    assert "改写器让检索增强更稳" in dom and ">Ada<" in dom  # Ada's note, under her name
    assert "针对检索增强的大型语言模型的查询重写" in dom  # the imported catalog's note
    assert f"分享：Ada（LLM Paper Club，{zh_day(ADA_DUE)}）" in html.unescape(
        dom
    )  # the club's language
    assert "private scribble" not in dom


def test_no_page_shows_a_telegram_user_id_or_private_data(
    browser: Chromium, web: str, catalog: Path
) -> None:
    # Bo has no name and no username: wherever he is named, "a member" stands for him. The pages
    # added since (meetings, the calendar feed, revisions, topics, exports, error pages) too.
    db = open_db(catalog)
    set_weekly(db, CLUB, BO_DUE.isoweekday(), "19:00", "Room 1", NOW)  # Bo's is the next one
    token = calendar_token(db, CLUB, NOW)
    (bos_note,) = db.execute("select max(id) from notes where author_id = ?", [BO]).fetchone()
    db.close()
    club = urlencode({"group": "LLM Paper Club"})
    pages = [
        "/", "/catalog", "/catalog/web_notes", "/catalog/web_papers", "/catalog/web_claims",
        "/catalog/web_digests", "/catalog/topics", "/catalog/topic?tag=Multimodal",
        "/catalog/digest", "/catalog/search?q=lora", f"/catalog/paper?id={RAG_PAPER}",
        f"/catalog/paper?id={VERA_PAPER}", "/catalog/web_notes.json?_shape=array&_size=max",
        "/catalog/web_claims.json", "/catalog/claims.json?group=",
        "/catalog/web_notes.csv?_size=max", "/catalog/web_claims.csv", "/catalog/topic",
        "/catalog/topics.json", f"/catalog/paper.json?id={VERA_PAPER}",
        f"/catalog/revisions?note={bos_note}", f"/catalog/revisions.json?note={bos_note}",
        f"/catalog/sessions?{club}", f"/-/calendar/{token}.ics",
        f"/catalog/export.ris?{club}", f"/catalog/export.csljson?{club}",
        f"/catalog/export.ris?id={VERA_PAPER}", "/catalog/export.csljson?tag=Multimodal",
        "/catalog/search.json?_shape=array&q=lora", "/catalog/digest.json",
    ]  # fmt: skip
    errors = ["/catalog/web_notes?_sort=nope", "/catalog/nowhere", "/catalog/export.ris"]
    seen = {page: httpx.get(web + page, timeout=10) for page in pages + errors}
    seen_in_browser = {
        "claims board": browser.dom(claims_url(web, "LLM Paper Club")),
        "notes": browser.dom(f"{web}/catalog/web_notes?_sort_desc=note_id"),
        "meetings": browser.dom(f"{web}/catalog/sessions?{club}"),
    }
    texts = {page: response.text for page, response in seen.items()} | seen_in_browser
    for page in pages:
        assert seen[page].status_code == 200, page
    # The presenters by name; Bo has none, and his id is not shown instead.
    assert column(seen_in_browser["claims board"], "presenter") == ["Ada", "一位成员"]
    assert "VeRA: Vector-based Random Matrix Adaptation</a> — 一位成员" in texts["meetings"]
    assert (
        "一位成员" in Calendar.from_ical(seen[f"/-/calendar/{token}.ics"].text).to_ical().decode()
    )
    assert "LoRA is the baseline" in texts[f"/catalog/revisions?note={bos_note}"]
    for page, text in texts.items():
        for user_id in (ADA, BO, NAMELESS, CAROL):
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
    assert column(board, "presenter") == ["一位成员"]  # Bo's claim stays, Ada's is gone


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
    assert ("method", "论文方法") in fields and ("title", "论文名称") in fields  # in Chinese
    assert "- 论文方法" not in dom and "- Metode Kertas" not in dom  # not the raw Markdown lines


def test_an_imported_entry_shows_the_clubs_labels_and_arxivs_title(
    browser: Chromium, web: str
) -> None:
    # Issue 22: the web showed the imported catalog's Indonesian labels and title as written.
    beside = "VeRA: Vector-based Random Matrix Adaptation（目录原文：Vera: Adaptasi Matriks Acak"
    page = browser.dom(paper_url(web, VERA_PAPER))
    titles = [html.unescape(t) for t in re.findall(r'<dd class="field-title">([^<]*)</dd>', page)]
    assert any(title.startswith(beside) for title in titles), titles
    shown = {"group": "LLM Paper Club", "entry": VERA_PAPER}  # the group's page: its language
    listing = browser.dom(f"{web}/catalog/web_notes?{urlencode(shown)}")
    [imported] = [text for text in column(listing, "text") if "Ada tiga titik" in text]
    assert f"- 论文名称: {beside}" in imported and "- 动机: Ada tiga titik" in imported
    assert "- 论文地址: https://arxiv.org/pdf/2310.11454.pdf" in imported
    for indonesian in ("Judul Kertas", "Alamat", "Pertemuan", "Motivasi", "Metode Kertas"):
        assert indonesian not in imported
    assert "LoRA still the baseline to beat" in column(listing, "text")  # a member's, as written


def artifacts_dir(tmp_path: Path) -> Path:
    """Where screenshots go: PAPERCLUB_TEST_ARTIFACTS (CI keeps it), else the test's tmp_path."""
    folder = Path(ARTIFACTS) if ARTIFACTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def visible_text(dom: str) -> str:
    """What a reader sees: the DOM without its tags, styles and scripts."""
    body = re.sub(r"<(style|script)\b.*?</\1>", "", dom, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def test_a_chinese_groups_pages_are_in_chinese_and_an_english_groups_in_english(
    browser: Chromium, web: str, tmp_path: Path
) -> None:
    chinese = browser.dom(paper_url(web, RAG_PAPER))
    english = browser.dom(paper_url(web, CIRCLE_PAPER))
    assert "笔记" in visible_text(chinese) and "导出到文献管理软件" in chinese
    assert "For a reference manager" not in chinese
    assert "For a reference manager" in english and "导出到文献管理软件" not in english
    # The English group's paper: authors, abstract, categories, arXiv and code links, presenter.
    assert "Grace Hopper, Alan Turing" in english and "one random matrix" in english
    assert "cs.CL, cs.LG" in english and f'href="https://arxiv.org/abs/{CIRCLE_PAPER}"' in english
    assert 'class="code" href="https://github.com/example/shared-lora"' in english
    assert f"Presenting: Carol (Reading Circle, {en_day(CAROL_DUE)})" in html.unescape(english)
    assert "Jan 2, 2025" in english  # dates in the page's language
    fields = re.findall(r'<dt class="field-(\w+)">([^<]*)</dt>', english)
    assert ("motivation", "Motivation") in fields and ("method", "Method") in fields
    assert "<script>alert(1)</script>" not in english and "&lt;script&gt;" in english
    chinese_board = browser.dom(claims_url(web, "LLM Paper Club"))
    english_board = browser.dom(claims_url(web, "Reading Circle"))
    assert "认领看板" in chinese_board and "分享人" in chinese_board
    assert "Claims board" in english_board and "Presenter" in english_board
    assert str(CAROL_DUE.year) in " ".join(column(english_board, "due"))
    folder = artifacts_dir(tmp_path)
    for language, entry in (("zh", RAG_PAPER), ("en", CIRCLE_PAPER)):
        shot = folder / f"web-paper-page-{language}.png"
        shot.unlink(missing_ok=True)
        browser.screenshot(paper_url(web, entry), shot)
        assert shot.stat().st_size > 10_000


def test_a_papers_page_shows_its_machine_summary_in_the_pages_language(
    browser: Chromium, web: str
) -> None:
    chinese = browser.dom(paper_url(web, RAG_PAPER))
    english = browser.dom(paper_url(web, CIRCLE_PAPER))
    assert f"机器摘要： {RAG_SUMMARY_ZH}" in " ".join(visible_text(chinese).split())
    assert "Rewrite the query, then retrieve." not in chinese  # not the page's language
    assert "Machine summary:" in english and "&lt;b&gt;halves&lt;/b&gt;" in english  # as text
    assert "<b>halves</b>" not in english


def test_the_language_switch_sticks_and_accept_language_is_the_default(web: str) -> None:
    search = f"{web}/catalog/search?q=lora"
    assert "Search for" in httpx.get(search, headers={"accept-language": "en-US"}).text
    assert "搜索" in httpx.get(search, headers={"accept-language": "zh-CN,zh;q=0.9"}).text
    with httpx.Client(follow_redirects=True, timeout=10) as reader:
        page = reader.get(f"{web}/-/language/en?" + urlencode({"next": paper_url("", RAG_PAPER)}))
        assert page.url.path == "/catalog/paper" and "For a reference manager" in page.text
        again = reader.get(claims_url(web, "LLM Paper Club"))  # the Chinese group's page
        assert "Claims board" in again.text and "认领看板" not in again.text
        reader.get(f"{web}/-/language/zh?next=https://elsewhere.example/")  # stays on the site
        assert "认领看板" in reader.get(claims_url(web, "Reading Circle")).text


@pytest.mark.parametrize(("typed", "marked"), [("检索增强", "检索增强"), ("lora", "LoRA")])
def test_search_results_mark_the_matched_words(
    browser: Chromium, web: str, typed: str, marked: str
) -> None:
    dom = browser.dom(f"{web}/catalog/search?{urlencode({'q': typed})}")
    assert f"<mark>{marked}</mark>" in dom
    assert "<script>alert" not in dom  # a note's markup stays text


def test_a_notes_revisions_are_one_click_away(browser: Chromium, web: str) -> None:
    dom = browser.dom(paper_url(web, VERA_PAPER))
    link = re.search(r'class="revisions" href="([^"]+)">([^<]+)<', dom)
    assert link is not None and "2" in link.group(2)
    revisions = browser.dom(web + html.unescape(link.group(1)))
    assert "LoRA is the baseline" in revisions and "LoRA still the baseline to beat" in revisions


def test_the_home_page_lists_the_groups_and_whats_new(browser: Chromium, web: str) -> None:
    text = visible_text(browser.dom(web + "/"))
    assert "LLM Paper Club" in text and "Reading Circle" in text
    assert "Shared Random Adapters" in text  # a note of this week, and a presenter to come
    assert f"Carol presents it in Reading Circle on {en_day(CAROL_DUE)}" in text


def test_no_page_shows_datasette_internals(browser: Chromium, web: str) -> None:
    pages = [
        "/", "/catalog", "/catalog/web_notes", "/catalog/web_papers", "/catalog/web_claims",
        "/catalog/web_digests", "/catalog/topics", "/catalog/topic?tag=Multimodal",
        "/catalog/digest", "/catalog/search?q=lora", f"/catalog/paper?id={RAG_PAPER}",
        f"/catalog/web_notes?{urlencode({'_q': '微调'})}", "/catalog/claims", "/catalog/nowhere",
    ]  # fmt: skip
    internals: tuple[str, ...] = (
        "Datasette",
        "web_notes",
        "web_papers",
        "web_claims",
        "web_digests",
    )
    internals += ("rows in", "CREATE VIEW", "select ", "note_id", "(view)", "SQL")
    for page in pages:
        text = visible_text(browser.dom(web + page))
        for internal in internals:
            assert internal not in text, f"{internal!r} on {page}"
    missing = httpx.get(web + "/catalog/nowhere", timeout=10)
    assert missing.status_code == 404 and "paperclub-site" in missing.text  # the catalog's look
