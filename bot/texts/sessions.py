"""Strings for /session, /agenda, /top, the posted agenda, the calendar file, and the 👍 and
👎 ("not for us") buttons."""

from bot.texts.markers import N_, NP_, Message

STRINGS: dict[str, Message] = {
    "cmd.session": N_("the next meeting and who presents; admins set, cancel or add meetings"),
    "cmd.agenda": N_("who presents what at the next meeting, and the open slots"),
    "cmd.top": N_("the most wanted papers nobody has claimed yet"),
    "session.usage": N_(
        "Meetings, for admins: <code>/session every wed 20:00 Room 2</code> (a place or a "
        "link; also <code>/session 每周三 20:00 腾讯会议 123</code>), "
        "<code>/session cancel 2026-12-09</code> (or <code>cancel next</code>), "
        "<code>/session extra 2026-12-11 18:00 [place]</code>, <code>/session slots 3</code>, "
        "<code>/session off</code> or <code>on</code>. <code>/session ics</code> sends the "
        "calendar file."
    ),
    "session.none": N_(
        "This group has no meetings set. Admins: <code>/session every wed 20:00 Room 2</code> "
        "(a place or a link)."
    ),
    "session.is_off": N_(
        "Meetings are off. Admins turn them back on with <code>/session on</code>."
    ),
    "session.next": N_("📅 <b>Next meeting</b>: {when}"),
    "session.place": N_("📍 {place}"),
    "session.regular": N_("Every {day} at {time} ({zone})."),
    "session.slots": NP_("{count} paper per meeting.", "{count} papers per meeting."),
    "session.when": N_("{day} {time}"),
    "session.rule_line": N_("{rule} {slots}"),
    "session.extra": N_(" (extra)"),
    "session.changed": N_("✅ Saved."),
    "session.cancelled": N_("✅ No meeting on {day}."),
    "session.not_a_session": N_("There is no meeting on {day}."),
    "session.past": N_("{day} has passed."),
    "session.no_plan": N_(
        "Set the weekly meeting first: <code>/session every wed 20:00 Room 2</code>."
    ),
    "session.turned_off": N_("Meetings are off; claims keep their due dates."),
    "session.ics_caption": N_(
        "📅 The meetings as a calendar file. Import it again after a change: each meeting's "
        "event is replaced, not doubled."
    ),
    "session.ics_feed": N_("🔗 Or subscribe in a calendar app, and it stays up to date: {url}"),
    "session.ics_name": N_("{group}: meetings"),
    "session.ics_event": N_("{group}: reading group"),
    "session.ics_member": N_("a member"),  # a presenter with no name, in the calendar file
    "agenda.title": N_("🗓 <b>Agenda</b> — {when}"),
    "agenda.slot": N_("{number}. {paper} — {presenter}{note}"),
    "agenda.note_in": N_(" 📝"),
    "agenda.no_note": N_(" (no note yet)"),
    "agenda.nothing_claimed": N_("Nothing claimed for this meeting yet."),
    "agenda.open": NP_(
        "{count} open slot: take it with <code>/claim &lt;id&gt; next</code>.",
        "{count} open slots: take one with <code>/claim &lt;id&gt; next</code>.",
    ),
    "agenda.open_slot": N_(
        "{number}. <i>open</i> — most wanted: {paper} <code>{arxiv_id}</code> (👍 {votes})"
    ),
    "agenda.wanted": N_("<b>Most wanted, unclaimed</b>"),
    "agenda.wanted_line": N_("• {paper} <code>{arxiv_id}</code> — 👍 {votes}"),
    "agenda.none": N_(
        "No meetings set, so no agenda: /claims shows who presents what. Admins set meetings "
        "with <code>/session every wed 20:00 Room 2</code>."
    ),
    "archive.title": N_("🗂 <b>Meeting of {when}</b>: who presented what"),
    "archive.slot": N_("{number}. {paper} — {presenter}{note}"),
    "archive.note": N_(" 📝 <code>/notes {arxiv_id}</code>"),
    "archive.nothing": N_("Nothing was presented."),
    "claims.at_session": N_("🗓 At the meeting on {when}."),
    "claims.no_sessions": N_(
        "This group has no meetings set: give a due date instead, e.g. "
        "<code>/claim 2401.04088 14d</code>."
    ),
    "top.title": N_("👍 <b>Most wanted, unclaimed</b> ({period})"),
    "top.week": N_("this week"),
    "top.month": N_("this month"),
    "top.all": N_("all time"),
    "top.line": N_("{number}. {paper} <code>{arxiv_id}</code> — 👍 {votes}"),
    "top.empty": N_("Nothing wanted yet: press 👍 under a paper in the digest."),
    "top.usage": N_(
        "<code>/top</code>, <code>/top week</code>, <code>/top month</code> or "
        "<code>/top all</code>."
    ),
    "want.button": N_("👍 {number}"),
    "want.button_count": N_("👍 {number} · {count}"),
    "want.added": N_("👍 Noted: you want this one presented."),
    "want.removed": N_("Your 👍 is taken back."),
    "cmd.not_for_us": N_("a 👎 “not for us” button under digest items: on or off"),
    "not_for_us.button": N_("👎 {number}"),
    "not_for_us.button_count": N_("👎 {number} · {count}"),
    "not_for_us.added": N_("👎 Noted: not for this group. Papers like it will rank lower."),
    "not_for_us.removed": N_("Your 👎 is taken back."),
    "not_for_us.button_off": N_("The 👎 button is off in this group: nothing was recorded."),
    "not_for_us.on": N_(
        "👎 “Not for us” button: on (papers like those members press it on rank lower)."
    ),
    "not_for_us.off": N_("👎 “Not for us” button: off."),
    "not_for_us.set_on": N_(
        "The 👎 “not for us” button is on: digest items carry it, and papers like those "
        "members press it on rank lower in this group's next digests."
    ),
    "not_for_us.set_off": N_(
        "The 👎 button is off: digest items show Claim and 👍 only. Presses already made still "
        "count until a member takes them back or uses /forget."
    ),
    "not_for_us.usage": N_("Use /not_for_us on or /not_for_us off."),
}
