"""`paperclub backup` and `paperclub status`: the operator's tools beside a running bot."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

EXIT_FAILED = 1


def register(commands: Any) -> None:
    """Add the operator sub-commands to the `paperclub` parser."""
    backup = commands.add_parser(
        "backup", help="copy the catalog consistently, even while the bot runs"
    )
    backup.add_argument("file", type=Path, help="the new file to write (must not exist)")
    backup.set_defaults(func=run_backup)


def run_backup(args: argparse.Namespace) -> int:
    """Copy the catalog into FILE with SQLite's online backup API and check the copy."""
    from bot.config import load_settings
    from store.backup import BackupError, backup_file

    settings = load_settings(require_token=False)
    try:
        done = backup_file(settings.db_path, args.file)
    except BackupError as exc:
        print(f"paperclub: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"wrote {done.path} ({done.size:,} bytes), integrity check: {done.integrity}")
    return 0 if done.integrity == "ok" else EXIT_FAILED
