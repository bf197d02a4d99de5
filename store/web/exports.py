"""A page's papers out to a reference manager: `/catalog/export.ris?id=…|tag=…|group=…`.

The notes come from the web_notes view (so only what the pages show: groups, never a private
chat, the latest revision of each member's note), their papers from the store, the records from
store/references.py. The route checks the same permissions as the pages, so an operator's
`allow` block keeps anonymous visitors out of the exports too.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from datasette.utils.asgi import Forbidden, Response
from sqlite_utils import Database

from store.notes import notes_with_ids
from store.papers import get_papers
from store.references import REFERENCE_FORMATS, render_references
from store.web import pages
from store.web.links import DATABASE
from store.web.search_functions import entry_key

EXPORT_ROUTE = r"^/catalog/export\.(?P<format>ris|csljson)$"
_MEDIA = {
    "ris": "application/x-research-info-systems",
    "csljson": "application/vnd.citationstyles.csl+json",
}
_SUFFIX = {"ris": "ris", "csljson": "json"}

# Which notes a page exports: a paper's (every group's), a topic's, or a group's catalog.
_CHOICES = {
    "id": "select note_id from web_notes where entry = :value",
    "tag": "select w.note_id from web_notes w where exists (select 1 from json_each(w.tags) t "
    "where lower(t.value) = lower(trim(:value)))",
    "group": 'select note_id from web_notes where "group" = :value',
}


def export_text(conn: sqlite3.Connection, fmt: str, choice: str, value: str) -> str:
    """The chosen notes' papers in `fmt` (read on one of Datasette's read-only connections)."""
    db = Database(conn)
    value = entry_key(value) if choice == "id" else value
    ids = [row["note_id"] for row in db.query(_CHOICES[choice], {"value": value})]
    notes = notes_with_ids(db, ids)
    return render_references(fmt, notes, get_papers(db, [n.arxiv_id for n in notes if n.arxiv_id]))


async def export_page(datasette: Any, request: Any) -> Response:
    """The export route: 400 without a choice, 403 where the pages are refused (both pages in
    the reader's language)."""
    try:
        await datasette.ensure_permissions(
            request.actor,
            [("view-table", (DATABASE, "web_notes")), ("view-database", DATABASE), "view-instance"],
        )
    except Forbidden:
        return await pages.refused(datasette, request)
    fmt = request.url_vars["format"]
    chosen = [(name, request.args.get(name, "").strip()) for name in _CHOICES]
    chosen = [(name, value) for name, value in chosen if value]
    if fmt not in REFERENCE_FORMATS or len(chosen) != 1:
        speaker = await pages.speaker_for(datasette, request)
        return await pages.bad_request(datasette, request, speaker("page.400.export"))
    choice, value = chosen[0]
    text = await datasette.get_database(DATABASE).execute_fn(
        lambda conn: export_text(conn, fmt, choice, value)
    )
    name = re.sub(r"[^\w.-]+", "-", value).strip("-") or "catalog"
    return Response(
        text,
        content_type=f"{_MEDIA[fmt]}; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}.{_SUFFIX[fmt]}"'},
    )
