"""/export of a 5,000-note catalog reaches the chat under Telegram's cap and re-imports.

Issue 18: Telegram refuses a bot's file above 50 MB (413) and the member got "a problem on my
side". The caps are lowered (the fake's and the bot's alike) so the test need not build 50 MB.
"""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import zipfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlite_utils import Database

from bot.cli.main import main
from bot.config import Settings
from store.catalog import export_group, import_catalog
from store.db import open_db
from store.export_files import catalog_text, zipped
from store.groups import ensure_group
from store.notes import group_catalog
from store.parse.catalog_markdown import entry_from_note, render_catalog
from store.parse.note_fields import NoteFields
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.telegram import Chat, FakeTelegram, Posted
from tests.harness import RunningBot, fresh_db, running_bot

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
NOTES = 5_000
GROUP = "LLM paper club"
CHAT_ID = -100_500


def _catalog_markdown() -> str:
    """5,000 entries in the club's layout, in ten sections, with words that do not repeat much
    (so the zip is about as big, relative to the text, as a real catalog's)."""
    rng = random.Random(18)
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ["".join(rng.choices(letters, k=rng.randint(3, 9))) for _ in range(3000)]
    words += ["稀疏", "专家", "检索", "增强", "推理", "对齐", "微调", "评测"]

    def prose(n: int) -> str:
        return " ".join(rng.choices(words, k=n))

    entries = [
        entry_from_note(
            NoteFields(
                title=f"Paper {number}: {prose(6)}",
                url=f"https://arxiv.org/abs/2401.{number:05d}",
                institution=prose(2),
                method=prose(40),
                results=prose(30),
                tags=(f"Section {number % 10}",),
                note_author=rng.choice(["Ada", "Bo", "晨"]),
            ),
            arxiv_id=f"2401.{number:05d}",
        )
        for number in range(1, NOTES + 1)
    ]
    return render_catalog(entries)


@dataclass(frozen=True)
class Big:
    """The catalog file, and the sizes of its Markdown export plain and zipped (bytes)."""

    path: Path
    markdown: int
    zipped: int


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Big:
    """A migrated catalog holding the 5,000-note group, built once for the module."""
    path = tmp_path_factory.mktemp("big") / "big.db"
    db = fresh_db(path)
    ensure_group(db, CHAT_ID, GROUP, "supergroup", "UTC", NOW)
    report = import_catalog(db, CHAT_ID, _catalog_markdown(), NOW)
    assert report.notes_added == NOTES
    markdown = export_group(db, CHAT_ID, "md").encode()
    db.conn.close()
    return Big(path, len(markdown), len(zipped("notes.md", markdown)))


@asynccontextmanager
async def _club(
    settings: Settings, arxiv: FakeArxiv, big: Big, limit: int
) -> AsyncIterator[RunningBot]:
    """The bot over a copy of the big catalog, with Telegram's cap and its own at `limit`."""
    telegram = FakeTelegram(settings.telegram_bot_token)
    telegram.upload_limit = limit
    telegram.chats[CHAT_ID] = Chat(CHAT_ID, "supergroup", title=GROUP)
    shutil.copy(big.path, settings.db_path)
    limited = replace(settings, upload_limit=limit)
    async with running_bot(
        limited, telegram, arxiv, db=open_db(settings.db_path), clock=lambda: NOW
    ) as running:
        yield running


def _contents(db: Database, chat_id: int) -> list[tuple[str, NoteFields, str]]:
    return sorted((n.entry_key, n.fields, n.heading) for n in group_catalog(db, chat_id))


async def _export(running: RunningBot) -> Posted:
    group = running.telegram.chats[CHAT_ID]
    await running.telegram.send(group, running.telegram.user("Ada"), "/export")
    return await running.telegram.next_reply(group, timeout=30)


async def test_a_catalog_above_the_cap_arrives_zipped_and_reimports(
    settings: Settings, arxiv_server: FakeArxiv, big: Big
) -> None:
    limit = big.markdown // 2
    async with _club(settings, arxiv_server, big, limit) as club:
        sent = await _export(club)
        assert sent.document is not None and sent.document[0] == "llm-paper-club-notes.zip"
        assert len(sent.document[1]) <= limit
        assert sent.text.startswith(f"{NOTES} entries from {GROUP}. Zipped: the file is")
        assert "paperclub import reads the .zip as it is" in sent.text
        names = zipfile.ZipFile(io.BytesIO(sent.document[1])).namelist()
        assert names == ["llm-paper-club-notes.md"]
        ensure_group(club.db, -1009, "copy", "supergroup", "UTC", NOW)
        import_catalog(club.db, -1009, catalog_text(sent.document[1]), NOW)
        assert len(group_catalog(club.db, -1009)) == NOTES
        assert _contents(club.db, -1009) == _contents(club.db, CHAT_ID)
        assert not club.telegram.rejected


async def test_a_zip_still_above_the_cap_comes_in_parts_that_each_reimport(
    settings: Settings,
    arxiv_server: FakeArxiv,
    big: Big,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    limit = big.zipped // 3
    async with _club(settings, arxiv_server, big, limit) as club:
        intro = await _export(club)
        found = re.search(r"In (\d+) zipped parts", intro.text)
        assert intro.document is None and found is not None, intro.text
        total = int(found[1])
        assert 3 <= total <= 6
        assert "Each part is whole on its own" in intro.text
        parts = await club.telegram.next_replies(club.telegram.chats[CHAT_ID], total, timeout=30)
        assert [p.text for p in parts] == [f"Part {n} of {total}." for n in range(1, total + 1)]
        assert [p.document[0] for p in parts if p.document] == [
            f"llm-paper-club-notes-part-{n}-of-{total}.zip" for n in range(1, total + 1)
        ]
        assert all(p.document and len(p.document[1]) <= limit for p in parts)
        assert not club.telegram.rejected
        expected = _contents(club.db, CHAT_ID)
    # Each part re-imports on its own, with the operator's `paperclub import`, into a new catalog.
    for name in list(os.environ):
        if name.startswith(("TELEGRAM_", "PAPERCLUB_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PAPERCLUB_DB", str(tmp_path / "copy.db"))
    monkeypatch.setenv("ARXIV_API_URL", "http://127.0.0.1:9/api/query")  # never the real arXiv
    for part in parts:
        assert part.document is not None
        path = tmp_path / part.document[0]
        path.write_bytes(part.document[1])
        assert main(["import", str(path), "--chat", "-1009", "--offline"]) == 0
    copy = open_db(tmp_path / "copy.db")
    assert len(group_catalog(copy, -1009)) == NOTES
    assert _contents(copy, -1009) == expected


async def test_telegram_refuses_a_file_above_its_cap_with_413(
    settings: Settings, arxiv_server: FakeArxiv, big: Big
) -> None:
    # The fake answers as Telegram does, so the bot's own check is what keeps the export whole.
    async with _club(settings, arxiv_server, big, 10**9) as club:
        club.telegram.upload_limit = 1000
        group = club.telegram.chats[CHAT_ID]
        await club.telegram.send(group, club.telegram.user("Ada"), "/export")
        await club.telegram.wait_for(lambda: bool(club.telegram.rejected), timeout=30)
        assert club.telegram.rejected[0][1:] == (413, "Request Entity Too Large")
