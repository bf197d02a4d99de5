"""Strings for the daily digest and /digest."""

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "cmd.digest": "post today's digest now",
        "digest.title": "<b>arXiv digest · {weekday} {date}</b>",
        "digest.count_line": "{category}: {new} new, {cross} cross-lists",
        "digest.shown": "Top {shown} of {total} shown.",
        "digest.late_note": "<i>arXiv's feed was late today, so this digest comes late.</i>",
        "digest.item_title": "<b>{number}.</b> {link}",
        "digest.meta": "{authors} · <i>{category}</i> · <code>{arxiv_id}</code>",
        "digest.meta_cross": (
            "{authors} · <i>{category}</i> (cross-list) · <code>{arxiv_id}</code>"
        ),
        "digest.reason_match": "matches: {terms}",
        "digest.reason_close_notes": "close to your notes on “{title}”",
        "digest.reason_close_claim": "close to “{title}”, claimed here",
        "digest.reason_order": "next in arXiv's order (no keyword or catalog match)",
        "digest.claimed_by": "✋ claimed by {name}",
        "digest.claim_button": "Claim {number}",
        "digest.already_posted": "Today's digest ({date}) is already posted above.",
        "digest.no_announcement": (
            "arXiv made no announcement for {date} (weekend or holiday): no digest today."
        ),
        "digest.waiting": (
            "arXiv's feed for {date} is not ready yet. I will post the digest as soon as it is."
        ),
        "digest.refused": (
            "Today's digest ({date}) could not be posted: Telegram refused it. "
            "The bot's log says why."
        ),
    },
}
