"""Strings for /start, /help, /paper, errors and arXiv ids."""

from bot.texts.markers import N_, Message

STRINGS: dict[str, Message] = {
    "help.intro": N_(
        "<b>paperclub</b> runs your paper study group: it watches arXiv, posts a daily "
        "digest ranked for this group, and keeps who presents what and the group's notes."
    ),
    "help.commands": N_("<b>Commands</b>"),
    "help.line": N_("/{name} {args} — {description}"),
    "help.line_noargs": N_("/{name} — {description}"),
    # Each command's arguments as /help shows them (HTML; the English is the Command's `args`).
    "args.claim": N_("&lt;id&gt; [due/next]"),
    "args.unclaim": N_("&lt;id&gt;"),
    "args.paper": N_("&lt;id&gt;"),
    "args.language": N_("[zh/en]"),
    "args.note": N_("&lt;id&gt; &lt;text&gt;"),
    "args.notes": N_("&lt;id&gt;"),
    "args.reminder": N_("&lt;day&gt; &lt;HH:MM&gt; or off"),
    "args.search": N_("&lt;query&gt;"),
    "args.track": N_("&lt;category&gt; ..."),
    "args.untrack": N_("&lt;category&gt; ..."),
    "args.keywords": N_("[add/remove/clear] [words]"),
    "args.digest_time": N_("&lt;HH:MM&gt;"),
    "args.timezone": N_("&lt;Area/City&gt;"),
    "args.digest_size": N_("&lt;1-50&gt;"),
    "args.session": N_(
        "[every &lt;day&gt; &lt;HH:MM&gt; &lt;place&gt;, cancel or extra &lt;date&gt;, off, ics]"
    ),
    "args.top": N_("[week/month/all]"),
    "args.draft": N_("&lt;id&gt;"),
    "args.summaries": N_("[on/off]"),
    "args.not_for_us": N_("[on/off]"),
    "list.separator": N_(", "),  # between the items of a list: "lora, rag"
    "list.clause_separator": N_("; "),  # between clauses: "new; like your notes"
    "help.admin_mark": N_(" (admins)"),
    "help.admin_change_mark": N_(" (admins change)"),
    "guard.group_only": N_("/{command} belongs to a group: send this in your study group."),
    "guard.admins_only": N_("Sorry, only this group's admins can use /{command}."),
    "guard.admins_to_change": N_(
        "Sorry, only this group's admins can change what /{command} sets; "
        "send /{command} alone to see it."
    ),
    "guard.own_account": N_(
        "You are writing anonymously as the group, so I cannot tell who you are: "
        "send /{command} from your own account."
    ),
    "guard.channel": N_("/{command} is for the group's members: a channel cannot use it."),
    "cmd.start": N_("what this bot does"),
    "cmd.help": N_("every command and how to use it"),
    "cmd.paper": N_("show a paper's card"),
    "paper.usage": N_(
        "Tell me which paper: <code>/paper 2401.04088</code>. Any form works: "
        "<code>2401.04088v2</code>, <code>arXiv:2401.04088</code>, an arxiv.org link, "
        "or an old-style id like <code>hep-th/9901001</code>."
    ),
    "paper.not_found": N_("arXiv has no paper {arxiv_id}: please check the id."),
    "paper.unavailable": N_("arXiv did not answer, try again later."),
    "paper.broken_answer": N_(
        "arXiv's answer for {arxiv_id} came back broken (cut off or garbled), so I cannot tell "
        "whether the paper exists. Please try again in a moment."
    ),
    "card.authors_more": N_("{authors} et al."),
    "card.published": N_("published {date}"),
    "card.updated": N_("updated {date}"),
    "card.version": N_("v{version}"),
    "id.invalid": N_("“{text}” is not an arXiv id: {reason}"),
    "id.accepted": N_(
        "Accepted forms: <code>2401.04088</code>, <code>2401.04088v2</code>, "
        "<code>arXiv:2401.04088</code>, <code>https://arxiv.org/abs/2401.04088</code>, "
        "<code>hep-th/9901001</code>."
    ),
    "id.empty": N_("it is empty."),
    "id.month": N_("the first four digits are YYMM, and the month must be 01 to 12."),
    "id.too_early": N_("ids of the form YYMM.NNNNN start in April 2007 (0704)."),
    "id.digits_4": N_("ids from 0704 to 1412 have 4 digits after the dot."),
    "id.digits_5": N_("ids from 1501 on have 5 digits after the dot."),
    "id.version": N_("versions start at v1."),
    "id.old_style": N_("old-style ids look like hep-th/9901001 (archive/YYMMNNN, 1991–2007)."),
    "id.format": N_("it does not look like an arXiv id."),
    # A Babel/CLDR date pattern: EEE weekday, d day, MMM month name, M month number.
    "date.day": N_("EEE d MMM"),
    "flood.notice": N_(
        "That is a lot of commands at once: I will ignore yours for the next {seconds} s, "
        "so everyone else gets answered."
    ),
    "flood.presses": N_(
        "That is a lot of button presses at once: I will ignore yours for the next {seconds} s."
    ),
}
