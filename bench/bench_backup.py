"""`paperclub backup` on a grown catalog while a writer keeps committing, and `paperclub status`.

Run: .venv/bin/python -m bench.bench_backup [--notes 20000] [--runs 3]
A fresh on-disk catalog (WAL) gets `--notes` notes of about 1 KB (what a year of a busy club
might hold, several times over); then each run copies it with the online backup API while
another thread commits a note every few milliseconds, and reads the status report. Printed:
the catalog's size, the backup's median seconds, its integrity check, and how many notes the
writer committed during the backups (none may be lost or block for long).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from store.backup import backup_file
from store.db import open_db
from store.groups import ensure_group
from store.health import status_report
from store.notes import save_note
from store.parse.note_fields import parse_note

CHAT = -100900
NOW = datetime(2026, 11, 27, 9, tzinfo=UTC)
TEXT = "方法: 稀疏专家混合，每层8个专家，每个token由路由选2个专家。" + " routing" * 100


def grow(path: Path, notes: int) -> None:
    """A catalog with `notes` notes in one group."""
    db = open_db(path)
    ensure_group(db, CHAT, "bench club", "supergroup", "UTC", NOW)
    fields = parse_note(TEXT)
    with db.atomic():
        for number in range(notes):
            save_note(
                db, chat_id=CHAT, entry_key=f"entry-{number}", arxiv_id=None, author_id=1,
                author_name="Ada", fields=fields, raw_text=TEXT, now=NOW,
            )  # fmt: skip
    db.conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "paperclub.db"
        started = time.perf_counter()
        grow(path, args.notes)
        grown = time.perf_counter() - started
        stop, written = threading.Event(), [0]

        def keep_writing() -> None:
            db = open_db(path)
            fields = parse_note(TEXT)
            while not stop.is_set():
                save_note(
                    db, chat_id=CHAT, entry_key=f"live-{written[0]}", arxiv_id=None,
                    author_id=2, author_name="Bo", fields=fields, raw_text=TEXT, now=NOW,
                )  # fmt: skip
                written[0] += 1
                time.sleep(0.005)
            db.conn.close()

        writer = threading.Thread(target=keep_writing)
        writer.start()
        seconds, checks = [], set()
        try:
            for run in range(args.runs):
                started = time.perf_counter()
                copy = backup_file(path, Path(folder) / f"copy-{run}.db")
                seconds.append(time.perf_counter() - started)
                checks.add(copy.integrity)
        finally:
            stop.set()
            writer.join()
        started = time.perf_counter()
        status_report(open_db(path))
        status_seconds = time.perf_counter() - started
        size = path.stat().st_size + Path(f"{path}-wal").stat().st_size
    print(f"{'notes':<34}{args.notes:>12,}")
    print(f"{'catalog size (db + wal), MB':<34}{size / 1e6:>12.1f}")
    print(f"{'build, s':<34}{grown:>12.1f}")
    print(f"{'backup median of ' + str(args.runs) + ', s':<34}{statistics.median(seconds):>12.3f}")
    print(f"{'backup integrity check':<34}{', '.join(sorted(checks)):>12}")
    print(f"{'notes committed during backups':<34}{written[0]:>12,}")
    print(f"{'status report, s':<34}{status_seconds:>12.3f}")


if __name__ == "__main__":
    main()
