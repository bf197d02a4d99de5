"""Strings for failures members see, buttons that are not valid, leaving groups not allowed,
and the operator's reports."""

from bot.texts.markers import N_, NP_, Message

STRINGS: dict[str, Message] = {
    "error.what_command": N_("Your /{command}"),
    "error.what_message": N_("Your message"),
    "error.what_button": N_("That button press"),
    "error.not_saved_busy": N_(
        "⚠️ {what} was NOT saved: the catalog is busy right now, so nothing changed. "
        "Please send it again in a minute."
    ),
    "error.not_saved_full": N_(
        "⚠️ {what} was NOT saved: the bot's disk is full, so nothing changed. "
        "Please tell the bot's operator, and send it again once they have made room."
    ),
    "error.not_saved": N_(
        "⚠️ {what} was NOT saved: the catalog could not be written, so nothing changed. "
        "Please send it again later; if this repeats, tell the bot's operator."
    ),
    "error.slow_nothing_changed": N_(
        "⚠️ {what} got no answer: the catalog is too slow right now, and nothing was changed. "
        "Please try again in a minute."
    ),
    "error.slow_maybe_saved": N_(
        "⚠️ {what} is taking long: the catalog is slow right now. It may still be saved: "
        "check in a minute (/mine shows your claims and notes) before sending it again."
    ),
    "error.unexpected": N_(
        "⚠️ {what} failed because of a problem on my side (it is logged for the operator). "
        "Please try again in a moment."
    ),
    "button.invalid": N_("This button is not valid (any more): nothing was changed."),
    "allowed.leaving": N_(
        "Hello! This paperclub bot serves only the study groups its operator has listed, "
        "so I am leaving this group. Anyone can run their own: see paperclub's README."
    ),
    "operator.errors": NP_(
        "⚠️ paperclub logged an error since {since}:\n{latest}",
        "⚠️ paperclub logged {count} errors since {since}. The latest:\n{latest}",
    ),
    "operator.health": N_(
        "🩺 paperclub is running: {groups} active group(s), last feed fetch {fetched}, "
        "{digests} digest(s) and {errors} error(s) in the last day."
    ),
    "operator.never": N_("never"),
    "operator.llm_budget_spent": N_(
        "Summaries: today's token budget is spent ({tokens} of {budget} tokens on {day}); "
        "no more summaries until tomorrow."
    ),
}
