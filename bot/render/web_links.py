"""Links from the bot to the catalog on the web (`paperclub web`), when PAPERCLUB_WEB_URL is set."""

from __future__ import annotations

from bot.texts import Html, t
from store.web.links import claims_url, notes_url, page_url, paper_url


def paper_page_lines(web_url: str | None, entry: str) -> list[Html]:
    """A line linking to the paper's web page (with every note), or nothing when unset."""
    return [t("web.paper_page", url=paper_url(web_url, entry))] if web_url else []


def web_message(web_url: str | None, group_title: str) -> Html:
    """The reply to /web: the group's pages, or how the operator puts the catalog online."""
    if not web_url:
        return t("web.not_set")
    return t(
        "web.links",
        group=group_title,
        notes=notes_url(web_url, group_title),
        claims=claims_url(web_url, group_title),
        search=page_url(web_url, "search"),
        digest=page_url(web_url, "digest", group=group_title),
    )


def with_paper_page(text: Html, web_url: str | None, entry: str) -> Html:
    """`text` with the paper page's link as its last line (unchanged when unset)."""
    return Html("\n".join([text, *paper_page_lines(web_url, entry)]))
