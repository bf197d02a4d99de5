"""Strings for /start, /help, /paper, errors and arXiv ids."""

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "help.intro": (
            "<b>paperclub</b> runs your paper study group: it watches arXiv, posts a daily "
            "digest ranked for this group, and keeps who presents what and the group's notes."
        ),
        "help.commands": "<b>Commands</b>",
        "help.line": "/{name} {args} — {description}",
        "help.line_noargs": "/{name} — {description}",
        "help.admin_mark": " (admins)",
        "help.admin_change_mark": " (admins change)",
        "guard.group_only": "/{command} belongs to a group: send this in your study group.",
        "guard.admins_only": "Sorry, only this group's admins can use /{command}.",
        "guard.admins_to_change": (
            "Sorry, only this group's admins can change what /{command} sets; "
            "send /{command} alone to see it."
        ),
        "guard.own_account": (
            "You are writing anonymously as the group, so I cannot tell who you are: "
            "send /{command} from your own account."
        ),
        "guard.channel": "/{command} is for the group's members: a channel cannot use it.",
        "cmd.start": "what this bot does",
        "cmd.help": "every command and how to use it",
        "cmd.paper": "show a paper's card",
        "paper.usage": (
            "Tell me which paper: <code>/paper 2401.04088</code>. Any form works: "
            "<code>2401.04088v2</code>, <code>arXiv:2401.04088</code>, an arxiv.org link, "
            "or an old-style id like <code>hep-th/9901001</code>."
        ),
        "paper.not_found": "arXiv has no paper {arxiv_id}: please check the id.",
        "paper.unavailable": "arXiv did not answer, try again later.",
        "card.authors_more": "{authors} et al.",
        "card.published": "published {date}",
        "card.updated": "updated {date}",
        "card.version": "v{version}",
        "id.invalid": "“{text}” is not an arXiv id: {reason}",
        "id.accepted": (
            "Accepted forms: <code>2401.04088</code>, <code>2401.04088v2</code>, "
            "<code>arXiv:2401.04088</code>, <code>https://arxiv.org/abs/2401.04088</code>, "
            "<code>hep-th/9901001</code>."
        ),
        "id.empty": "it is empty.",
        "id.month": "the first four digits are YYMM, and the month must be 01 to 12.",
        "id.too_early": "ids of the form YYMM.NNNNN start in April 2007 (0704).",
        "id.digits_4": "ids from 0704 to 1412 have 4 digits after the dot.",
        "id.digits_5": "ids from 1501 on have 5 digits after the dot.",
        "id.version": "versions start at v1.",
        "id.old_style": "old-style ids look like hep-th/9901001 (archive/YYMMNNN, 1991–2007).",
        "id.format": "it does not look like an arXiv id.",
        "error.generic": "Sorry, something went wrong on my side. Please try again in a moment.",
    },
}
