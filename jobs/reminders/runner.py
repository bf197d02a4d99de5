"""A group's daily reminder run: nudge claimants due soon, release claims long overdue, and on
the reminder day post the weekly reminder once (the ledger in store.reminders says so)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Protocol

from jobs.reminders.plan import (
    WeeklyReminder,
    build_weekly_reminder,
    claims_due_soon,
    claims_to_release,
    job_time,
    local_now,
    reminder_due,
    week_key,
)
from jobs.schedule import MISFIRE_GRACE_SECONDS, Plan
from jobs.sending import Message, Sender, Status
from store.db import Database
from store.groups import get_group
from store.reminders import (
    OpenClaim,
    Pick,
    ReminderSettings,
    abandon_reminder,
    all_reminder_settings,
    begin_nudge,
    begin_reminder,
    finish_reminder,
    notes_since,
    open_claims,
    release_overdue,
    reminder_sent,
    reminder_settings,
    unclaimed_picks,
)

log = logging.getLogger(__name__)
LATE_WINDOW = timedelta(seconds=MISFIRE_GRACE_SECONDS)  # a reminder this late still goes out


class ReminderTexts(Protocol):
    """How the reminders read (the bot writes them: texts, escaping, buttons)."""

    def release_notice(self, claim: OpenClaim) -> Message: ...

    def nudge_private(self, claim: OpenClaim, group_title: str, today: date) -> Message: ...

    def nudge_in_group(self, claim: OpenClaim, today: date) -> Message: ...

    def weekly(self, reminder: WeeklyReminder) -> Sequence[Message]: ...

    def poll(self, picks: Sequence[Pick]) -> tuple[str, list[str]]: ...


class ReminderRunner:
    """The weekly reminders and the daily claims check of every group."""

    def __init__(
        self,
        db: Database,
        clock: Callable[[], datetime],
        sender: Sender,
        texts: ReminderTexts,
    ) -> None:
        self.db, self.clock, self.sender, self.texts = db, clock, sender, texts

    def plans(self) -> Mapping[int, Plan]:
        """Every active group's daily run, at its local reminder time."""
        return {s.chat_id: Plan(job_time(s)) for s in all_reminder_settings(self.db)}

    def missed(self, chat_id: int, plan: Plan, now: datetime) -> bool:
        """The bot was down at reminder time this week and the reminder is not sent yet."""
        settings = reminder_settings(self.db, chat_id)
        return (
            settings is not None
            and reminder_due(settings, now, LATE_WINDOW)
            and not reminder_sent(self.db, chat_id, week_key(settings, now))
        )

    async def run(self, chat_id: int) -> None:
        """Nudge, release, and send this week's reminder if it is due and not yet sent."""
        settings = reminder_settings(self.db, chat_id)
        group = get_group(self.db, chat_id)
        if settings is None or group is None or not group.active:
            return
        now = self.clock()
        await self.check_claims(settings, group.title, now)
        if not reminder_due(settings, now, LATE_WINDOW):
            return
        week = week_key(settings, now)
        if not begin_reminder(self.db, chat_id, week, now):
            return  # already sent this week (or a send was cut short: never twice)
        today = local_now(settings, now).date()
        reminder = build_weekly_reminder(
            open_claims(self.db, chat_id),
            notes_since(self.db, chat_id, now - timedelta(days=7)),
            unclaimed_picks(self.db, chat_id, today - timedelta(days=7), limit=5),
            today,
        )
        message_id = None
        for message in self.texts.weekly(reminder):
            sent = await self.sender.send(chat_id, message)
            if sent.status in (Status.REFUSED, Status.GONE, Status.MOVED):
                # refused: nothing (more) posted; a later run may retry
                log.warning("weekly reminder for %s refused: %s", chat_id, sent.detail)
                abandon_reminder(self.db, chat_id, week)
                return
            if not sent.ok:  # unknown outcome: keep the slot taken rather than repeat
                log.warning("weekly reminder for %s failed: %s", chat_id, sent.detail)
                return
            message_id = sent.message_id
        finish_reminder(self.db, chat_id, week, message_id or 0, now)
        if settings.poll and len(reminder.picks) >= 2:
            question, options = self.texts.poll(reminder.picks)
            polled = await self.sender.poll(chat_id, question, options)
            if not polled.ok:
                log.warning("reminder poll for %s failed: %s", chat_id, polled.detail)

    async def check_claims(self, settings: ReminderSettings, title: str, now: datetime) -> None:
        """Nudge claimants due within two days; release claims more than a week overdue."""
        today = local_now(settings, now).date()
        claims = open_claims(self.db, settings.chat_id)
        for claim in claims_to_release(claims, today):
            if release_overdue(self.db, claim.id, now):
                await self._send_quietly(claim.chat_id, self.texts.release_notice(claim))
        for claim in claims_due_soon(claims, today):
            channel = "private" if claim.private_chat else "group"
            if not begin_nudge(self.db, claim, "due_soon", channel, now):
                continue
            if claim.private_chat and await self._send_quietly(
                claim.user_id, self.texts.nudge_private(claim, title, today)
            ):
                continue
            await self._send_quietly(claim.chat_id, self.texts.nudge_in_group(claim, today))

    async def _send_quietly(self, chat_id: int, message: Message) -> bool:
        """Send; a refusal (blocked bot, kicked) is logged, so other claims go on."""
        sent = await self.sender.send(chat_id, message)
        if not sent.ok:
            log.warning("reminder message to %s failed: %s", chat_id, sent.detail)
        return sent.ok
