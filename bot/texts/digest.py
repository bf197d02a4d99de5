"""Strings for the daily digest and /digest."""

from bot.texts.markers import N_, NP_, Message

STRINGS: dict[str, Message] = {
    "cmd.digest": N_("post today's digest now"),
    "digest.title": N_("<b>arXiv digest · {date}</b>"),
    "digest.counted_once": NP_(
        "{count} paper today, each counted once: under its own category, or the first one "
        "it is cross-listed into",
        "{count} papers today, each counted once: under its own category, or the first one "
        "it is cross-listed into",
    ),
    "digest.count_line": N_("{category}: {new} new, {cross} cross-listed from elsewhere"),
    "digest.shown": N_("Top {shown} of {total} shown."),
    "digest.late_note": N_("<i>arXiv's feed was late today, so this digest comes late.</i>"),
    "digest.item_title": N_("<b>{number}.</b> {link}"),
    "digest.meta": N_("{authors} · <i>{category}</i> · <code>{arxiv_id}</code>"),
    "digest.meta_cross": N_("{authors} · <i>{category}</i> (cross-list) · <code>{arxiv_id}</code>"),
    "digest.reason_match": N_("matches: {terms}"),
    "digest.reason_close_notes": N_("close to your notes on “{title}”"),
    "digest.reason_close_claim": N_("close to “{title}”, claimed here"),
    "digest.reason_group_claimed": N_("like papers this group claimed"),
    "digest.reason_group_noted": N_("like papers this group wrote notes on"),
    "digest.reason_group_wanted": N_("like papers this group wanted"),
    "digest.reason_order": N_("next in arXiv's order (no keyword or catalog match)"),
    "digest.reason_meaning": N_("about: {terms} (by meaning)"),
    "digest.summary": N_("💡 {summary}"),
    "digest.claimed_by": N_("✋ claimed by {name}"),
    "digest.claim_button": N_("Claim {number}"),
    "digest.already_posted": N_("Today's digest ({date}) is already posted above."),
    "digest.no_announcement": N_(
        "arXiv made no announcement for {date} (weekend or holiday): no digest today."
    ),
    "digest.waiting": N_(
        "arXiv's feed for {date} is not ready yet. I will post the digest as soon as it is."
    ),
    "digest.refused": N_(
        "Today's digest ({date}) could not be posted: Telegram refused it. The bot's log says why."
    ),
}
