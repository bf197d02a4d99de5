"""`paperclub import` and `paperclub export`: move a group's catalog in and out, offline."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.config import load_settings
from store.catalog import EXPORT_FORMATS, ImportReport, export_group, import_catalog, line_ranges
from store.db import open_db
from store.groups import ensure_group, get_group

EXIT_INPUT = 1


def register(commands: Any) -> None:
    """Add the two sub-commands to the `paperclub` parser."""
    importer = commands.add_parser(
        "import", help="import a club catalog (the seed's Markdown layout) into a group"
    )
    importer.add_argument("file", type=Path, help="the catalog file (.md or .txt, UTF-8)")
    importer.add_argument("--chat", type=int, required=True, help="the group's chat id")
    importer.add_argument("--title", default="", help="the group's title, if it is new")
    importer.set_defaults(func=run_import)
    exporter = commands.add_parser("export", help="export a group's catalog")
    exporter.add_argument("--chat", type=int, required=True, help="the group's chat id")
    exporter.add_argument("--format", choices=EXPORT_FORMATS, default="md")
    exporter.add_argument("--out", type=Path, help="write here instead of standard output")
    exporter.set_defaults(func=run_export)


def _progress(done: int, total: int) -> None:
    step = max(1, total // 20)
    if done == total or done % step == 0:
        print(f"\rimporting: {done}/{total} entries", end="\n" if done == total else "",
              file=sys.stderr, flush=True)  # fmt: skip


def report_lines(report: ImportReport) -> list[str]:
    """The closing report: counts, then what could not be placed, with line numbers."""
    lines = [
        f"entries: {report.entries} ({report.with_arxiv} distinct arXiv papers)",
        f"papers created: {report.papers_created}",
        f"notes added: {report.notes_added}, already present: {report.notes_unchanged}",
    ]
    if report.repeated:
        lines.append(
            "entries on a paper listed earlier in the file (kept as notes of their own), lines: "
            + line_ranges(report.repeated)
        )
    if report.unplaced:
        lines.append(
            f"could not place {len(report.unplaced)} lines (headers, prose, empty sections), "
            f"lines: {line_ranges(report.unplaced)}"
        )
    return lines


def run_import(args: argparse.Namespace) -> int:
    """Import FILE into the group and print the report."""
    try:
        text = args.file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"paperclub: cannot read {args.file}: {exc}", file=sys.stderr)
        return EXIT_INPUT
    settings = load_settings(require_token=False)
    db = open_db(settings.db_path)
    now = datetime.now(UTC)
    if get_group(db, args.chat) is None:
        ensure_group(db, args.chat, args.title, "supergroup", settings.timezone, now)
        print(f"group {args.chat} was new to the catalog: created", file=sys.stderr)
    report = import_catalog(db, args.chat, text, now, progress=_progress)
    print("\n".join(report_lines(report)))
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Write the group's catalog in the chosen format."""
    settings = load_settings(require_token=False)
    db = open_db(settings.db_path)
    if get_group(db, args.chat) is None:
        print(f"paperclub: no group {args.chat} in {settings.db_path}", file=sys.stderr)
        return EXIT_INPUT
    output = export_group(db, args.chat, args.format)
    if args.out is None:
        sys.stdout.write(output)
    else:
        args.out.write_text(output, encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    return 0
