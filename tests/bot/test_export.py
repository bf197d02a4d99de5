"""/export, /forget, and the operator's `paperclub import` / `paperclub export`."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import rispy

from bot.cli.main import main
from bot.config import Settings
from store.catalog import import_catalog
from store.claims import claim_paper
from store.db import open_db
from store.forgetting import Forgettable, forget_member
from store.groups import ensure_group
from store.notes import group_catalog
from store.papers import Paper, upsert_papers
from store.parse.catalog_markdown import parse_catalog
from store.reminders import begin_nudge, open_claims
from store.search import save_search, saved_search
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.telegram import FakeTelegram, Posted
from tests.harness import RunningBot, running_bot

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
SEED = Path(__file__).parents[1] / "fixtures" / "seeds" / "llms-paper-study-club-notes.txt"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def club(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> AsyncIterator[RunningBot]:
    async with running_bot(settings, telegram, arxiv_server, clock=lambda: NOW) as running:
        upsert_papers(running.db, [Paper("2401.04088", "Mixtral of Experts", 1)], NOW)
        yield running


async def test_export_in_a_group_sends_the_catalog_as_markdown(club: RunningBot) -> None:
    ada = club.telegram.user("Ada")
    group = club.telegram.group("LLM paper club")
    await club.telegram.send(group, ada, "/export")
    assert "no notes to export" in (await club.telegram.next_reply(group)).text
    await club.telegram.send(group, ada, "/note 2401.04088\n机构: Mistral AI\n论文方法: 稀疏专家")
    await club.telegram.next_reply(group)
    await club.telegram.send(group, ada, "/export")
    sent = await club.telegram.next_reply(group)
    assert sent.document is not None and sent.text == "1 entry from LLM paper club."
    filename, content = sent.document
    assert filename == "llm-paper-club-notes.md"
    [entry] = parse_catalog(content.decode()).entries
    assert entry.arxiv_id == "2401.04088" and entry.fields.institution == "Mistral AI"
    assert entry.fields.note_author == "Ada" and entry.fields.method == "稀疏专家"


async def test_members_notes_join_the_imported_section_of_their_paper(club: RunningBot) -> None:
    # Issue 11: Ada's note on Mixtral (in the seed's "MoE 篇") goes into that section; a note on
    # a paper the seed lacks starts a section named by its first tag as written ("MoE").
    ada = club.telegram.user("Ada")
    group = club.telegram.group("LLM paper club")
    upsert_papers(club.db, [Paper("2501.00001", "Another MoE", 1)], NOW)
    note = "/note 2401.04088\n相关领域: MoE、推理效率\n论文方法: 路由"
    await club.telegram.send(group, ada, note)
    await club.telegram.next_reply(group)
    import_catalog(club.db, group.id, SEED.read_text(encoding="utf-8"), NOW)
    await club.telegram.send(group, ada, "/note 2501.00001\n相关领域: MoE\n论文方法: 更多专家")
    await club.telegram.next_reply(group)
    await club.telegram.send(group, ada, "/export")
    sent = await club.telegram.next_reply(group)
    assert sent.document is not None
    text = sent.document[1].decode()
    sections = parse_catalog(text).sections
    assert sections.count("MoE 篇") == 1 and sections.count("MoE") == 1
    moe = text[text.index("\nMoE 篇\n") : text.index("\nMoE\n")]
    assert "- 论文方法: 路由" in moe and "- 笔记作者: Ada" in moe
    assert "- 相关领域: MoE、推理效率" in moe  # her own tags, all of them
    assert "- 论文方法: 更多专家" in text[text.index("\nMoE\n") :]
    private = club.telegram.private_chat(ada)  # her own notes only, in the same sections
    await club.telegram.send(private, ada, "/export")
    mine = await club.telegram.next_reply(private)
    assert mine.document is not None
    assert sorted(parse_catalog(mine.document[1].decode()).sections) == ["MoE", "MoE 篇"]


async def test_export_in_private_sends_only_the_members_own_notes(club: RunningBot) -> None:
    ada, bo = club.telegram.user("Ada"), club.telegram.user("Bo")
    group = club.telegram.group("LLM paper club")
    await club.telegram.send(group, ada, "/note 2401.04088 Method: Ada's view")
    await club.telegram.send(group, bo, "/note 2401.04088 Method: Bo's view")
    await club.telegram.next_replies(group, 2)
    private = club.telegram.private_chat(ada)
    await club.telegram.send(private, ada, "/export")
    sent = await club.telegram.next_reply(private)
    assert sent.document is not None and sent.text == "Your notes (1)."
    text = sent.document[1].decode()
    assert "Ada's view" in text and "Bo's view" not in text


async def test_a_telegram_note_survives_export_and_reimport(club: RunningBot) -> None:
    ada = club.telegram.user("Ada")
    group = club.telegram.group("LLM paper club")
    note = (
        "论文名称: Mixtral of Experts\n论文名称: 又名 Mixtral 8x7B\n"
        "链接: https://github.com/foo/bar\n论文方法: 稀疏专家"
    )
    await club.telegram.send(group, ada, f"/note 2401.04088\n{note}")
    await club.telegram.next_reply(group)
    await club.telegram.send(group, ada, "/export")
    content = (await club.telegram.next_reply(group)).document
    assert content is not None
    ensure_group(club.db, -1009, "copy", "supergroup", "UTC", NOW)
    report = import_catalog(club.db, -1009, content[1].decode(), NOW)
    assert report.entries == 1 and report.unplaced == ()
    [original] = group_catalog(club.db, group.id)
    [copy] = group_catalog(club.db, -1009)
    assert copy.entry_key == "2401.04088" and copy.fields == original.fields
    assert copy.fields.url == "https://arxiv.org/abs/2401.04088"
    assert copy.fields.body == "论文名称: 又名 Mixtral 8x7B\n链接: https://github.com/foo/bar"


async def test_forget_asks_first_then_deletes_notes_and_claims_everywhere(club: RunningBot) -> None:
    ada, bo = club.telegram.user("Ada"), club.telegram.user("Bo")
    first, second = club.telegram.group("LLM club"), club.telegram.group("RAG club")
    await club.telegram.send(first, ada, "/claim 2401.04088")
    await club.telegram.send(second, ada, "/note 2401.04088 Method: mine")
    await club.telegram.send(second, bo, "/note 2401.04088 Method: Bo's")
    await club.telegram.next_reply(first)
    await club.telegram.next_replies(second, 2)
    await club.telegram.send(first, ada, "/forget")
    assert "in a private chat" in (await club.telegram.next_reply(first)).text
    private = club.telegram.private_chat(ada)
    await club.telegram.send(private, ada, "/forget")
    question = await club.telegram.next_reply(private)
    assert "all your notes (1, each with its revisions), your open claims (1)" in question.text
    await club.telegram.press(private, ada, question, f"forget:no:{ada.id}")
    await club.telegram.wait_for(lambda: question.edits == 1)
    assert question.text == "Nothing was deleted." and len(group_catalog(club.db, second.id)) == 2

    await club.telegram.send(private, ada, "/forget")
    question = await club.telegram.next_reply(private)
    await club.telegram.press(private, ada, question, f"forget:yes:{ada.id}")
    await club.telegram.wait_for(lambda: question.edits == 1)
    assert question.text == "Done: deleted your notes (1), open claims (1) and past claims (0)."
    assert [n.author_name for n in group_catalog(club.db, second.id)] == ["Bo"]
    assert club.db.execute("select count(*) from claims").fetchone()[0] == 0


async def test_forget_counts_what_it_deletes_and_a_double_press_changes_nothing(
    club: RunningBot,
) -> None:
    ada = club.telegram.user("Ada")
    group = club.telegram.group("LLM club")
    private = club.telegram.private_chat(ada)
    await club.telegram.send(private, ada, "/forget")
    assert "nothing to delete" in (await club.telegram.next_reply(private)).text
    await club.telegram.send(group, ada, "/claim 2401.04088")
    await club.telegram.send(group, ada, "/note 2401.04088 Method: first")
    await club.telegram.send(group, ada, "/note 2401.04088 Method: second")
    await club.telegram.next_replies(group, 3)

    await club.telegram.send(private, ada, "/forget")
    question = await club.telegram.next_reply(private)
    assert "notes (1, each with its revisions), your open claims (0)" in question.text
    await club.telegram.press(private, ada, question, f"forget:no:{ada.id}")
    await club.telegram.press(private, ada, question, f"forget:no:{ada.id}")
    await club.settled()
    assert question.text == "Nothing was deleted." and club.telegram.unread(private) == []

    await club.telegram.send(private, ada, "/forget")
    question = await club.telegram.next_reply(private)
    await club.telegram.press(private, ada, question, f"forget:yes:{ada.id}")
    await club.telegram.press(private, ada, question, f"forget:yes:{ada.id}")
    await club.settled()
    assert question.text == "Done: deleted your notes (1), open claims (0) and past claims (1)."
    assert question.edits == 1 and club.telegram.unread(private) == []


def test_forget_leaves_no_nudge_behind_for_the_next_claimant_of_a_reused_claim_id() -> None:
    db = open_db(None)
    ensure_group(db, -1001, "club", "supergroup", "UTC", NOW)
    upsert_papers(db, [Paper("2401.04088", "Mixtral of Experts", 1)], NOW)
    ada, bo = 11, 12
    claim_paper(db, -1001, "2401.04088", ada, date(2026, 11, 23), NOW)
    [adas] = open_claims(db, -1001)
    assert begin_nudge(db, adas, "due_soon", "group", NOW)
    search = save_search(db, -1001, ada, "mixtral", NOW)
    assert forget_member(db, ada) == Forgettable(notes=0, open_claims=1, past_claims=0)
    assert saved_search(db, search) is None
    claim_paper(db, -1001, "2401.04088", bo, date(2026, 11, 23), NOW)
    [bos] = open_claims(db, -1001)
    assert bos.id == adas.id  # claims.id has no AUTOINCREMENT: the freed id comes back
    assert begin_nudge(db, bos, "due_soon", "group", NOW)  # so Bo is nudged too


Paperclub = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def paperclub(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Paperclub:
    """`paperclub ARGS...` as the operator types it, run in this process (each one had cost a
    second of CPU to start): its exit status, what it printed and what it said on stderr."""
    for name in list(os.environ):
        if name.startswith(("TELEGRAM_", "PAPERCLUB_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PAPERCLUB_DB", str(tmp_path / "club.db"))
    monkeypatch.setenv("ARXIV_API_URL", "http://127.0.0.1:9/api/query")  # never the real arXiv
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        code = main(list(args))
        out = capsys.readouterr()
        return subprocess.CompletedProcess(["paperclub", *args], code, out.out, out.err)

    return run


def test_cli_import_reports_and_export_round_trips(tmp_path: Path, paperclub: Paperclub) -> None:
    done = paperclub("import", str(SEED), "--chat", "-100500", "--title", "LLM club", "--offline")
    assert done.returncode == 0, done.stderr
    assert "entries: 79 (68 distinct arXiv papers)" in done.stdout
    assert "notes added: 79, already present: 0" in done.stdout
    assert "could not place 90 lines" in done.stdout and "lines: 1–14, 16–57" in done.stdout
    assert "importing: 79/79 entries" in done.stderr
    again = paperclub("import", str(SEED), "--chat", "-100500", "--offline")
    assert "notes added: 0, already present: 79" in again.stdout
    out = tmp_path / "club.md"
    exported = paperclub("export", "--chat", "-100500", "--format", "md", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    assert paperclub("import", str(out), "--chat", "-100600", "--offline").returncode == 0
    db = open_db(tmp_path / "club.db")
    first = sorted((n.entry_key, n.heading, repr(n.fields)) for n in group_catalog(db, -100500))
    second = sorted((n.entry_key, n.heading, repr(n.fields)) for n in group_catalog(db, -100600))
    assert first == second and len(first) == 79  # every seed entry, repeats too
    bibtex = paperclub("export", "--chat", "-100500", "--format", "bibtex")
    assert bibtex.stdout.count("@misc{") == 79
    missing = paperclub("export", "--chat", "-1", "--format", "json")
    assert missing.returncode == 1 and "no group -1" in missing.stderr


async def _exported(club: RunningBot, command: str) -> Posted:
    """Ada's note on Mixtral in a new group, then `command`'s reply."""
    ada = club.telegram.user("Ada")
    group = club.telegram.group("LLM paper club")
    await club.telegram.send(group, ada, "/note 2401.04088\n机构: Mistral AI\n论文方法: 稀疏专家")
    await club.telegram.next_reply(group)
    await club.telegram.send(group, ada, command)
    return await club.telegram.next_reply(group)


async def test_export_ris_and_csljson_in_a_group_send_the_papers_for_a_reference_manager(
    club: RunningBot,
) -> None:
    sent = await _exported(club, "/export ris")
    ada, group = club.telegram.user("Ada"), club.telegram.chats[sent.chat_id]
    assert sent.document is not None and sent.document[0] == "llm-paper-club-notes.ris"
    [record] = rispy.loads(sent.document[1].decode())
    assert record["title"] == "Mixtral of Experts" and "稀疏专家" in record["notes"][0]
    await club.telegram.send(group, ada, "/export CSLJSON")
    sent = await club.telegram.next_reply(group)
    assert sent.document is not None and sent.document[0] == "llm-paper-club-notes.json"
    [item] = json.loads(sent.document[1])
    assert item["number"] == "2401.04088" and item["URL"] == "https://arxiv.org/abs/2401.04088"
    await club.telegram.send(group, ada, "/export pdf")
    assert "ris" in (await club.telegram.next_reply(group)).text
    private = club.telegram.private_chat(ada)
    await club.telegram.send(private, ada, "/export ris")
    assert "in a group" in (await club.telegram.next_reply(private)).text


async def test_export_bibtex_and_json_in_a_group_and_every_format_named_on_a_typo(
    club: RunningBot,
) -> None:
    sent = await _exported(club, "/export bibtex")
    ada, group = club.telegram.user("Ada"), club.telegram.chats[sent.chat_id]
    assert sent.document is not None and sent.document[0] == "llm-paper-club-notes.bib"
    assert sent.text == "1 entry from LLM paper club, as BibTeX."
    bibtex = sent.document[1].decode()
    assert bibtex.startswith("@misc{2401_04088,") and "title = {Mixtral of Experts}" in bibtex
    assert "eprint = {2401.04088}" in bibtex
    await club.telegram.send(group, ada, "/export JSON")
    sent = await club.telegram.next_reply(group)
    assert sent.document is not None and sent.document[0] == "llm-paper-club-notes.json"
    assert sent.text == "1 entry from LLM paper club, as JSON."
    [record] = json.loads(sent.document[1])
    assert record["arxiv_id"] == "2401.04088" and record["institution"] == "Mistral AI"
    assert record["method"] == "稀疏专家" and record["author"] == "Ada"
    await club.telegram.send(group, ada, "/export pdf")
    typo = (await club.telegram.next_reply(group)).text
    assert all(word in typo for word in ("bibtex", "json", "ris", "csljson", "Markdown"))
    private = club.telegram.private_chat(ada)
    await club.telegram.send(private, ada, "/export bibtex")
    assert "/export bibtex in a group" in (await club.telegram.next_reply(private)).text
