"""Strings for /web and the links to the catalog's web pages."""

from bot.texts.markers import N_, Message

STRINGS: dict[str, Message] = {
    "cmd.web": N_("this group's catalog in a browser: notes, claims board, search"),
    "web.links": N_(
        "<b>{group} on the web</b>\n"
        '• <a href="{notes}">Notes</a>, by topic and year\n'
        '• <a href="{claims}">Claims board</a>\n'
        '• <a href="{search}">Search</a> notes and papers\n'
        '• <a href="{digest}">This week\'s digests</a>'
    ),
    "web.not_set": N_(
        "The catalog is not on the web yet. The bot's operator can serve it with "
        "<code>paperclub web</code> and set <code>PAPERCLUB_WEB_URL</code>."
    ),
    "web.paper_page": N_('<a href="{url}">Notes on the web</a>'),
}
