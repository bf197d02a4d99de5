"""RIS and CSL-JSON exports of the imported seed, read back by well-kept readers (rispy, json)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import rispy

from bot.cli.main import main
from jobs.arxiv.api import ArxivApi
from jobs.arxiv.backfill import complete_metadata, due_for_backfill
from jobs.arxiv.pacer import Pacer
from store.catalog import export_group, import_catalog
from store.db import Database, open_db
from store.groups import ensure_group
from store.papers import get_papers
from store.references import split_name
from tests.fakes.arxiv import FakeArxiv

SEED = Path(__file__).parents[1] / "fixtures" / "seeds" / "llms-paper-study-club-notes.txt"
CHAT = -1001234567890
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def looked_up(tmp_path: Path, arxiv_server: FakeArxiv) -> Database:
    """The seed imported, then the papers' metadata looked up from (recorded) arXiv."""
    db = open_db(tmp_path / "catalog.db")
    ensure_group(db, CHAT, "LLM paper club", "supergroup", "UTC", NOW)
    import_catalog(db, CHAT, SEED.read_text(encoding="utf-8"), NOW)
    complete_metadata(
        db, ArxivApi(arxiv_server.api_url, Pacer(0.0)), due_for_backfill(db, NOW), NOW
    )
    return db


def authored(db: Database) -> dict[str, tuple[str, ...]]:
    """The seed's papers the bot learned authors for."""
    papers = get_papers(db, [r["arxiv_id"] for r in db.query("select arxiv_id from papers")])
    return {key: paper.authors for key, paper in papers.items() if paper.authors}


def test_ris_export_parses_with_rispy_and_carries_every_known_author(looked_up: Database) -> None:
    records = rispy.loads(export_group(looked_up, CHAT, "ris"))
    known = authored(looked_up)
    assert len(known) == 32  # the recorded answers complete 32 of the seed's 68 papers
    by_id = {record["id"]: record for record in records}
    assert len(by_id) == len(records)  # one record per paper, however many notes it has
    for arxiv_id, authors in known.items():
        record = by_id[arxiv_id]
        assert len(record["authors"]) == len(authors), arxiv_id  # full authors, not "et al."
        assert record["urls"][0] == f"https://arxiv.org/abs/{arxiv_id}"
    qlora = by_id["2305.14314"]
    assert qlora["authors"][:2] == ["Dettmers, Tim", "Pagnoni, Artidoro"]
    assert qlora["title"].startswith("QLoRA") and qlora["abstract"].startswith("We present QLoRA")
    assert any("notes" in record for record in records)  # the club's notes go along


def test_csljson_export_parses_and_carries_every_known_author(looked_up: Database) -> None:
    items = json.loads(export_group(looked_up, CHAT, "csljson"))
    by_id = {item["id"]: item for item in items}
    for arxiv_id, authors in authored(looked_up).items():
        item = by_id[arxiv_id]
        names = [
            f"{a['given']} {a['family']}" if "given" in a else a["literal"] for a in item["author"]
        ]
        assert names == [" ".join(author.split()) for author in authors], arxiv_id
        assert item["type"] == "article" and item["number"] == arxiv_id
    assert by_id["2305.14314"]["issued"] == {"date-parts": [[2023]]}


@pytest.mark.parametrize(
    ("name", "split"),
    [("Tim Dettmers", ("Dettmers", "Tim")), ("Ashish  Vaswani", ("Vaswani", "Ashish")),
     ("张三", ("张三", "")), ("Hugo van der Berg", ("Berg", "Hugo van der"))],
)  # fmt: skip
def test_author_names_split_into_family_and_given(name: str, split: tuple[str, str]) -> None:
    assert split_name(name) == split


def test_the_cli_exports_ris_and_csljson(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PAPERCLUB_DB", str(tmp_path / "club.db"))
    monkeypatch.setenv("ARXIV_API_URL", "http://127.0.0.1:9/api/query")  # never the real arXiv
    assert main(["import", str(SEED), "--chat", "-100500", "--offline"]) == 0
    capsys.readouterr()
    assert main(["export", "--chat", "-100500", "--format", "ris"]) == 0
    records = rispy.loads(capsys.readouterr().out)
    assert len(records) == len({r["id"] for r in records}) >= 68
    assert main(["export", "--chat", "-100500", "--format", "csljson"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == len(records)
