"""Addresses of the web catalog's pages, shared by the bot's links and the web pages (pure)."""

from __future__ import annotations

from urllib.parse import quote, urlencode

DATABASE = "catalog"  # the name Datasette serves the catalog under: /catalog/...


def page_url(base_url: str, page: str, **params: str) -> str:
    """`{base}/catalog/{page}?k=v`: a canned query or view page with its parameters."""
    query = f"?{urlencode(params)}" if params else ""
    return f"{base_url.rstrip('/')}/{DATABASE}/{quote(page)}{query}"


def paper_url(base_url: str, entry: str) -> str:
    """The page of one paper (or title-only catalog entry) with all its notes."""
    return page_url(base_url, "paper", id=entry)


def claims_url(base_url: str, group_title: str) -> str:
    """A group's claims board."""
    return page_url(base_url, "claims", group=group_title)


def notes_url(base_url: str, group_title: str) -> str:
    """A group's notes, newest first, with facets by tag and year."""
    return page_url(base_url, "web_notes", group=group_title, _sort_desc="note_id")


def export_url(base_url: str, fmt: str, **choice: str) -> str:
    """A page's papers for a reference manager: fmt `ris` or `csljson`, choice id/tag/group."""
    return page_url(base_url, f"export.{fmt}", **choice)


def sessions_url(base_url: str, group_title: str) -> str:
    """A group's meetings: the upcoming ones and the archive."""
    return page_url(base_url, "sessions", group=group_title)


def calendar_url(base_url: str, token: str) -> str:
    """A group's iCalendar feed: its address holds the group's unguessable token."""
    return f"{base_url.rstrip('/')}/-/calendar/{quote(token)}.ics"
