"""Strings for /claim, /unclaim, /claims, /mine, the digest's claim button and version news."""

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "cmd.claim": "present a paper: due in 7 days, or say 14d or 2026-12-01",
        "cmd.unclaim": "give a paper back (admins may release anyone's)",
        "cmd.claims": "the group's board: who presents what, and when",
        "cmd.mine": "your claims and notes (across all your groups in a private chat)",
        "claims.usage": (
            "Tell me which paper and, if you like, when: <code>/claim 2401.04088</code> "
            "(due in 7 days), <code>/claim 2401.04088 14d</code> or "
            "<code>/claim 2401.04088 2026-12-01</code>."
        ),
        "claims.unclaim_usage": "Tell me which paper: <code>/unclaim 2401.04088</code>.",
        "claims.group_only": "Claims belong to a group: send this in your study group.",
        "claims.due_invalid": (
            "“{text}” is not a due date I understand. Use a number of days like <code>14d</code> "
            "or a date like <code>2026-12-01</code>."
        ),
        "claims.due_past": (
            "The due date must be after today ({today}) in this group's time zone ({zone})."
        ),
        "claims.due_far": "That is more than a year away; pick a date within {days} days.",
        "claims.claimed": "🎤 {name} presents this paper, due {due}.",
        "claims.already_yours": "You already present this paper (since {since}, due {due}).",
        "claims.taken": (
            "{name} already presents this paper (since {since}, due {due}). Nothing changed."
        ),
        "claims.released": "{name}'s claim on {title} is released: anyone may claim it now.",
        "claims.not_claimed": "Nobody presents {title} in this group.",
        "claims.not_yours": ("{name} presents {title}; only they or a group admin can release it."),
        "claims.board_title": "<b>Who presents what</b>",
        "claims.board_empty": (
            "Nobody presents anything yet. Claim a paper with <code>/claim 2401.04088</code>."
        ),
        "claims.board_open": "{name}: {title} — due {due}",
        "claims.board_overdue": "{name}: {title} — <b>overdue</b> since {due}",
        "claims.board_done_title": "<b>Done this week</b>",
        "claims.board_done": "✅ {name}: {title}",
        "claims.mine_title": "<b>Your claims</b>",
        "claims.mine_none": "You present nothing at the moment.",
        "claims.mine_line": "{title} — due {due}{group}",
        "claims.mine_overdue": "{title} — <b>overdue</b> since {due}{group}",
        "claims.mine_done": "✅ {title}{group}",
        "claims.in_group": " ({group})",
        "claims.mine_notes_title": "<b>Your notes</b>",
        "claims.mine_notes_none": "You have written no notes yet.",
        "claims.mine_note": "{title} — revision {revision}, {date}{group}",
        "claims.button_claimed": "You present it now, due {due}.",
        "claims.button_yours": "You already present it (due {due}).",
        "claims.button_taken": "{name} already presents it (since {since}).",
        "claims.button_unknown": "I could not find that paper.",
        "claims.new_version": (
            "📢 arXiv announced version {version} of {link}. {mention}, you present it "
            "(due {due}): have a look at what changed."
        ),
    },
}
