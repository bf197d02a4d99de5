"""Who may use the bot (PAPERCLUB_ALLOWED_CHATS), buttons no feature recognises, and the
operator's reports (heartbeat, errors, a daily health line)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, CallbackQueryHandler

from bot.frame.chats import is_group_chat
from bot.frame.error_inbox import INBOX
from bot.frame.features import Feature
from bot.frame.here import nowhere, update_language
from bot.frame.state import App, Context
from bot.outbound.operator_messages import OperatorMessages
from bot.outbound.sender import TelegramSender
from bot.outbound.timer import JobQueueTimer
from bot.outbound.work import reschedule_group
from bot.texts import speaking, t
from jobs.operator import TICK_SECONDS, OperatorReports
from store.db import CatalogWriteError
from store.groups import active_groups
from store.visits import leave_group
from store.workers import CatalogSlow

log = logging.getLogger(__name__)

_GONE = (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED)


async def refuse_other_chats(update: Update, context: Context) -> None:
    """Before anything else: in a group not in PAPERCLUB_ALLOWED_CHATS, say why, leave, and
    handle nothing more of the update."""
    allowed = context.settings.allowed_chats
    chat = update.effective_chat
    if allowed is None or not is_group_chat(chat) or chat is None or chat.id in allowed:
        return
    change = update.my_chat_member
    if change is None or change.new_chat_member.status not in _GONE:
        log.warning("leaving group %s (%r): not in PAPERCLUB_ALLOWED_CHATS", chat.id, chat.title)
        await _say_goodbye(
            context.application, chat.id, await update_language(context.catalog, update)
        )
    await _forget_jobs(context.application, chat.id)
    raise ApplicationHandlerStop


async def _say_goodbye(application: App, chat_id: int, language: str) -> None:
    """Say why, then leave; Telegram refusing (already removed, or down) is only logged."""
    try:
        with speaking(language):
            await application.bot.send_message(chat_id, t("allowed.leaving"))
        await application.bot.leave_chat(chat_id)
    except TelegramError as exc:
        log.warning("could not leave group %s: %s", chat_id, exc)


async def _forget_jobs(application: App, chat_id: int) -> None:
    """A group the bot leaves (or left) gets nothing more: inactive, its jobs dropped."""
    services = application.bot_data.services
    try:
        if not await services.catalog.write(leave_group, chat_id, services.clock()):
            return
    except (CatalogWriteError, CatalogSlow) as exc:
        log.warning("could not mark group %s inactive: %s", chat_id, exc)
        return
    await reschedule_group(application, chat_id)


async def leave_unlisted_groups(application: App) -> None:
    """At start, with PAPERCLUB_ALLOWED_CHATS set: each group the bot still serves outside it
    (known from before the list) is told once and left, not at its next message. Once left it
    is inactive, so a later start does not tell it again."""
    services = application.bot_data.services
    allowed = services.settings.allowed_chats
    if allowed is None:
        return
    for group in await services.catalog.read(active_groups):
        if group.chat_id in allowed or group.chat_id > 0:
            continue
        log.warning("leaving group %s at start: not in PAPERCLUB_ALLOWED_CHATS", group.chat_id)
        await _say_goodbye(application, group.chat_id, group.language)
        await _forget_jobs(application, group.chat_id)


async def start_ops(application: App) -> None:
    """Leave the groups the allowed list no longer names, then start the operator's reports."""
    await leave_unlisted_groups(application)
    await start_reports(application)


async def stale_button(update: Update, context: Context) -> None:
    """A button press no feature's pattern accepts (crafted, or from an old version): a toast."""
    query = update.callback_query
    if query is None:
        return
    log.info("a button with unknown data %r in chat %s", (query.data or "")[:64], query.message
             and query.message.chat.id)  # fmt: skip
    await query.answer(t("button.invalid"), show_alert=False)


async def start_reports(application: App) -> None:
    """Beat now and every minute; keep logged errors; report to the operator's chat if set."""
    if application.job_queue is None:
        raise RuntimeError("expected application.job_queue is not None")
    services = application.bot_data.services
    reports = OperatorReports(
        services.catalog,
        services.clock,
        TelegramSender(application.bot),
        services.settings.operator_chat,
        OperatorMessages(),
        INBOX.drain,
    )
    application.bot_data.operator = reports
    await reports.tick()
    timer = JobQueueTimer(application.job_queue, nowhere)  # chat-less: the neutral place
    timer.every("operator-tick", TICK_SECONDS, reports.tick)


FEATURE = Feature(
    "ops",
    handlers=(CallbackQueryHandler(stale_button),),  # last: only what nobody else matched
    on_startup=start_ops,
)
