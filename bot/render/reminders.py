"""Pure formatting of the weekly reminder, nudges, release notices and the settings line."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.render.papers import split_html
from bot.texts import Html, escape, t, tn
from bot.texts.dates import weekday_name
from jobs.reminders.plan import RELEASE_AFTER_DAYS, WeeklyReminder
from store.parse.zones import zone_label
from store.reminders import OpenClaim, Pick, ReminderSettings

POLL_OPTION_LIMIT = 100


def mention(user_id: int, name: str) -> Html:
    """A member mention that notifies them (tg://user links work without a username)."""
    return Html(f'<a href="tg://user?id={int(user_id)}">{escape(name)}</a>')


def paper_ref(arxiv_id: str, title: str) -> Html:
    """A paper's title linked to its abs page."""
    return Html(f'<a href="https://arxiv.org/abs/{escape(arxiv_id)}">{escape(title)}</a>')


def describe_reminder(settings: ReminderSettings) -> Html:
    """`Mon 10:00 (Europe/Berlin)`, `off`, or with a poll."""
    if not settings.enabled:
        return t("reminder.off")
    when = t(
        "reminder.when",
        day=weekday_name(settings.day),
        time=settings.time,
        timezone=zone_label(settings.timezone),
    )
    return t("reminder.with_poll", when=when) if settings.poll else when


def settings_line(settings: ReminderSettings) -> Html:
    """The reminder's line in /settings."""
    return t("reminder.line", current=describe_reminder(settings))


def reminder_messages(reminder: WeeklyReminder) -> list[Html]:
    """The weekly message (split between blocks if it grows past Telegram's limit)."""
    if reminder.is_empty:
        return [Html(f"{t('reminder.title')}\n\n{t('reminder.empty')}")]
    blocks: list[str] = [t("reminder.title")]
    if reminder.members:
        lines = [t("reminder.claims")]
        for member in reminder.members:
            lines.append(mention(member.user_id, member.name))
            for line in member.claims:
                claim = line.claim
                paper = paper_ref(claim.arxiv_id, claim.title)
                text = (
                    t("reminder.claim_line", paper=paper, due=claim.due_on.isoformat())
                    if claim.due_on
                    else t("reminder.claim_no_due", paper=paper)
                )
                overdue = t("reminder.overdue", days=line.overdue_days) if line.overdue_days else ""
                lines.append(Html(text + overdue))
        blocks.append("\n".join(lines))
    else:
        blocks.append(t("reminder.no_claims"))
    if reminder.notes:
        lines = [t("reminder.notes")]
        for note in reminder.notes:
            title = paper_ref(note.arxiv_id, note.title) if note.arxiv_id else escape(note.title)
            lines.append(t("reminder.note_line", title=title, author=note.author or "?"))
        blocks.append("\n".join(lines))
    if reminder.picks:
        lines = [t("reminder.picks")]
        for number, pick in enumerate(reminder.picks, 1):
            lines.append(
                t("reminder.pick_line", number=number, paper=paper_ref(pick.arxiv_id, pick.title))
            )
        blocks.append("\n".join(lines))
    return split_html(blocks)


def pick_buttons(picks: Sequence[Pick]) -> list[tuple[str, str]]:
    """(label, callback data) per pick: `claim:<id>`, handled by the claims feature."""
    return [
        (t("reminder.claim_button", number=n), f"claim:{pick.arxiv_id}")
        for n, pick in enumerate(picks, 1)
    ]


def poll_options(picks: Sequence[Pick]) -> list[str]:
    """Poll answers: the picks' titles as plain text (the sender posts them without a parse
    mode), cut to Telegram's 100 characters."""
    options = []
    for pick in picks:
        title = " ".join(pick.title.split())
        if len(title) > POLL_OPTION_LIMIT:
            title = title[: POLL_OPTION_LIMIT - 1] + "…"
        options.append(title)
    return options


def _when(claim: OpenClaim, today: date) -> Html:
    if claim.due_on is None or claim.due_on <= today:
        return t("reminder.today")
    return t("reminder.in_days", due=claim.due_on.isoformat(), days=(claim.due_on - today).days)


def nudge_private(claim: OpenClaim, group_title: str, today: date) -> Html:
    """The private nudge to a claimant whose paper is due soon."""
    return t(
        "reminder.nudge_private",
        paper=paper_ref(claim.arxiv_id, claim.title),
        when=_when(claim, today),
        group=group_title,
        arxiv_id=claim.arxiv_id,
    )


def nudge_in_group(claim: OpenClaim, today: date) -> Html:
    """The nudge as a mention in the group, for members who never started the bot privately."""
    return t(
        "reminder.nudge_group",
        member=mention(claim.user_id, claim.name),
        paper=paper_ref(claim.arxiv_id, claim.title),
        when=_when(claim, today),
        arxiv_id=claim.arxiv_id,
    )


def release_warning(claim: OpenClaim, group_title: str) -> Html:
    """Told privately the day before an overdue claim is released."""
    return t(
        "reminder.release_warning",
        paper=paper_ref(claim.arxiv_id, claim.title),
        group=group_title,
        due=claim.due_on.isoformat() if claim.due_on else "?",
        arxiv_id=claim.arxiv_id,
    )


def release_notice(claim: OpenClaim) -> Html:
    """Told in the group when an overdue claim is released."""
    return tn(
        "reminder.released",
        RELEASE_AFTER_DAYS,
        paper=paper_ref(claim.arxiv_id, claim.title),
        member=mention(claim.user_id, claim.name),
        due=claim.due_on.isoformat() if claim.due_on else "?",
    )
