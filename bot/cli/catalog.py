"""`paperclub import` and `paperclub export`: move a group's catalog in and out, offline."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.formats import EXPORT_FORMATS

if TYPE_CHECKING:
    from jobs.arxiv.backfill import MetadataReport
    from store.catalog import ImportReport

EXIT_INPUT = 1


def register(commands: Any) -> None:
    """Add the two sub-commands to the `paperclub` parser."""
    importer = commands.add_parser(
        "import", help="import a club catalog (the seed's Markdown layout) into a group"
    )
    importer.add_argument(
        "file", type=Path, help="the catalog file (.md or .txt, UTF-8, or a .zip holding one)"
    )
    importer.add_argument("--chat", type=int, required=True, help="the group's chat id")
    importer.add_argument("--title", default="", help="the group's title, if it is new")
    importer.add_argument(
        "--offline",
        action="store_true",
        help="do not look up the papers' arXiv metadata now (the running bot completes it later)",
    )
    importer.set_defaults(func=run_import)
    exporter = commands.add_parser("export", help="export a group's catalog")
    exporter.add_argument("--chat", type=int, required=True, help="the group's chat id")
    exporter.add_argument("--format", choices=EXPORT_FORMATS, default="md")
    exporter.add_argument("--out", type=Path, help="write here instead of standard output")
    exporter.set_defaults(func=run_export)


def _progress(doing: str, things: str) -> Callable[[int, int], None]:
    """A progress line on the terminal: 'importing: 12/79 entries'."""

    def show(done: int, total: int) -> None:
        step = max(1, total // 20)
        if done == total or done % step == 0:
            print(f"\r{doing}: {done}/{total} {things}", end="\n" if done == total else "",
                  file=sys.stderr, flush=True)  # fmt: skip

    return show


def metadata_lines(report: MetadataReport, papers: int) -> list[str]:
    """How many of the imported papers now carry arXiv's metadata, and what was not looked up."""
    lines = [f"metadata: {papers - report.asked + report.completed} of {papers} papers"]
    if report.not_answered:
        lines.append(
            f"could not look up {report.not_answered} papers (arXiv did not answer): "
            "kept as imported; the running bot retries them"
        )
    if report.unknown:
        lines.append(f"arXiv has no full metadata for {report.unknown} papers")
    return lines


def report_lines(report: ImportReport) -> list[str]:
    """The closing report: counts, then what could not be placed, with line numbers."""
    from store.catalog import line_ranges

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
    from bot.config import load_settings
    from store.catalog import import_catalog
    from store.db import open_db
    from store.export_files import NotACatalog, catalog_text
    from store.groups import ensure_group, get_group

    try:
        text = catalog_text(args.file.read_bytes())
    except (OSError, NotACatalog) as exc:
        print(f"paperclub: cannot read {args.file}: {exc}", file=sys.stderr)
        return EXIT_INPUT
    settings = load_settings(require_token=False)
    db = open_db(settings.db_path)
    now = datetime.now(UTC)
    if get_group(db, args.chat) is None:
        ensure_group(db, args.chat, args.title, "supergroup", settings.timezone, now)
        print(f"group {args.chat} was new to the catalog: created", file=sys.stderr)
    report = import_catalog(db, args.chat, text, now, progress=_progress("importing", "entries"))
    lines = report_lines(report)
    if not args.offline and report.arxiv_ids:
        from jobs.arxiv.api import ArxivApi
        from jobs.arxiv.backfill import complete_metadata
        from jobs.arxiv.pacer import Pacer

        api = ArxivApi(settings.arxiv_api_url, Pacer(), settings.arxiv_lookup_seconds / 2)
        looked_up = complete_metadata(
            db, api, report.arxiv_ids, now, progress=_progress("looking up metadata", "papers")
        )
        lines += metadata_lines(looked_up, len(report.arxiv_ids))
    print("\n".join(lines))
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Write the group's catalog in the chosen format."""
    from bot.config import load_settings
    from store.catalog import export_group
    from store.db import open_db
    from store.groups import get_group

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
