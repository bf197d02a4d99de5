"""`paperclub zotero push`: a group's noted papers into a Zotero group library, idempotently."""

from __future__ import annotations

import argparse
import importlib.util
import sys
from typing import Any

EXIT_MISSING = 2


def register(commands: Any) -> None:
    """Add `zotero push` to the `paperclub` parser."""
    zotero = commands.add_parser("zotero", help="send a group's catalog to Zotero")
    actions = zotero.add_subparsers(dest="zotero_command", required=True)
    push = actions.add_parser(
        "push",
        help="add each noted paper, with its notes as child notes, to a Zotero group library "
        "(ZOTERO_API_KEY; needs paperclub[zotero]); a second push adds only what is new",
    )
    push.add_argument("--chat", type=int, required=True, help="the group's chat id")
    push.add_argument(
        "--group-library", type=int, required=True, help="the Zotero group library's id"
    )
    push.set_defaults(func=run_push)


def run_push(args: argparse.Namespace) -> int:
    """Read the group's catalog, then add what the library lacks; one line says what."""
    from bot.config import load_settings

    settings = load_settings(require_token=False)
    if importlib.util.find_spec("pyzotero") is None:
        print(
            "paperclub: `zotero push` needs pyzotero: pip install 'paperclub[zotero]'",
            file=sys.stderr,
        )
        return EXIT_MISSING
    if settings.zotero_api_key is None:
        print(
            "paperclub: set ZOTERO_API_KEY (a key with write access to the library)",
            file=sys.stderr,
        )
        return EXIT_MISSING
    from pyzotero.zotero import Zotero

    from jobs.zotero import push_entries
    from store.db import open_db
    from store.notes import group_catalog
    from store.papers import get_papers
    from store.references import references
    from store.zotero_items import zotero_entries

    db = open_db(settings.db_path)
    try:
        notes = group_catalog(db, args.chat)
        papers = get_papers(db, [n.arxiv_id for n in notes if n.arxiv_id])
    finally:
        db.close()
    entries = zotero_entries(references(notes, papers))
    library = Zotero(args.group_library, "group", settings.zotero_api_key)
    library.endpoint = settings.zotero_api_url
    counts = push_entries(library, entries)
    print(
        f"paperclub: Zotero group {args.group_library}: {counts.papers_added} papers and "
        f"{counts.notes_added} notes added, {counts.papers_there} papers already there"
    )
    return 0
