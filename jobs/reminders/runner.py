"""A group's daily reminder run: nudge claimants due soon, release claims long overdue, and on
the reminder day post the weekly reminder once (the ledger in store.reminders says so).

The ledger is read through the catalog's readers and written through its one writer: a held
write lock delays a run, never the event loop. A write that fails ends the run (logged); the
slot a reminder took stays taken, so a message is never posted twice."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import partial
from typing import Protocol

from jobs.reminders.plan import (
    WeeklyReminder,
    build_weekly_reminder,
    claims_due_soon,
    claims_to_release,
    claims_to_warn,
    job_time,
    local_now,
    reminder_due,
    week_key,
)
from jobs.schedule import MISFIRE_GRACE_SECONDS, Plan
from jobs.sending import Message, Sender, Status, until_settled
from store.db import CatalogWriteError
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
from store.sessions import by_session, session_schedule
from store.wants import most_wanted
from store.workers import CatalogSlow, CatalogWorkers

log = logging.getLogger(__name__)
LATE_WINDOW = timedelta(seconds=MISFIRE_GRACE_SECONDS)  # a reminder this late still goes out
POLL_OPTIONS = 12  # Telegram's most
WANTED_SINCE = timedelta(days=30)


class ReminderTexts(Protocol):
    """How the reminders read (the bot writes them: texts, escaping, buttons)."""

    def release_notice(self, claim: OpenClaim) -> Message: ...

    def nudge_private(self, claim: OpenClaim, group_title: str, today: date) -> Message: ...

    def release_warning(self, claim: OpenClaim, group_title: str) -> Message: ...

    def nudge_in_group(self, claim: OpenClaim, today: date) -> Message: ...

    def weekly(self, reminder: WeeklyReminder) -> Sequence[Message]: ...

    def poll(self, picks: Sequence[Pick]) -> tuple[str, list[str]]: ...


class ReleasedTopics(Protocol):
    """What a released paper's forum topic hears (the bot closes it)."""

    async def released(self, chat_id: int, arxiv_id: str) -> None: ...


class ReminderRunner:
    """The weekly reminders and the daily claims check of every group."""

    def __init__(
        self,
        catalog: CatalogWorkers,
        clock: Callable[[], datetime],
        sender: Sender,
        texts: ReminderTexts,
        topics: ReleasedTopics | None = None,
    ) -> None:
        self.catalog, self.clock, self.sender, self.texts = catalog, clock, sender, texts
        self.topics = topics

    async def plans(self) -> Mapping[int, Plan]:
        """Every active group's daily run, at its local reminder time."""
        return {
            s.chat_id: Plan(job_time(s)) for s in await self.catalog.read(all_reminder_settings)
        }

    async def missed(self, chat_id: int, plan: Plan, now: datetime) -> bool:
        """The bot was down at reminder time this week and the reminder is not sent yet."""
        settings = await self.catalog.read(reminder_settings, chat_id)
        if settings is None or not reminder_due(settings, now, LATE_WINDOW):
            return False
        return not await self.catalog.read(reminder_sent, chat_id, week_key(settings, now))

    async def run(self, chat_id: int) -> None:
        """Nudge, release, and send this week's reminder if it is due and not yet sent."""
        try:
            await self._run(chat_id)
        except (CatalogSlow, CatalogWriteError) as exc:
            log.warning("reminder run of %s stopped: the catalog did not answer (%s)", chat_id, exc)

    async def _run(self, chat_id: int) -> None:
        settings = await self.catalog.read(reminder_settings, chat_id)
        group = await self.catalog.read(get_group, chat_id)
        if settings is None or group is None or not group.active:
            return
        now = self.clock()
        await self.check_claims(settings, group.title, now)
        if not reminder_due(settings, now, LATE_WINDOW):
            return
        week = week_key(settings, now)
        if not await self.catalog.write(begin_reminder, chat_id, week, now):
            return  # already sent this week (or a send was cut short: never twice)
        today = local_now(settings, now).date()
        reminder = build_weekly_reminder(
            await self._open_claims(chat_id),
            await self.catalog.read(notes_since, chat_id, now - timedelta(days=7)),
            await self.catalog.read(unclaimed_picks, chat_id, today - timedelta(days=7), limit=5),
            today,
        )
        message_id = None
        messages = self.texts.weekly(reminder)
        for number, message in enumerate(messages):
            sent = await until_settled(
                partial(self.sender.send, chat_id, message), f"weekly reminder for {chat_id}"
            )
            if not sent.ok:
                # Nothing posted yet: the slot is freed, so a later run (a restart within the
                # late window) may post it; else it stays taken rather than repeat a part.
                if number == 0 or sent.status in (Status.REFUSED, Status.GONE, Status.MOVED):
                    await self.catalog.write(abandon_reminder, chat_id, week)
                log.error(
                    "weekly reminder for %s not posted (%s): %d of %d messages went out",
                    chat_id,
                    sent.detail,
                    number,
                    len(messages),
                )
                return
            message_id = sent.message_id
        await self.catalog.write(finish_reminder, chat_id, week, message_id or 0, now)
        choices = await self._poll_choices(chat_id, reminder.picks, now)
        if settings.poll and len(choices) >= 2:
            question, options = self.texts.poll(choices)
            polled = await until_settled(
                lambda: self.sender.poll(chat_id, question, options), f"poll for {chat_id}"
            )
            if not polled.ok:
                log.error("reminder poll for %s not posted: %s", chat_id, polled.detail)

    async def check_claims(self, settings: ReminderSettings, title: str, now: datetime) -> None:
        """Nudge claimants due within two days; warn (privately, once) those released tomorrow;
        release claims more than a week overdue. In a group that meets, a claim is due at its
        meeting (the first on or after its due date)."""
        today = local_now(settings, now).date()
        claims = await self._open_claims(settings.chat_id)
        for claim in claims_to_release(claims, today):
            if await self.catalog.write(release_overdue, claim.id, now):
                # told in the paper's topic (a forum group), which then closes, as on /unclaim
                await self._send_quietly(claim.chat_id, self.texts.release_notice(claim))
                if self.topics is not None:
                    await self.topics.released(claim.chat_id, claim.arxiv_id)
        for claim in claims_to_warn(claims, today):
            # Only a member who started the bot hears it: the public release stays the notice.
            if claim.private_chat and await self.catalog.write(
                begin_nudge, claim, "release_warning", "private", now
            ):
                await self._send_quietly(claim.user_id, self.texts.release_warning(claim, title))
        for claim in claims_due_soon(claims, today):
            channel = "private" if claim.private_chat else "group"
            if not await self.catalog.write(begin_nudge, claim, "due_soon", channel, now):
                continue
            if claim.private_chat and await self._send_quietly(
                claim.user_id, self.texts.nudge_private(claim, title, today)
            ):
                continue
            await self._send_quietly(claim.chat_id, self.texts.nudge_in_group(claim, today))

    async def _poll_choices(self, chat_id: int, picks: Sequence[Pick], now: datetime) -> list[Pick]:
        """The poll's answers: the most wanted unclaimed papers (👍 in the digest) first, then
        the week's best picks, up to Telegram's 12 options."""
        wanted = await self.catalog.read(most_wanted, chat_id, now - WANTED_SINCE, POLL_OPTIONS)
        choices = [Pick(w.arxiv_id, w.title, float(w.votes)) for w in wanted]
        seen = {choice.arxiv_id for choice in choices}
        choices.extend(pick for pick in picks if pick.arxiv_id not in seen)
        return choices[:POLL_OPTIONS]

    async def _open_claims(self, chat_id: int) -> list[OpenClaim]:
        """The group's open claims, each due at its meeting when the group meets."""
        schedule = await self.catalog.read(session_schedule, chat_id)
        return [
            replace(claim, due_on=by_session(schedule, claim.due_on))
            for claim in await self.catalog.read(open_claims, chat_id)
        ]

    async def _send_quietly(self, chat_id: int, message: Message) -> bool:
        """Send (again while it does not go through); a refusal (blocked bot, kicked) is
        logged, so other claims go on."""
        sent = await until_settled(
            lambda: self.sender.send(chat_id, message), f"reminder message to {chat_id}"
        )
        if not sent.ok:
            log.warning("reminder message to %s failed: %s", chat_id, sent.detail)
        return sent.ok
