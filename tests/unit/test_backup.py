"""`paperclub backup` and the snapshot before migrations (issue 12: WAL makes a plain copy of
the .db unsafe, and migrations used to run with no way back)."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli.main import main
from store.chinese import register_search_text
from store.db import Catalog, open_db
from store.groups import ensure_group
from store.notes import group_catalog, save_note
from store.parse.note_fields import parse_note
from store.schema import migrations

CHAT = -100777
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def write_note(db_path: Path, number: int) -> None:
    db = open_db(db_path)
    text = f"方法: note {number}"
    save_note(
        db, chat_id=CHAT, entry_key=f"entry-{number}", arxiv_id=None, author_id=1,
        author_name="Ada", fields=parse_note(text), raw_text=text, now=NOW,
    )  # fmt: skip
    db.conn.close()


def test_backup_while_a_writer_is_busy_holds_every_committed_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "club.db"
    monkeypatch.setenv("PAPERCLUB_HOME", str(tmp_path))
    monkeypatch.setenv("PAPERCLUB_DB", str(path))
    db = open_db(path)
    ensure_group(db, CHAT, "club", "supergroup", "UTC", NOW)
    for number in range(50):
        write_note(path, number)
    committed = {f"entry-{n}" for n in range(50)}

    # One writer keeps committing notes while another holds the write lock, its note not
    # yet committed, during the backup.
    stop = threading.Event()

    def keep_writing() -> None:
        number = 1000
        while not stop.is_set():
            write_note(path, number)
            number += 1

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        busy = open_db(path)
        busy.conn.execute("BEGIN IMMEDIATE")
        text = "方法: never committed"
        save_note(
            busy, chat_id=CHAT, entry_key="busy", arxiv_id=None, author_id=2,
            author_name="Bo", fields=parse_note(text), raw_text=text, now=NOW,
        )  # fmt: skip
        assert main(["backup", str(tmp_path / "copy.db")]) == 0
        busy.conn.execute("ROLLBACK")
    finally:
        stop.set()
        writer.join()
    assert "integrity check: ok" in capsys.readouterr().out
    copy = sqlite3.connect(tmp_path / "copy.db")
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file
    copy.close()
    restored = open_db(tmp_path / "copy.db")
    keys = {note.entry_key for note in group_catalog(restored, CHAT)}
    assert committed <= keys
    assert "busy" not in keys


def test_backup_refuses_to_overwrite_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PAPERCLUB_HOME", str(tmp_path))
    open_db(tmp_path / "paperclub.db")
    (tmp_path / "old.db").write_text("keep me")
    assert main(["backup", str(tmp_path / "old.db")]) == 1
    assert "already exists" in capsys.readouterr().err
    assert (tmp_path / "old.db").read_text() == "keep me"


def test_a_snapshot_is_taken_only_before_pending_migrations_on_an_existing_catalog(
    tmp_path: Path,
) -> None:
    path = tmp_path / "club.db"
    open_db(path).conn.close()
    assert not list(tmp_path.glob("*.bak"))  # a new catalog: nothing to save
    open_db(path).conn.close()
    assert not list(tmp_path.glob("*.bak"))  # already current
    # A catalog written by the previous version: every migration but the newest applied.
    old = tmp_path / "old.db"
    newest = migrations.pending(Catalog(memory=True))[-1].name
    db = Catalog(sqlite3.connect(old))
    register_search_text(db)
    migrations.apply(db, stop_before=newest)
    # Written as that version wrote it: today's ensure_group may need the newest columns.
    db.table("groups").insert(
        {"chat_id": CHAT, "title": "club", "chat_type": "supergroup", "timezone": "UTC",
         "active": 1, "created_at": NOW.isoformat(), "updated_at": NOW.isoformat()}
    )  # fmt: skip
    db.conn.close()
    open_db(old).conn.close()  # the upgrade
    [snapshot] = tmp_path.glob("*.bak")
    assert snapshot.name.startswith(f"old.db.before-{newest}-")
    copy = sqlite3.connect(snapshot)
    assert copy.execute("select count(*) from groups").fetchone()[0] == 1
    applied = copy.execute("select name from _sqlite_migrations").fetchall()
    assert (newest,) not in applied and len(applied) == len(
        migrations.pending(Catalog(memory=True))
    ) - 1
