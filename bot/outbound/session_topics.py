"""Scheduled work as papers' forum topics see it: a reminder in each topic when the agenda goes
out, the topics closed once the session is over (jobs.sessions.agenda.SessionTopics), and a
topic closed when the reminder runner releases its claim (jobs.reminders.runner.ReleasedTopics)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial

from telegram import Bot

from bot.outbound.topics import close_topic
from bot.render.sessions import when
from bot.texts import t
from jobs.sending import Message, Sender, until_settled
from store.agenda import Slot
from store.sessions import Session
from store.topics import paper_topic
from store.workers import CatalogWorkers

log = logging.getLogger(__name__)


class PaperTopicsOfSessions:
    """Posts in and closes the topics of a session's papers, and of released claims' papers
    (groups without topics: nothing)."""

    def __init__(
        self, bot: Bot, catalog: CatalogWorkers, sender: Sender, clock: Callable[[], datetime]
    ) -> None:
        self.bot, self.catalog, self.sender, self.clock = bot, catalog, sender, clock

    async def before(self, chat_id: int, session: Session, slots: Sequence[Slot]) -> None:
        for slot in slots:
            topic = await self.catalog.read(paper_topic, chat_id, slot.arxiv_id)
            if topic is None or topic.closed:
                continue
            message = Message(t("topic.session_reminder", when=when(session)), paper=slot.arxiv_id)
            sent = await until_settled(
                partial(self.sender.send, chat_id, message), f"session reminder for {chat_id}"
            )
            if not sent.ok:
                log.error("session reminder of %s not posted: %s", slot.arxiv_id, sent.detail)

    async def after(self, chat_id: int, session: Session, slots: Sequence[Slot]) -> None:
        for slot in slots:
            await close_topic(self.bot, self.catalog, chat_id, slot.arxiv_id, self.clock())

    async def released(self, chat_id: int, arxiv_id: str) -> None:
        await close_topic(self.bot, self.catalog, chat_id, arxiv_id, self.clock())
