"""What the web catalog says about itself: titles, descriptions, facets and canned queries."""

from __future__ import annotations

from typing import Any

from store.web import queries
from store.web.links import DATABASE

# The only tables Datasette may show (all views from migration 0035); plugin.py denies the rest.
SERVED_VIEWS = ("web_notes", "web_papers", "web_claims", "web_digests")

SETTINGS: dict[str, Any] = {
    "default_cache_ttl": 0,  # it reads live: a /forget shows at the next load
    "allow_download": False,
    "default_allow_sql": False,  # arbitrary SQL could read the members table
    "suggest_facets": False,
    "truncate_cells_html": 400,
    "default_page_size": 50,
    "sql_time_limit_ms": 3000,
}

_INDEX_HTML = (
    "<p>The study group's notes and every paper the bot has stored, read-only.</p>"
    '<ul><li><a href="{base}/search">Search</a> notes and papers the way the bot\'s '
    "<code>/search</code> does (Chinese too: <code>微调</code>, <code>检索增强</code>)</li>"
    '<li><a href="{base}/web_notes?_sort_desc=note_id">Notes</a>, by group, topic and year</li>'
    '<li><a href="{base}/topics">Topics</a> and <a href="{base}/topic">notes by topic</a></li>'
    '<li><a href="{base}/claims">Claims boards</a>: who presents what, and when</li>'
    '<li><a href="{base}/digest">This week\'s digests</a></li>'
    '<li><a href="{base}/web_papers">Papers</a>, by year and category</li></ul>'
)


def _query(sql: str, title: str, description: str) -> dict[str, Any]:
    return {"sql": sql.strip(), "title": title, "description": description, "hide_sql": True}


def build_metadata(base_path: str = "") -> dict[str, Any]:
    """Datasette metadata for the catalog database (links relative to `base_path`)."""
    base = f"{base_path.rstrip('/')}/{DATABASE}"
    return {
        "title": "paperclub catalog",
        "description_html": _INDEX_HTML.format(base=base),
        "databases": {
            DATABASE: {
                "title": "paperclub catalog",
                "description_html": _INDEX_HTML.format(base=base),
                "allow_sql": False,
                "tables": {
                    "web_notes": {
                        "title": "Notes",
                        "description": "Each member's latest note on each paper, by group.",
                        "facets": ["group", {"array": "tags"}, "year"],
                        "sort_desc": "note_id",
                    },
                    "web_papers": {
                        "title": "Papers",
                        "description": "Every paper the bot has stored: digests, look-ups, "
                        "imports.",
                        # No default sort: an ORDER BY keeps SQLite from flattening the view
                        # inside Datasette's count and facet queries, which then compute every
                        # column of all stored papers; and no default array facet on categories
                        # (Datasette's `select distinct j.value, inner.*` copies every column of
                        # every paper): 218 ms at 20,000 papers (bench/bench_web.py), against
                        # the 150 ms target. `?_facet_array=categories` still asks for it.
                        "facets": ["year"],
                    },
                    "web_claims": {
                        "title": "Claims",
                        "description": "Who presents which paper, open and done.",
                        "facets": ["group", "status"],
                        "sort": "due",
                    },
                    "web_digests": {
                        "title": "Digests",
                        "description": "What each group's daily digest listed, and why.",
                        "facets": ["group", "listing"],
                        "sort_desc": "listing",
                    },
                },
                "queries": {
                    "search": _query(
                        queries.SEARCH,
                        "Search",
                        "The groups' notes first, then every stored paper, exactly as /search "
                        'finds them: words, "phrases", -word, a OR b, author:, cat:, year:, '
                        "arXiv ids, Chinese.",
                    ),
                    "paper": _query(
                        queries.PAPER, "Paper", "A paper and every group's notes on it."
                    ),
                    "claims": _query(
                        queries.CLAIMS,
                        "Claims board",
                        "Open claims, soonest due first; give a group's title, or leave it "
                        "empty for every group.",
                    ),
                    "topic": _query(
                        queries.TOPIC,
                        "Notes by topic",
                        "Notes with a topic (a tag, or the catalog section they were "
                        "imported from); empty for all notes.",
                    ),
                    "topics": _query(queries.TOPICS, "Topics", "Every topic and its notes."),
                    "revisions": _query(
                        queries.REVISIONS, "Revisions", "Every version of one member's note."
                    ),
                    "digest": _query(
                        queries.DIGEST,
                        "This week's digests",
                        "The last seven days of digests; a group's title, or empty for all.",
                    ),
                },
            }
        },
    }
