"""The presenter rota on a clock: a meeting with an open slot a few days ahead gets the next
member in turn asked to take it (privately when they started the bot, else in the group); a
pass asks the one after, and so does an ask left unanswered until the next day's check. One
ask is out per meeting at a time."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial
from typing import Protocol

from jobs.sending import Message, Sender, until_settled
from jobs.sessions.agenda import build_agenda
from store.groups import get_group
from store.rota import RotaMember, begin_ask, lapse_asks, next_in_turn, session_asks
from store.sessions import Session, next_sessions, session_schedule, sessions_from
from store.workers import CatalogWorkers

log = logging.getLogger(__name__)
ROTA_LEAD = timedelta(days=3)  # a meeting this close with an open slot gets someone asked
ANSWER_WITHIN = timedelta(hours=20)  # an ask unanswered by the next daily check is a pass


class RotaTexts(Protocol):
    """How an ask reads (the bot writes it: texts, mention, buttons)."""

    def ask(
        self, member: RotaMember, session: Session, ask_id: int, group_title: str | None
    ) -> Message:
        """The ask with its buttons; `group_title` when it goes privately."""
        ...


class RotaAsker:
    """Asks members in turn to fill open slots."""

    def __init__(
        self,
        catalog: CatalogWorkers,
        clock: Callable[[], datetime],
        sender: Sender,
        texts: RotaTexts,
        lead: timedelta = ROTA_LEAD,
    ) -> None:
        self.catalog, self.clock, self.sender, self.texts = catalog, clock, sender, texts
        self.lead = lead

    async def check(self, chat_id: int, now: datetime) -> None:
        """Each meeting within `lead` with a slot nobody holds, took or was asked about yet:
        ask the next member in turn."""
        schedule = await self.catalog.read(session_schedule, chat_id)
        if schedule is None or not schedule.active:
            return
        await self.catalog.write(lapse_asks, chat_id, now - ANSWER_WITHIN, now)
        for session in next_sessions(schedule, now, 3):
            if session.starts - now > self.lead:
                break
            agenda = await self.catalog.read(build_agenda, schedule, session, now)
            asks = await self.catalog.read(session_asks, chat_id, session.on_date)
            if any(ask.status == "asked" for ask in asks):
                continue  # one ask out at a time: the member answers first
            presenters = {slot.user_id for slot in agenda.slots}
            promised = sum(ask.status == "taken" and ask.user_id not in presenters for ask in asks)
            if agenda.open_slots - promised > 0:
                await self.ask_next(chat_id, session)

    async def ask_next(self, chat_id: int, session: Session) -> bool:
        """Ask the next member in turn about this meeting; False when nobody is left."""
        member = await self.catalog.read(next_in_turn, chat_id, session.on_date)
        if member is None:
            return False
        ask_id = await self.catalog.write(begin_ask, chat_id, session.on_date, member, self.clock())
        if member.private_chat:
            group = await self.catalog.read(get_group, chat_id)
            title = group.title if group else ""
            if await self._send(member.user_id, self.texts.ask(member, session, ask_id, title)):
                return True
        return await self._send(chat_id, self.texts.ask(member, session, ask_id, None))

    async def ask_after_pass(self, chat_id: int, on_date: date) -> bool:
        """A member passed: the next in turn is asked, if the meeting is still ahead."""
        schedule = await self.catalog.read(session_schedule, chat_id)
        if schedule is None or not schedule.active:
            return False
        session = next(sessions_from(schedule, on_date, on_date), None)
        if session is None or session.starts <= self.clock():
            return False
        return await self.ask_next(chat_id, session)

    async def _send(self, chat_id: int, message: Message) -> bool:
        sent = await until_settled(partial(self.sender.send, chat_id, message), "rota ask")
        if not sent.ok:
            log.warning("rota ask to %s failed: %s", chat_id, sent.detail)
        return sent.ok
