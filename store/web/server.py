"""Build the Datasette instance over the catalog and serve it (imports the `web` extra)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import uvicorn
from datasette.app import Datasette
from datasette.database import Database
from datasette.plugins import pm

from store.web import parameters, plugin
from store.web.language import PageTexts
from store.web.links import DATABASE
from store.web.metadata import SETTINGS, build_metadata

TEMPLATES = Path(__file__).parent / "templates"


def build_datasette(
    db_path: Path,
    texts: PageTexts,
    operator: dict[str, Any] | None = None,
    allowed: frozenset[int] | None = None,
) -> Datasette:
    """Datasette over one catalog file, read-only (mode=ro), with our plugin and metadata.

    `texts`: the pages' words (bot/cli/web.py hands in the bot's catalogs). `operator` may add
    an instance-wide `allow` block and plugin settings (authentication). `allowed`: the
    allowed list (PAPERCLUB_ALLOWED_CHATS); when given, only those groups are shown (listed.py).
    """
    if not pm.is_registered(plugin):
        pm.register(plugin, name="paperclub")
    if not pm.is_registered(parameters):
        pm.register(parameters, name="paperclub-parameters")
    datasette = Datasette(
        metadata=build_metadata() | (operator or {}), template_dir=str(TEMPLATES), settings=SETTINGS
    )
    datasette._paperclub_texts = texts  # read by store/web/pages.py
    datasette._paperclub_allowed = allowed  # read by plugin.prepare_connection
    datasette.remove_database("_memory")  # an SQL playground nobody needs
    datasette.add_database(Database(datasette, path=str(db_path), is_mutable=True), DATABASE)
    return datasette


def serve(
    db_path: Path,
    texts: PageTexts,
    host: str,
    port: int,
    operator: dict[str, Any] | None = None,
    allowed: frozenset[int] | None = None,
) -> None:
    """Serve until interrupted."""
    app = build_datasette(db_path, texts, operator, allowed).app()
    uvicorn.run(app, host=host, port=port, log_level="warning")
