"""Strings for /search."""

from bot.texts.markers import N_, Message

STRINGS: dict[str, Message] = {
    "cmd.search": N_("search this group's notes, then every stored paper"),
    "search.usage": N_(
        "Tell me what to look for: <code>/search lora</code>, <code>/search 检索增强</code>, "
        '<code>/search "instruction tuning"</code>, an id like <code>2401.04088</code>. '
        "Filters: <code>author:Hinton</code>, <code>cat:cs.CL</code>, "
        "<code>year:2024</code> or <code>year:2022-2024</code>. "
        "Exclude a word with <code>-word</code>, and use <code>a OR b</code> for either."
    ),
    "search.only_excluded": N_(
        "I need at least one word to look for, not only words to leave out "
        "(<code>-word</code> and <code>NOT word</code> exclude)."
    ),
    "search.bad_year": N_(
        "A year filter is <code>year:2024</code> or a range like <code>year:2022-2024</code>."
    ),
    "search.no_matches": N_("No matches for <b>{query}</b>. Try fewer or other words."),
    "search.header": N_("Results for <b>{query}</b> — page {page}"),
    "search.section_notes": N_("<b>In your notes</b>"),
    "search.section_papers": N_("<b>Other papers</b>"),
    "search.noted_by": N_("notes: {names}"),
    "search.previous": N_("« Previous"),
    "search.next": N_("Next »"),
    "search.busy": N_("The catalog is busy right now; please search again in a moment."),
    "search.failed": N_(
        "Sorry, I could not run that search. Plain words, a quoted phrase or an arXiv id "
        "always work."
    ),
    "search.expired": N_("This search is no longer available; please search again."),
}
