"""Strings for the optional summaries (/summaries) and draft notes (/draft)."""

from bot.texts.markers import N_, Message

STRINGS: dict[str, Message] = {
    "cmd.summaries": N_("one-line summaries in the digest: on or off"),
    "cmd.draft": N_("a machine draft of your note on a paper you claimed"),
    "summaries.on": N_("Summaries: on (a line per digest item, in this group's language)."),
    "summaries.off": N_("Summaries: off."),
    "summaries.not_configured": N_("Summaries: not configured (the bot has no LLM provider)."),
    "summaries.set_on": N_("Summaries are on: digest items get a summary line in this language."),
    "summaries.set_off": N_("Summaries are off: digest items show the abstract's first sentence."),
    "summaries.usage": N_("Use /summaries on or /summaries off."),
    "draft.usage": N_("Use <code>/draft 2401.04088</code> for a paper you have claimed here."),
    "draft.not_claimant": N_("Only the member who claimed {title} gets a draft: /claim it first."),
    "draft.unknown_paper": N_("I do not know {arxiv_id} yet: try /paper {arxiv_id} first."),
    "draft.failed": N_("No draft this time (the provider did not answer usably). Try later."),
    "draft.header": N_(
        "🤖 <b>Machine draft</b> for {title}, from the abstract only, not saved. Check it, "
        "edit it, and send it with <code>/note {arxiv_id}</code> to make it your note:"
    ),
    "draft.making": N_("Drafting from the abstract: it comes as a reply in a moment."),
    "draft.button": N_("🤖 Draft my note"),
    "draft.claimant_only": N_("Only the member who claimed this paper gets its draft."),
    "draft.label_motivation": N_("Motivation"),
    "draft.label_method": N_("Method"),
    "draft.label_results": N_("Results"),
}
