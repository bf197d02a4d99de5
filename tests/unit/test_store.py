"""The catalog: migrations, WAL, and papers replaced only by newer versions."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlite_utils import Database

from store.db import StoreError, open_db
from store.groups import ensure_group, get_group, member_group_ids, record_member, set_active
from store.papers import Paper, get_paper, upsert_papers
from store.schema import migrations

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def test_migrations_apply_once_and_reopening_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "club.db"
    db = open_db(path)
    applied = [m.name for m in migrations.applied(db)]
    assert applied[0] == "0001_foundation" and len(applied) == len(set(applied))
    upsert_papers(db, [Paper("2401.04088", "Mixtral of Experts", version=1)], NOW)
    db.conn.close()

    again = open_db(path)
    assert [m.name for m in migrations.applied(again)] == applied
    assert migrations.pending(again) == []
    assert get_paper(again, "2401.04088") is not None
    assert again.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_an_unusable_path_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="missing"):
        open_db(tmp_path / "no-such-folder" / "club.db")
    (tmp_path / "not-a-db").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        open_db(tmp_path / "not-a-db")


def test_older_versions_never_overwrite_newer_ones() -> None:
    db = open_db(None)
    v2 = Paper("2401.04088", "Mixtral of Experts (v2)", version=2, doi="10.1/x")
    upsert_papers(db, [v2], NOW)
    upsert_papers(db, [Paper("2401.04088", "Mixtral of Experts (v1)", version=1)], NOW)
    stored = get_paper(db, "2401.04088")
    assert stored is not None and stored.version == 2 and stored.title.endswith("(v2)")

    upsert_papers(db, [Paper("2401.04088", "Mixtral of Experts (v3)", version=3)], NOW)
    stored = get_paper(db, "2401.04088")
    assert stored is not None and stored.version == 3
    assert stored.doi == "10.1/x", "a newer feed item without a DOI keeps the known DOI"


def test_groups_and_memberships() -> None:
    db = open_db(None)
    group = ensure_group(db, -100123, "LLM club", "supergroup", "Asia/Shanghai", NOW)
    assert group.categories == ("cs.CL",) and group.digest_time == "09:00"
    assert group.digest_size == 10 and group.timezone == "Asia/Shanghai"
    record_member(db, 42, "Ada", "ada", NOW, chat_id=-100123)
    assert member_group_ids(db, 42) == [-100123]
    set_active(db, -100123, False, NOW)
    assert member_group_ids(db, 42) == []
    assert get_group(db, -100123) is not None
    ensure_group(db, -100123, "LLM club (renamed)", "supergroup", "UTC", NOW)
    rejoined = get_group(db, -100123)
    assert rejoined is not None and rejoined.active and rejoined.timezone == "Asia/Shanghai"


def test_a_transaction_that_reads_then_writes_waits_for_another_writer(tmp_path: Path) -> None:
    """Another process (the CLI beside the bot) commits between our read and our write: with a
    plain BEGIN that is an immediate "database is locked"; the catalog must wait its turn."""
    path = tmp_path / "club.db"
    open_db(path).conn.close()
    reading = threading.Event()
    errors: list[BaseException] = []

    def read_then_write() -> None:
        db = open_db(path)
        try:
            with db.atomic():
                db.execute("select count(*) from members").fetchone()
                reading.set()
                time.sleep(0.3)
                db.execute("INSERT INTO members (user_id, first_name) VALUES (1, 'a')")
        except BaseException as error:
            errors.append(error)

    worker = threading.Thread(target=read_then_write)
    worker.start()
    assert reading.wait(5)
    other = open_db(path)
    with other.atomic():  # waits for the worker's transaction instead of slipping in between
        other.execute("INSERT INTO members (user_id, first_name) VALUES (2, 'b')")
    worker.join(10)
    assert errors == []
    assert other.execute("select count(*) from members").fetchone()[0] == 2


def test_a_versionless_paper_never_wipes_a_fetched_one_but_fills_its_gaps() -> None:
    db = open_db(None)
    fetched = Paper("2401.04088", "Mixtral of Experts", version=2, abstract="Sparse experts.")
    upsert_papers(db, [fetched], NOW)
    imported = Paper("2401.04088", "mixtral (our notes)", doi="10.1/x", source="import")
    upsert_papers(db, [imported], NOW)
    stored = get_paper(db, "2401.04088")
    assert stored is not None and stored.version == 2
    assert stored.title == "Mixtral of Experts" and stored.abstract == "Sparse experts."
    assert stored.doi == "10.1/x", "what the stored paper lacked is filled in"


def test_migrations_run_in_the_order_of_their_numbers() -> None:
    """A fresh catalog runs the migrations in the order their numbers say (issue 17: the old
    single module defined 0035 before 0030, 0018 and 0020)."""
    from store.schema import MIGRATIONS, migration_name

    numbers = [int(migration_name(module).split("_", 1)[0]) for module in MIGRATIONS]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert [m.name for m in migrations.pending(Database(memory=True))] == [
        migration_name(module) for module in MIGRATIONS
    ]
