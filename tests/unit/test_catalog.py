"""The club's catalog in and out: both seed files import, and export re-imports losslessly."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from store.catalog import export_group, import_catalog, line_ranges
from store.db import Database, open_db
from store.groups import ensure_group
from store.notes import group_catalog, latest_notes, save_note
from store.papers import get_paper
from store.parse.catalog_markdown import CatalogEntry, parse_catalog, render_catalog
from store.parse.ids import find_arxiv_ids
from store.parse.note_fields import NoteFields
from store.reminders import notes_since

SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"
LARGE = SEEDS / "llms-paper-study-club-notes.txt"
SMALL = SEEDS / "small-language-models-overview.txt"
NOW = datetime(2026, 11, 21, 9, tzinfo=UTC)
CHAT, OTHER = -1001, -1002


@pytest.fixture
def db() -> Database:
    db = open_db(None)
    for chat_id in (CHAT, OTHER):
        ensure_group(db, chat_id, "club", "supergroup", "UTC", NOW)
    return db


def catalog(db: Database, chat_id: int) -> list[tuple[object, ...]]:
    """What a group's catalog says, independent of order and of how lines were written."""
    return sorted(
        (n.entry_key, n.arxiv_id or "", n.author_name, n.heading, repr(n.fields))
        for n in group_catalog(db, chat_id)
    )


def test_every_arxiv_id_of_both_seeds_is_present_with_title_and_fields(db: Database) -> None:
    for seed in (LARGE, SMALL):
        import_catalog(db, CHAT, seed.read_text(), NOW)
    text = LARGE.read_text()
    seed_ids = {a.id for a in find_arxiv_ids(text)}
    assert len(seed_ids) == 68
    for arxiv_id in seed_ids:
        paper = get_paper(db, arxiv_id)
        assert paper is not None and paper.title and paper.source == "import", arxiv_id
        notes = latest_notes(db, CHAT, arxiv_id)
        assert notes and notes[0].fields.title and notes[0].fields.url, arxiv_id
    gemini = latest_notes(db, CHAT, "2312.11805")[0]
    assert gemini.fields.title == "Gemini: Keluarga Model Multimodal Sangat Mampu"
    assert gemini.fields.institution == "Google"
    assert gemini.fields.tags == ("Multimodal",)
    assert gemini.fields.method.startswith("Makalah ini memperkenalkan")
    assert gemini.fields.results.startswith("Dalam berbagai tolok ukur")
    mixtral = latest_notes(db, CHAT, "2401.04088")[0]
    assert mixtral.fields.title == "Mixtral of Experts"
    assert mixtral.fields.tags == ("MoE 篇", "模型结构改进", "指令微调", "Transformers")
    assert mixtral.heading == "Mixtral 8x7B: 稀疏专家混合语言模型"
    assert mixtral.raw_text.startswith("- Mixtral 8x7B: 稀疏专家混合语言模型\n- 标题:Mixtral")
    llava = latest_notes(db, CHAT, "2304.08485")[0]
    assert llava.fields.github == "https://github.com/haotian-liu/llava"
    assert "Gunakan klip sebagai encoder gambar" in llava.fields.method


def test_entries_without_an_arxiv_link_are_notes_by_title(db: Database) -> None:
    import_catalog(db, CHAT, LARGE.read_text(), NOW)
    lora = latest_notes(db, CHAT, "lora adaptasi rendah model bahasa besar")
    assert lora and lora[0].arxiv_id is None and lora[0].fields.github
    report = import_catalog(db, CHAT, SMALL.read_text(), NOW)
    assert (report.entries, report.with_arxiv, report.notes_added) == (15, 0, 15)
    tiny = latest_notes(db, CHAT, "tinyllama an open source small language model")
    assert tiny[0].heading == "一个开源的小型语言模型"
    assert tiny[0].fields.method.startswith("本文介绍了TinyLlama")
    orca = latest_notes(db, CHAT, "教小型语言模型如何推理")
    assert orca[0].fields.method.startswith("Orca 2是")
    # The LiteLlama summary has neither a title nor a heading: reported, not guessed.
    assert report.unplaced == (1, 5)


def test_import_reports_counts_unplaced_lines_and_progress(db: Database) -> None:
    seen: list[tuple[int, int]] = []
    report = import_catalog(
        db, CHAT, LARGE.read_text(), NOW, progress=lambda d, t: seen.append((d, t))
    )
    assert (report.entries, report.papers_created, report.notes_added) == (79, 68, 79)
    assert report.with_arxiv == 68
    assert report.repeated == (360, 369, 404, 419)  # the same paper listed twice in the seed
    assert line_ranges(report.unplaced).startswith("1–14, 16–57, 249, 263")
    assert seen[-1] == (79, 79) and len(seen) == 79


def test_importing_twice_changes_nothing(db: Database) -> None:
    import_catalog(db, CHAT, LARGE.read_text(), NOW)
    before = catalog(db, CHAT)
    rows = db.table("notes").count
    again = import_catalog(db, CHAT, LARGE.read_text(), NOW)
    assert (again.notes_added, again.notes_unchanged, again.papers_created) == (0, 79, 0)
    assert db.table("notes").count == rows and catalog(db, CHAT) == before


def test_export_then_reimport_gives_the_same_catalog(db: Database) -> None:
    for seed in (LARGE, SMALL):
        import_catalog(db, CHAT, seed.read_text(), NOW)
    exported = export_group(db, CHAT, "md")
    report = import_catalog(db, OTHER, exported, NOW)
    assert report.unplaced == ()
    assert catalog(db, OTHER) == catalog(db, CHAT)
    assert len(catalog(db, CHAT)) == 94  # 79 + 15: a paper listed twice keeps both entries
    # and importing the export where it came from changes nothing
    assert import_catalog(db, CHAT, exported, NOW).notes_added == 0


def test_export_follows_the_seed_layout() -> None:
    parsed = parse_catalog(LARGE.read_text())
    lines = render_catalog(parsed.entries).splitlines()
    at = lines.index("Multimodal")
    assert lines[at + 1] == "Gemini: Keluarga mode multimodal yang kuat"
    assert lines[at + 2] == "- 论文名称: Gemini: Keluarga Model Multimodal Sangat Mampu"
    assert lines[at + 3] == "- 论文地址: https://arxiv.org/pdf/2312.11805"


def test_json_csv_and_bibtex_exports(db: Database) -> None:
    import_catalog(db, CHAT, LARGE.read_text(), NOW)
    records = json.loads(export_group(db, CHAT, "json"))
    assert len(records) == 79 and records[0]["arxiv_id"] == "2312.11805"
    rows = list(csv.DictReader(io.StringIO(export_group(db, CHAT, "csv"))))
    assert len(rows) == 79 and rows[0]["tags"] == "Multimodal"
    bibtex = export_group(db, CHAT, "bibtex")
    assert "@misc{2401_04088," in bibtex and "eprint = {2401.04088}" in bibtex
    assert bibtex.count("@misc{") == 79


def test_the_weekly_reminder_does_not_list_an_imported_catalog_as_written_this_week(
    db: Database,
) -> None:
    import_catalog(db, CHAT, LARGE.read_text(), NOW)
    assert notes_since(db, CHAT, NOW - timedelta(days=7)) == []
    ada = parse_catalog("Mixtral\n- 论文名称: Mixtral of Experts\n- 论文方法: 路由").entries[0]
    save_note(
        db, chat_id=CHAT, entry_key="mixtral", arxiv_id=None, author_id=7, author_name="Ada",
        fields=ada.fields, raw_text=ada.raw_text, now=NOW,
    )  # fmt: skip
    assert [(n.title, n.author) for n in notes_since(db, CHAT, NOW - timedelta(days=7))] == [
        ("Mixtral of Experts", "Ada")
    ]


def test_body_lines_that_look_like_a_title_or_address_stay_body_text() -> None:
    fields = NoteFields(
        title="Mixtral of Experts",
        url="https://arxiv.org/abs/2401.04088",
        body="论文名称: a second title\n- Paper: https://openreview.net/x\n\\ a backslash",
        method="routing\n\\ continued",
    )
    text = render_catalog([CatalogEntry(0, "", fields)])
    [entry] = parse_catalog(text).entries
    assert entry.fields == fields


def test_a_note_stored_with_another_address_exports_under_its_paper(db: Database) -> None:
    github = NoteFields(title="Mixtral of Experts", url="https://github.com/foo/bar", method="x")
    save_note(
        db, chat_id=CHAT, entry_key="2401.04088", arxiv_id="2401.04088", author_id=7,
        author_name="Ada", fields=github, raw_text="链接: https://github.com/foo/bar", now=NOW,
    )  # fmt: skip
    import_catalog(db, OTHER, export_group(db, CHAT, "md"), NOW)
    [note] = latest_notes(db, OTHER, "2401.04088")
    assert note.fields.url == "https://arxiv.org/abs/2401.04088"
    assert note.fields.body == "论文地址: https://github.com/foo/bar" and note.fields.method == "x"
