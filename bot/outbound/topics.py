"""Forum topics on Telegram: a claimed paper's topic opened and closed, the thread a scheduled
post goes to, and the two refusals that mean "no such topic" and "no right to manage topics"."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from enum import Enum

from telegram import Bot, Chat
from telegram import Message as TgMessage
from telegram.error import BadRequest, TelegramError

from bot.render.topics import topic_name, topic_opener
from bot.texts import Html, t
from store.claims import Claim
from store.papers import Paper
from store.sessions import session_schedule
from store.topics import (
    close_paper_topic,
    note_rights_told,
    open_paper_topic,
    paper_of_topic,
    paper_topic,
    remember_paper_message,
)
from store.workers import CatalogWorkers

log = logging.getLogger(__name__)


class Opened(Enum):
    """How opening a paper's topic ended."""

    OPENED = "opened"
    NEEDS_RIGHT = "needs_right"  # the bot may not manage topics: tell the group (first time)
    STILL_NO_RIGHT = "still_no_right"  # told before: say nothing again
    FAILED = "failed"


def lost_thread(error: BadRequest) -> bool:
    """The topic is gone or closed to the bot: the post belongs in General instead."""
    text = str(error).lower()
    return any(key in text for key in ("thread not found", "topic_closed", "topic_deleted"))


def lacks_topic_rights(error: BadRequest) -> bool:
    """Telegram's answer to a bot without the admin right to manage topics."""
    text = str(error).lower()
    return "not enough rights" in text or "chat_admin_required" in text


async def open_topic(
    bot: Bot, catalog: CatalogWorkers, chat_id: int, paper: Paper, presenter: str, now: datetime
) -> Opened:
    """Open the paper's topic and post its opener there (the paper's card: a 👍 is a want)."""
    try:
        topic = await bot.create_forum_topic(chat_id, topic_name(paper))
    except BadRequest as error:
        if not lacks_topic_rights(error):
            log.warning("no topic for %s in %s: %s", paper.arxiv_id, chat_id, error)
            return Opened.FAILED
        first = await catalog.write(note_rights_told, chat_id, now)
        return Opened.NEEDS_RIGHT if first else Opened.STILL_NO_RIGHT
    except TelegramError as error:
        log.warning("no topic for %s in %s: %s", paper.arxiv_id, chat_id, error)
        return Opened.FAILED
    thread_id = topic.message_thread_id
    await catalog.write(open_paper_topic, chat_id, paper.arxiv_id, thread_id, now)
    try:
        sent = await bot.send_message(
            chat_id, topic_opener(paper, presenter), message_thread_id=thread_id
        )
    except TelegramError as error:
        log.warning("topic %s of %s opened, opener not posted: %s", thread_id, chat_id, error)
        return Opened.OPENED
    await catalog.write(remember_paper_message, chat_id, sent.message_id, paper.arxiv_id)
    return Opened.OPENED


async def close_topic(
    bot: Bot, catalog: CatalogWorkers, chat_id: int, arxiv_id: str, now: datetime
) -> bool:
    """Close the paper's topic (its session is over, or its claim released); True if closed."""
    thread_id = await catalog.write(close_paper_topic, chat_id, arxiv_id, now)
    if thread_id is None:
        return False
    try:
        await bot.close_forum_topic(chat_id, thread_id)
    except TelegramError as error:  # deleted by a person, or already closed: nothing to do
        log.warning("topic %s of %s not closed: %s", thread_id, chat_id, error)
        return False
    return True


async def close_topics(
    bot: Bot, catalog: CatalogWorkers, claims: Sequence[Claim], now: datetime
) -> None:
    """Close the topics of claims that are gone (a member's /forget)."""
    for claim in claims:
        await close_topic(bot, catalog, claim.chat_id, claim.arxiv_id, now)


async def topic_for_claim(
    bot: Bot, catalog: CatalogWorkers, chat: Chat, paper: Paper, presenter: str, now: datetime
) -> None:
    """A paper just claimed in a forum group gets its topic; without the right to manage
    topics the group hears once, in General, which right the bot needs. Other groups: nothing."""
    if not chat.is_forum:
        return
    if await open_topic(bot, catalog, chat.id, paper, presenter, now) is Opened.NEEDS_RIGHT:
        await bot.send_message(chat.id, t("topic.needs_right"))  # no thread: General


async def also_in_topic(
    bot: Bot, catalog: CatalogWorkers, message: TgMessage, arxiv_id: str, text: Html
) -> None:
    """A paper's news told elsewhere in a forum group (a note saved from General) is posted in
    the paper's open topic too; said inside that topic, or in a group without topics: nothing."""
    if not message.chat.is_forum:
        return
    topic = await catalog.read(paper_topic, message.chat.id, arxiv_id)
    if topic is None or topic.closed:
        return
    if message.is_topic_message and message.message_thread_id == topic.thread_id:
        return
    try:
        await bot.send_message(message.chat.id, text, message_thread_id=topic.thread_id)
    except TelegramError as error:
        log.warning("not posted in topic %s of %s: %s", topic.thread_id, message.chat.id, error)


async def topic_paper(catalog: CatalogWorkers, message: TgMessage) -> str | None:
    """The paper whose topic a member's message was sent in (None: not a paper's topic)."""
    if not message.chat.is_forum or not message.is_topic_message:
        return None
    if message.message_thread_id is None:
        return None
    return await catalog.read(paper_of_topic, message.chat.id, message.message_thread_id)


async def close_when_done(
    bot: Bot, catalog: CatalogWorkers, chat: Chat, arxiv_id: str, now: datetime
) -> None:
    """The presenter's note is in: a group without meetings is done with the paper's topic
    (a group with meetings closes it after the meeting, its reminder posted there first)."""
    if not chat.is_forum:
        return
    schedule = await catalog.read(session_schedule, chat.id)
    if schedule is None or not schedule.active:
        await close_topic(bot, catalog, chat.id, arxiv_id, now)
