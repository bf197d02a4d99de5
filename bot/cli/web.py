"""`paperclub web`: serve the catalog read-only in a browser (Datasette, extra `web`)."""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from store.web.language import PageTexts

EXIT_MISSING = 2


def register(commands: Any) -> None:
    """Add the `web` sub-command to the `paperclub` parser."""
    web = commands.add_parser(
        "web", help="serve the catalog read-only in a browser (needs paperclub[web])"
    )
    web.add_argument("--host", default="127.0.0.1", help="address to bind (default: localhost)")
    web.add_argument("--port", type=int, default=8001, help="port (default: 8001)")
    web.add_argument("--db", type=Path, help="the catalog (default: PAPERCLUB_DB)")
    web.add_argument(
        "--metadata",
        type=Path,
        help="JSON with top-level `allow` and `plugins` blocks (e.g. datasette-auth-passwords)",
    )
    web.set_defaults(func=run_web)


def run_web(args: argparse.Namespace) -> int:
    """Bring the catalog's schema up to date, then serve it read-only until interrupted."""
    from bot.config import load_settings
    from store.db import open_db

    if importlib.util.find_spec("datasette") is None:
        print(
            "paperclub: `paperclub web` needs Datasette: pip install 'paperclub[web]'",
            file=sys.stderr,
        )
        return EXIT_MISSING
    settings = load_settings(require_token=False)
    path = args.db or settings.db_path
    if not path.is_file():
        print(f"paperclub: no catalog at {path} (set PAPERCLUB_DB or pass --db)", file=sys.stderr)
        return EXIT_MISSING
    extra = _operator_metadata(args.metadata) if args.metadata else {}
    if extra is None:
        return EXIT_MISSING
    open_db(path).close()  # the web views come with the schema's migrations

    from store.web.server import serve  # imports Datasette: only when serving

    listed = settings.allowed_chats
    only = "" if listed is None else f", only the {len(listed)} groups of PAPERCLUB_ALLOWED_CHATS"
    print(
        f"paperclub: serving {path} read-only{only} at http://{args.host}:{args.port}/ "
        "(Ctrl-C stops)",
        file=sys.stderr,
        flush=True,
    )
    serve(path, web_texts(), args.host, args.port, extra, settings.allowed_chats)
    return 0


def web_texts() -> PageTexts:
    """The bot's catalogs for the web's pages: the web (store/) may not import bot/, so the
    lookups are handed to it here, where both are in reach."""
    from bot.texts import LANGUAGES, MESSAGES
    from bot.texts.languages import DEFAULT_LANGUAGE, language_name, translations
    from bot.texts.markers import Plural
    from store.web.language import PageTexts

    def gettext(language: str, key: str) -> str:
        message = MESSAGES[key]
        singular = message if isinstance(message, str) else message.singular
        return translations(language).gettext(singular)

    def ngettext(language: str, key: str, n: int) -> str:
        message = MESSAGES[key]
        if not isinstance(message, Plural):
            return gettext(language, key)
        return translations(language).ngettext(message.singular, message.plural, n)

    names = {code: language_name(code).split(" (")[0] for code in LANGUAGES}
    return PageTexts(gettext, ngettext, dict(LANGUAGES), names, DEFAULT_LANGUAGE)


def _operator_metadata(path: Path) -> dict[str, Any] | None:
    """The operator's `allow` and `plugins` blocks; None (after saying why) if unreadable."""
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"paperclub: cannot read {path}: {exc}", file=sys.stderr)
        return None
    if not isinstance(loaded, dict) or not set(loaded) <= {"allow", "plugins"}:
        print(f"paperclub: {path} may only hold `allow` and `plugins`", file=sys.stderr)
        return None
    return loaded
