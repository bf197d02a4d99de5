"""Imported papers learn their arXiv metadata: at import, on /paper, /claim, /note, and later."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli.main import main
from jobs.arxiv.api import ArxivApi
from jobs.arxiv.backfill import BACKFILL_JOB, complete_metadata, due_for_backfill
from jobs.arxiv.pacer import Pacer
from store.catalog import export_group, import_catalog
from store.db import Database, open_db
from store.groups import ensure_group
from store.papers import Paper, get_paper, get_papers, upsert_papers
from store.parse.search_query import parse_query
from store.search import search_catalog
from tests.fakes.arxiv import FakeArxiv
from tests.harness import RunningBot

SEED = Path(__file__).parents[1] / "fixtures" / "seeds" / "llms-paper-study-club-notes.txt"
CHAT = -1001234567890
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def seeded(tmp_path: Path) -> Database:
    """A catalog with the club's seed imported offline: 68 papers known only by title."""
    db = open_db(tmp_path / "catalog.db")
    ensure_group(db, CHAT, "LLM paper club", "supergroup", "UTC", NOW)
    import_catalog(db, CHAT, SEED.read_text(encoding="utf-8"), NOW)
    return db


@pytest.fixture
def cli_db(tmp_path: Path, arxiv_server: FakeArxiv, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`paperclub` sub-commands run in this test work on a fresh catalog and the fake arXiv."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PAPERCLUB_HOME", str(tmp_path))
    monkeypatch.setenv("PAPERCLUB_DB", str(tmp_path / "cli.db"))
    monkeypatch.setenv("ARXIV_API_URL", arxiv_server.api_url)
    return tmp_path / "cli.db"


def test_import_looks_up_metadata_in_batches(
    cli_db: Path,
    arxiv_server: FakeArxiv,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("jobs.arxiv.pacer.ARXIV_MIN_INTERVAL", 0.0)
    assert main(["import", str(SEED), "--chat", str(CHAT)]) == 0
    out = capsys.readouterr()
    # 68 papers in one request of 68 ids (a batch holds up to 100); the records that carry an
    # abstract and authors complete their paper (real arXiv always has both).
    requests = arxiv_server.api_requests()
    assert len(requests) == 1 and len(requests[0].query["id_list"][0].split(",")) == 68
    papers = get_papers(open_db(cli_db), arxiv_server.records)
    complete = sum(not paper.lacks_metadata for paper in papers.values())
    assert complete == 32 and f"metadata: {complete} of 68 papers" in out.out
    qlora = papers["2305.14314"]
    assert qlora.authors[0] == "Tim Dettmers" and qlora.abstract.startswith("We present QLoRA")
    assert "looking up metadata: 68/68 papers" in out.err


def test_import_with_arxiv_down_imports_and_says_what_it_could_not_look_up(
    cli_db: Path, arxiv_server: FakeArxiv, capsys: pytest.CaptureFixture[str]
) -> None:
    arxiv_server.api_status = 503
    assert main(["import", str(SEED), "--chat", str(CHAT)]) == 0
    out = capsys.readouterr().out
    assert "notes added: 79" in out
    assert "metadata: 0 of 68 papers" in out
    assert "could not look up 68 papers (arXiv did not answer)" in out
    assert get_paper(open_db(cli_db), "2401.04088") is not None


def test_offline_import_asks_nothing(cli_db: Path, arxiv_server: FakeArxiv) -> None:
    assert main(["import", str(SEED), "--chat", str(CHAT), "--offline"]) == 0
    assert arxiv_server.api_requests() == []


def test_backfill_retries_later_and_never_blanks_what_is_known(
    seeded: Database, arxiv_server: FakeArxiv
) -> None:
    api = ArxivApi(arxiv_server.api_url, Pacer(0.0))
    arxiv_server.api_status = 503
    due = due_for_backfill(seeded, NOW)
    failed = complete_metadata(seeded, api, due, NOW)
    assert (len(due), failed.completed, failed.not_answered) == (68, 0, 68)
    arxiv_server.api_status = 200
    # Not answered is not "checked": the next round asks for all of them again.
    later = NOW + timedelta(minutes=5)
    done = complete_metadata(seeded, api, due_for_backfill(seeded, later), later)
    assert done.completed == 32 and done.not_answered == 0
    # Papers arXiv could not complete are not asked again until the retry interval has passed.
    assert due_for_backfill(seeded, NOW + timedelta(hours=1)) == []
    assert len(due_for_backfill(seeded, NOW + timedelta(hours=7))) == 68 - 32
    # A later source without an abstract (a versionless re-import) keeps the stored one.
    upsert_papers(seeded, [Paper("2305.14314", "QLoRA", version=2)], NOW)
    assert get_paper(seeded, "2305.14314").abstract.startswith("We present QLoRA")  # type: ignore[union-attr]


def test_authors_reach_search_and_bibtex(seeded: Database, arxiv_server: FakeArxiv) -> None:
    assert search_catalog(seeded, parse_query("author:Dettmers"), [CHAT]).hits == ()
    api = ArxivApi(arxiv_server.api_url, Pacer(0.0))
    complete_metadata(seeded, api, ["2305.14314"], NOW)
    found = search_catalog(seeded, parse_query("author:Dettmers"), [CHAT])
    assert "2305.14314" in {hit.arxiv_id for hit in found.hits}
    assert "author = {Tim Dettmers and Artidoro Pagnoni" in export_group(seeded, CHAT, "bibtex")


async def test_paper_of_an_imported_paper_shows_authors_and_gist(bot: RunningBot) -> None:
    upsert_papers(bot.db, [Paper("2305.14314", "QLoRA", source="import")], NOW)
    member = bot.telegram.user("Ada")
    group = bot.telegram.group("LLM paper club")
    await bot.telegram.send(group, member, "/paper 2305.14314")
    card = await bot.telegram.next_reply(group)
    assert "Tim Dettmers" in card.text
    assert "We present QLoRA, an efficient finetuning approach" in card.text


async def test_claim_of_an_imported_paper_works_while_arxiv_is_down(bot: RunningBot) -> None:
    upsert_papers(bot.db, [Paper("2305.14314", "QLoRA", source="import")], NOW)
    bot.arxiv.api_status = 503
    member = bot.telegram.user("Ada")
    group = bot.telegram.group("LLM paper club")
    await bot.telegram.send(group, member, "/claim 2305.14314")
    reply = await bot.telegram.next_reply(group)
    assert "QLoRA" in reply.text and "Ada" in reply.text


async def test_the_running_bot_completes_imported_papers_in_the_background(
    bot: RunningBot,
) -> None:
    upsert_papers(bot.db, [Paper("2305.14314", "QLoRA", source="import")], NOW)
    backfill = bot.app.bot_data.work.backfill
    assert bot.app.job_queue is not None and bot.app.job_queue.get_jobs_by_name(BACKFILL_JOB)
    report = await backfill.round()
    assert (report.asked, report.completed) == (1, 1)
    assert get_paper(bot.db, "2305.14314").authors[0] == "Tim Dettmers"  # type: ignore[union-attr]
