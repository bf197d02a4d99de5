"""`paperclub zotero push`: the real CLI against a fake Zotero Web API (tests/fakes/zotero.py)."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from store.db import open_db
from store.groups import ensure_group
from store.notes import group_catalog, save_note
from store.papers import Paper, upsert_papers
from store.parse.note_fields import parse_note
from tests.bot.test_web import paperclub_command
from tests.fakes.zotero import FakeZotero, serving
from tests.search_data import NOW, import_seed

pytest.importorskip("pyzotero", reason="paperclub[zotero] (pyzotero) is not installed")

CLUB = -1001234567890
LIBRARY = 5551234
KEY = "fake-zotero-key-0123456789"
SEED = "llms-paper-study-club-notes.txt"
LOOKED_UP = "2305.14283"  # in the seed; the bot looked its metadata up


def write_catalog(path: Path) -> None:
    db = open_db(path)
    ensure_group(db, CLUB, "LLM Paper Club", "supergroup", "UTC", NOW, language="zh")
    import_seed(db, CLUB, SEED)
    upsert_papers(
        db,
        [Paper(LOOKED_UP, "Query Rewriting for Retrieval-Augmented LLMs",
               authors=("Xinbei Ma", "Yeyun Gong", "Nan Duan"), abstract="Rewrite, retrieve, read.",
               published=datetime(2023, 5, 23, tzinfo=UTC))],
        NOW,
    )  # fmt: skip
    db.close()


def push(catalog: Path, base: str, key: str = KEY) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZOTERO_"))}
    env |= {"PAPERCLUB_DB": str(catalog), "ZOTERO_API_URL": base}
    if key:
        env["ZOTERO_API_KEY"] = key
    return subprocess.run(
        [*paperclub_command(), "zotero", "push", "--chat", str(CLUB), "--group-library",
         str(LIBRARY)],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_a_push_adds_each_noted_paper_with_its_notes_once(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.db"
    write_catalog(catalog)
    fake = FakeZotero(LIBRARY, KEY)
    db = open_db(catalog)
    entries = {note.entry_key for note in group_catalog(db, CLUB)}
    db.close()
    with serving(fake) as base:
        first = push(catalog, base)
        assert first.returncode == 0, first.stderr
        parents = fake.parents()
        assert len(parents) == len(entries) > 50  # more than one write of 50
        looked_up = next(p for p in parents if p["archiveID"] == f"arXiv:{LOOKED_UP}")
        assert looked_up["itemType"] == "preprint"
        assert looked_up["creators"][0] == {
            "creatorType": "author", "firstName": "Xinbei", "lastName": "Ma",
        }  # fmt: skip
        assert looked_up["url"] == f"https://arxiv.org/abs/{LOOKED_UP}"
        [child] = fake.children(looked_up["key"])
        assert "针对检索增强的大型语言模型的查询重写" in child["note"]
        assert f"{len(parents)} papers" in first.stdout

        writes = fake.writes
        again = push(catalog, base)  # idempotent: nothing new, nothing written
        assert again.returncode == 0, again.stderr
        assert fake.writes == writes and len(fake.parents()) == len(parents)
        assert "0 papers and 0 notes added" in again.stdout

        db = open_db(catalog)
        text = "复现了一遍: the rewriter helps"
        save_note(
            db, chat_id=CLUB, entry_key=LOOKED_UP, arxiv_id=LOOKED_UP, author_id=42,
            author_name="Ada", fields=parse_note(text), raw_text=text, now=NOW,
        )  # fmt: skip
        db.close()
        third = push(catalog, base)  # a new note: one child note, no new paper
        assert "0 papers and 1 notes added" in third.stdout, third.stdout
        assert len(fake.parents()) == len(parents)
        assert len(fake.children(looked_up["key"])) == 2


def test_a_push_without_a_key_says_so_in_one_line(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.db"
    write_catalog(catalog)
    fake = FakeZotero(LIBRARY, KEY)
    with serving(fake) as base:
        done = push(catalog, base, key="")
    assert done.returncode == 2 and "ZOTERO_API_KEY" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and fake.items == {}
