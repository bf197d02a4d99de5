"""Strings for /reminder, the weekly reminder, nudges and released claims."""

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "cmd.reminder": "show or set the weekly reading reminder",
        "reminder.usage": (
            "Set the weekly reminder with a day and a time in the group's time zone: "
            "<code>/reminder Mon 10:00</code>. Also <code>/reminder off</code>, "
            "<code>/reminder on</code>, and <code>/reminder poll on</code> (or off) for a poll "
            "on which paper to read next.\nNow: {current}"
        ),
        "reminder.set": "Weekly reminder: {current}.",
        "reminder.line": "Weekly reminder: {current}",
        "reminder.when": "{day} {time} ({timezone})",
        "reminder.off": "off",
        "reminder.with_poll": "{when}, with a poll",
        "reminder.title": "📚 <b>This week in the reading group</b>",
        "reminder.claims": "<b>Open claims</b>",
        "reminder.claim_line": "• {paper} — due {due}",
        "reminder.claim_no_due": "• {paper}",
        "reminder.overdue": " ⚠️ <b>overdue by {days} d</b>",
        "reminder.no_claims": "No open claims: who presents next?",
        "reminder.notes": "<b>Notes this week</b>",
        "reminder.note_line": "• {title} — {author}",
        "reminder.picks": "<b>Unclaimed from this week's digests</b>",
        "reminder.pick_line": "{number}. {paper}",
        "reminder.claim_button": "Claim {number}",
        "reminder.empty": "A quiet week: no claims, notes or digest papers yet. /claim a paper!",
        "reminder.poll_question": "Which paper should we read next?",
        "reminder.nudge_private": (
            "⏰ Your paper {paper} is due {when} in {group}. "
            "Send your note with <code>/note {arxiv_id}</code>."
        ),
        "reminder.nudge_group": (
            "⏰ {member}, your paper {paper} is due {when}. "
            "Send your note with <code>/note {arxiv_id}</code>."
        ),
        "reminder.today": "today",
        "reminder.in_days": "on {due} (in {days} d)",
        "reminder.released": (
            "🔓 Released {paper}: {member}'s claim was due {due}, more than {days} days ago. "
            "Anyone can claim it now."
        ),
        "reminder.claim_it": "Claim",
    },
}
