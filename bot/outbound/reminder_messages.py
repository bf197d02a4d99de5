"""The reminders as the reminder runner sends them: jobs.reminders.runner.ReminderTexts over
the pure formatting in bot/render/reminders.py."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.render import reminders as fmt
from bot.texts import speaking, t
from bot.texts.languages import language_or_default
from jobs.reminders.plan import WeeklyReminder
from jobs.sending import Message
from store.reminders import OpenClaim, Pick


class ReminderMessages:
    """Texts and buttons of nudges, release notices, the weekly reminder and its poll; a
    claim's nudge and release notice are about its paper (a forum group posts them in its topic)."""

    def release_notice(self, claim: OpenClaim) -> Message:
        button = (t("reminder.claim_it"), f"claim:{claim.arxiv_id}")
        return Message(fmt.release_notice(claim), ((button,),), paper=claim.arxiv_id)

    def nudge_private(self, claim: OpenClaim, group_title: str, today: date) -> Message:
        """In the member's own language (a private chat), not the group's."""
        with speaking(language_or_default(claim.language_code)):
            return Message(fmt.nudge_private(claim, group_title, today))

    def release_warning(self, claim: OpenClaim, group_title: str) -> Message:
        """In the member's own language (a private chat), not the group's."""
        with speaking(language_or_default(claim.language_code)):
            return Message(fmt.release_warning(claim, group_title))

    def nudge_in_group(self, claim: OpenClaim, today: date) -> Message:
        return Message(fmt.nudge_in_group(claim, today), paper=claim.arxiv_id)

    def weekly(self, reminder: WeeklyReminder) -> list[Message]:
        """The reminder's messages; the last one carries a claim button per pick."""
        texts = fmt.reminder_messages(reminder)
        buttons = tuple(fmt.pick_buttons(reminder.picks))
        return [
            Message(text, (buttons,) if index == len(texts) - 1 and buttons else ())
            for index, text in enumerate(texts)
        ]

    def poll(self, picks: Sequence[Pick]) -> tuple[str, list[str]]:
        return t("reminder.poll_question"), fmt.poll_options(picks)
