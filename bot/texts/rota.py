"""Strings for /rota (the presenter rota and its asks) and /swap (exchanging two slots)."""

from bot.texts.markers import N_, Message

STRINGS: dict[str, Message] = {
    "cmd.rota": N_("take turns presenting: join, leave or show the presenter rota"),
    "args.rota": N_("[join/leave]"),
    "args.swap": N_("@member"),
    "cmd.swap": N_("propose exchanging your next slot with another member's"),
    "rota.usage": N_(
        "<code>/rota join</code> (<code>/rota 加入</code>) to be asked in turn to fill open "
        "slots, <code>/rota leave</code> (<code>退出</code>) to stop, <code>/rota</code> to see "
        "the turns."
    ),
    "rota.joined": N_("✅ You are in the presenter rota: you will be asked in turn."),
    "rota.already_in": N_("You are in the presenter rota already."),
    "rota.left": N_("✅ You left the presenter rota."),
    "rota.not_in": N_("You are not in the presenter rota."),
    "rota.empty": N_("Nobody is in the presenter rota yet: <code>/rota join</code> to take turns."),
    "rota.title": N_("🔁 <b>Presenter rota</b> (next first)"),
    "rota.line": N_("{number}. {name}"),
    "rota.ask": N_(
        "🔁 {member}, your turn in the rota: the meeting of {when} has an open slot. "
        "Will you present?"
    ),
    "rota.ask_private": N_(
        "🔁 Your turn in {group}'s presenter rota: the meeting of {when} has an open slot. "
        "Will you present?"
    ),
    "rota.take": N_("🙋 I'll present"),
    "rota.pass": N_("Pass"),
    "rota.not_your_turn": N_("This ask is for another member."),
    "rota.answered": N_("This ask was answered already."),
    "rota.passed": N_("{member} passed; the next member in turn is asked."),
    "rota.passed_nobody": N_("{member} passed; nobody else in the rota is left to ask."),
    "rota.taken": N_(
        "🙋 {member} presents at the meeting of {when}. Which paper? Press one of the most "
        "wanted below, or <code>/claim &lt;id&gt; {day}</code>."
    ),
    "rota.taken_no_wants": N_(
        "🙋 {member} presents at the meeting of {when}. Which paper? "
        "<code>/claim &lt;id&gt; {day}</code>."
    ),
    "rota.taken_private": N_(
        "🙋 {member} presents at the meeting of {when}. Which paper? Press one of the most "
        "wanted below, or send <code>/claim &lt;id&gt; {day}</code> in {group}."
    ),
    "rota.taken_private_no_wants": N_(
        "🙋 {member} presents at the meeting of {when}. Which paper? Send "
        "<code>/claim &lt;id&gt; {day}</code> in {group}."
    ),
    "rota.paper_button": N_("👍 {votes} · {title}"),
    "rota.claimed": N_("✅ {member} presents {paper} at the meeting of {when}."),
    "rota.paper_taken": N_("Someone has just claimed that paper: pick another."),
    "swap.usage": N_(
        "<code>/swap @member</code>, or reply <code>/swap</code> to their message: proposes "
        "exchanging your next slot with theirs; they agree with a button."
    ),
    "swap.unknown_member": N_(
        "I don't know {name} in this group yet: they need to have written here once."
    ),
    "swap.self": N_("That is you: name another member."),
    "swap.no_meetings": N_(
        "This group has no meetings to swap: an admin sets them with <code>/session</code>."
    ),
    "swap.no_slot_yours": N_(
        "You have no slot coming up to swap: claim a paper first (<code>/claim &lt;id&gt; "
        "next</code>)."
    ),
    "swap.no_slot_theirs": N_("{name} has no slot coming up to swap with."),
    "swap.same_meeting": N_("You both present at the meeting of {when} already."),
    "swap.offer": N_(
        "🔄 {them}, {me} proposes a swap: you would present {their_paper} on {my_when}, and "
        "{me} would present {my_paper} on {their_when}. Do you agree?"
    ),
    "swap.agree": N_("✅ Agree"),
    "swap.refuse": N_("✖️ No, thanks"),
    "swap.not_yours": N_("Only the member asked can answer this swap."),
    "swap.answered": N_("This swap was answered already."),
    "swap.agreed": N_(
        "✅ Swapped: {them} presents {their_paper} on {my_when}, {me} presents "
        "{my_paper} on {their_when}."
    ),
    "swap.refused": N_("The swap was declined: nothing changed."),
    "swap.stale": N_("One of the two claims changed meanwhile: nothing was swapped."),
}
