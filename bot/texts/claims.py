"""Strings for /claim, /unclaim, /claims, /mine, the digest's claim button and version news."""

from bot.texts.markers import N_, NP_, Message

STRINGS: dict[str, Message] = {
    "cmd.claim": N_("present a paper: due in 7 days, or say 14d, next wed or 2026-12-01"),
    "cmd.unclaim": N_("give a paper back (admins may release anyone's)"),
    "cmd.claims": N_("the group's board: who presents what, and when"),
    "cmd.mine": N_("your claims and notes (across all your groups in a private chat)"),
    "claims.usage": N_(
        "Tell me which paper and, if you like, when: <code>/claim 2401.04088</code> "
        "(due in 7 days), <code>/claim 2401.04088 14d</code> or "
        "<code>/claim 2401.04088 2026-12-01</code>."
    ),
    "claims.unclaim_usage": N_("Tell me which paper: <code>/unclaim 2401.04088</code>."),
    "claims.group_only": N_("Claims belong to a group: send this in your study group."),
    "claims.due_invalid": N_(
        "“{text}” is not a due date I understand. Use a number of days like <code>14d</code>, "
        "a day like <code>next wed</code> or a date like <code>2026-12-01</code>."
    ),
    "claims.due_past": N_(
        "The due date must be after today ({today}) in this group's time zone ({zone})."
    ),
    "claims.due_far": N_("That is more than a year away; pick a date within {days} days."),
    "claims.claimed": N_("🎤 {name} presents this paper, due {due}."),
    "claims.club_notes": NP_(
        "📝 The club has {count} note on it: /notes {arxiv_id}",
        "📝 The club has {count} notes on it: /notes {arxiv_id}",
    ),
    "claims.one_at_a_time": N_(
        "One paper at a time: send <code>/claim {first}</code>, then /claim for the next one."
    ),
    "claims.already_yours": N_("You already present this paper (since {since}, due {due})."),
    "claims.taken": N_(
        "{name} already presents this paper (since {since}, due {due}). Nothing changed."
    ),
    "claims.released": N_("{name}'s claim on {title} is released: anyone may claim it now."),
    "claims.not_claimed": N_("Nobody presents {title} in this group."),
    "claims.not_yours": N_("{name} presents {title}; only they or a group admin can release it."),
    "claims.board_title": N_("<b>Who presents what</b>"),
    "claims.board_empty": N_(
        "Nobody is presenting a paper now. Pick one from the digest or /search and claim it: "
        "<code>/claim 2401.04088</code>."
    ),
    "claims.board_open": N_("{name}: {title} — due {due}"),
    "claims.board_overdue": N_("{name}: {title} — <b>overdue</b> since {due}"),
    "claims.board_done_title": N_("<b>Done this week</b>"),
    "claims.board_done": N_("✅ {name}: {title}"),
    "claims.mine_title": N_("<b>Your claims</b>"),
    "claims.mine_none": N_("You present nothing at the moment."),
    "claims.mine_line": N_("{title} — due {due}{group}"),
    "claims.mine_overdue": N_("{title} — <b>overdue</b> since {due}{group}"),
    "claims.mine_done": N_("✅ {title}{group}"),
    "claims.in_group": N_(" ({group})"),
    "claims.mine_notes_title": N_("<b>Your notes</b>"),
    "claims.mine_notes_none": N_("You have written no notes yet."),
    "claims.mine_note": N_("{title} — revision {revision}, {date}{group}"),
    "claims.button_claimed": N_("You present it now, due {due}."),
    "claims.button_yours": N_("You already present it (due {due})."),
    "claims.button_taken": N_("{name} already presents it (since {since})."),
    "claims.button_unknown": N_("I could not find that paper."),
    "claims.new_version": N_(
        "📢 arXiv announced version {version} of {link}. {mention}, you present it "
        "(due {due}): have a look at what changed."
    ),
}
