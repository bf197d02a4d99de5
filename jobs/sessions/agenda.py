"""Post each session's agenda on its own, a set time before the session (24 h by default): the
claims landing on it, its open slots and the group's most wanted unclaimed papers; and once the
session is over, its archive entry (who presented what, whether the note is in)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Protocol
from zoneinfo import ZoneInfo

from jobs.schedule import Plan
from jobs.sending import Message, Sender, until_settled
from store.agenda import (
    Slot,
    abandon_agenda,
    agenda_posted,
    agendas_not_archived,
    begin_agenda,
    begin_archive,
    finish_agenda,
    session_slots,
)
from store.db import Database
from store.groups import get_group
from store.sessions import (
    SESSION_LENGTH,
    Schedule,
    Session,
    meeting_times,
    next_sessions,
    session_schedule,
    sessions_from,
)
from store.wants import Wanted, most_wanted

log = logging.getLogger(__name__)
AGENDA_LEAD = timedelta(hours=24)
WANTED_SHOWN = 5
WANTED_SINCE = timedelta(days=30)  # wants older than this no longer push a paper forward
# The daily check runs `lead` before the regular session: a little early still counts.
EARLY = timedelta(minutes=1)


@dataclass(frozen=True)
class Agenda:
    """One session's agenda as a reader sees it."""

    session: Session
    slots: tuple[Slot, ...]
    open_slots: int
    wanted: tuple[Wanted, ...]


def build_agenda(db: Database, schedule: Schedule, session: Session, now: datetime) -> Agenda:
    """The session's slots, how many are open, and what the group wants presented."""
    slots = tuple(session_slots(db, schedule, session))
    wanted = tuple(most_wanted(db, session.chat_id, now - WANTED_SINCE, WANTED_SHOWN))
    return Agenda(session, slots, max(0, schedule.slots - len(slots)), wanted)


def next_agenda(db: Database, chat_id: int, now: datetime) -> Agenda | None:
    """The agenda of the group's next session (None without sessions)."""
    schedule = session_schedule(db, chat_id)
    if schedule is None or not schedule.active:
        return None
    upcoming = next_sessions(schedule, now, 1)
    return build_agenda(db, schedule, upcoming[0], now) if upcoming else None


def agenda_time(at: str, zone: str, lead: timedelta) -> time:
    """The local time of day the daily agenda check runs: `lead` before the regular session."""
    hour, minute = (int(part) for part in at.split(":"))
    moment = datetime(2000, 1, 2, hour, minute) - lead
    return time(moment.hour, moment.minute, tzinfo=ZoneInfo(zone))


class AgendaTexts(Protocol):
    """How an agenda and an archive entry read (the bot writes them: texts, escaping)."""

    def agenda(self, agenda: Agenda) -> Sequence[Message]: ...

    def archive(self, session: Session, slots: Sequence[Slot]) -> Sequence[Message]: ...


class SessionTopics(Protocol):
    """What the papers' forum topics hear of their session (the bot posts in and closes them)."""

    async def before(self, chat_id: int, session: Session, slots: Sequence[Slot]) -> None: ...

    async def after(self, chat_id: int, session: Session, slots: Sequence[Slot]) -> None: ...


class AgendaRunner:
    """The agenda of every group that meets, posted once per session."""

    def __init__(
        self,
        db: Database,
        clock: Callable[[], datetime],
        sender: Sender,
        texts: AgendaTexts,
        lead: timedelta = AGENDA_LEAD,
        topics: SessionTopics | None = None,
    ) -> None:
        self.db, self.clock, self.sender, self.texts, self.lead = db, clock, sender, texts, lead
        self.topics = topics
        self.runs = 0  # checks finished (what a watcher, or a test, waits on)

    def plans(self) -> Mapping[int, Plan]:
        """Every meeting group's daily check, `lead` before its regular session time."""
        return {
            chat_id: Plan(agenda_time(at, zone, self.lead))
            for chat_id, (at, zone) in meeting_times(self.db).items()
        }

    def due(self, chat_id: int, now: datetime) -> tuple[Schedule, Session] | None:
        """The session whose agenda should be out by now and is not."""
        schedule = session_schedule(self.db, chat_id)
        if schedule is None or not schedule.active:
            return None
        for session in next_sessions(schedule, now, 2):
            if session.starts - now > self.lead + EARLY:
                return None
            if not agenda_posted(self.db, chat_id, session):
                return schedule, session
        return None

    def missed(self, chat_id: int, plan: Plan, now: datetime) -> bool:
        """A (re)start within `lead` of a session whose agenda is not out yet."""
        return self.due(chat_id, now) is not None

    async def run(self, chat_id: int) -> None:
        """Post the agenda of the session now within `lead`, once."""
        try:
            await self._post_due(chat_id)
        finally:
            self.runs += 1

    async def _post_due(self, chat_id: int) -> None:
        group = get_group(self.db, chat_id)
        if group is None or not group.active:
            return
        now = self.clock()
        await self._archive_ended(chat_id, now)
        found = self.due(chat_id, now)
        if found is None:
            return
        schedule, session = found
        if not begin_agenda(self.db, chat_id, session, now):
            return
        agenda = build_agenda(self.db, schedule, session, now)
        message_id = await self._post(chat_id, self.texts.agenda(agenda), "agenda")
        if message_id is None:
            abandon_agenda(self.db, chat_id, session)  # a later run (a restart) may post it
            return
        finish_agenda(self.db, chat_id, session, message_id)
        if self.topics is not None:  # each paper's topic hears of its session
            await self.topics.before(chat_id, session, agenda.slots)

    async def _archive_ended(self, chat_id: int, now: datetime) -> None:
        """Each meeting that has ended since its agenda went out gets its archive entry: who
        presented what, and whether the note is in (once, even if the post fails)."""
        schedule = session_schedule(self.db, chat_id)
        if schedule is None:
            return
        for day in agendas_not_archived(self.db, chat_id):
            held = next(sessions_from(schedule, day, day), None)
            if held is not None and held.starts + SESSION_LENGTH > now:
                continue  # not over yet
            if not begin_archive(self.db, chat_id, held or _gone(chat_id, day, schedule), now):
                continue
            if held is not None:  # a meeting cancelled after its agenda went out: nothing
                slots = session_slots(self.db, schedule, held)
                await self._post(chat_id, self.texts.archive(held, slots), "archive entry")
                if self.topics is not None:  # presented: the papers' topics close
                    await self.topics.after(chat_id, held, slots)

    async def _post(self, chat_id: int, messages: Sequence[Message], what: str) -> int | None:
        """Send the parts in order; the last part's id, or None when the first did not go."""
        message_id = None
        for number, message in enumerate(messages):
            sent = await until_settled(
                partial(self.sender.send, chat_id, message), f"{what} for {chat_id}"
            )
            if not sent.ok:
                log.error("%s for %s not posted: %s", what, chat_id, sent.detail)
                return None if number == 0 else message_id
            message_id = sent.message_id or 0
        return message_id


def _gone(chat_id: int, day: date, schedule: Schedule) -> Session:
    """A cancelled meeting's date, as a session the ledger can name."""
    return Session(chat_id, day, "00:00", "", schedule.zone)
