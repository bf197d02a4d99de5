"""Strings for /reminder, the weekly reminder, nudges and released claims."""

from bot.texts.markers import N_, NP_, Message

STRINGS: dict[str, Message] = {
    "cmd.reminder": N_("show or set the weekly reading reminder"),
    "reminder.usage": N_(
        "Set the weekly reminder with a day and a time in the group's time zone: "
        "<code>/reminder Mon 10:00</code>. Also <code>/reminder off</code>, "
        "<code>/reminder on</code>, and <code>/reminder poll on</code> (or off) for a poll "
        "on which paper to read next.\nNow: {current}"
    ),
    "reminder.set": N_("Weekly reminder: {current}."),
    "reminder.line": N_("Weekly reminder: {current}"),
    "reminder.when": N_("{day} {time} ({timezone})"),
    "reminder.off": N_("off"),
    "reminder.with_poll": N_("{when}, with a poll"),
    "reminder.title": N_("📚 <b>This week in the reading group</b>"),
    "reminder.claims": N_("<b>Open claims</b>"),
    "reminder.claim_line": N_("• {paper} — due {due}"),
    "reminder.claim_no_due": N_("• {paper}"),
    "reminder.overdue": N_(" ⚠️ <b>overdue by {days} d</b>"),
    "reminder.no_claims": N_("No open claims: who presents next?"),
    "reminder.notes": N_("<b>Notes this week</b>"),
    "reminder.note_line": N_("• {title} — {author}"),
    "reminder.picks": N_("<b>Unclaimed from this week's digests</b>"),
    "reminder.pick_line": N_("{number}. {paper}"),
    "reminder.claim_button": N_("Claim {number}"),
    "reminder.empty": N_("A quiet week: no claims, notes or digest papers yet. /claim a paper!"),
    "reminder.poll_question": N_("Which paper should we read next?"),
    "reminder.nudge_private": N_(
        "⏰ Your paper {paper} is due {when} in {group}. "
        "Send your note with <code>/note {arxiv_id}</code>."
    ),
    "reminder.nudge_group": N_(
        "⏰ {member}, your paper {paper} is due {when}. "
        "Send your note with <code>/note {arxiv_id}</code>."
    ),
    "reminder.today": N_("today"),
    "reminder.in_days": N_("on {due} (in {days} d)"),
    "reminder.release_warning": N_(
        "⏳ Your claim on {paper} in {group} was due {due}. Tomorrow it is released for anyone "
        "to claim, unless you send your note in {group} first: <code>/note {arxiv_id}</code>."
    ),
    "reminder.released": NP_(
        "🔓 Released {paper}: {member}'s claim was due {due}, more than {count} day ago. "
        "Anyone can claim it now.",
        "🔓 Released {paper}: {member}'s claim was due {due}, more than {count} days ago. "
        "Anyone can claim it now.",
    ),
    "reminder.claim_it": N_("Claim"),
}
