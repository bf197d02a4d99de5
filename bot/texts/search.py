"""Strings for /search."""

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "cmd.search": "search this group's notes, then every stored paper",
        "search.usage": (
            "Tell me what to look for: <code>/search lora</code>, <code>/search 检索增强</code>, "
            '<code>/search "instruction tuning"</code>, an id like <code>2401.04088</code>. '
            "Filters: <code>author:Hinton</code>, <code>cat:cs.CL</code>, "
            "<code>year:2024</code> or <code>year:2022-2024</code>. "
            "Exclude a word with <code>-word</code>, and use <code>a OR b</code> for either."
        ),
        "search.only_excluded": (
            "I need at least one word to look for, not only words to leave out "
            "(<code>-word</code> and <code>NOT word</code> exclude)."
        ),
        "search.bad_year": (
            "A year filter is <code>year:2024</code> or a range like <code>year:2022-2024</code>."
        ),
        "search.no_matches": "No matches for <b>{query}</b>. Try fewer or other words.",
        "search.header": "Results for <b>{query}</b> — page {page}",
        "search.section_notes": "<b>In your notes</b>",
        "search.section_papers": "<b>Other papers</b>",
        "search.noted_by": "notes: {names}",
        "search.previous": "« Previous",
        "search.next": "Next »",
        "search.busy": "The catalog is busy right now; please search again in a moment.",
        "search.failed": (
            "Sorry, I could not run that search. Plain words, a quoted phrase or an arXiv id "
            "always work."
        ),
        "search.expired": "This search is no longer available; please search again.",
    },
}
