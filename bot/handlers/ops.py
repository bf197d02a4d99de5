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
        try:
            with speaking(update_language(context.services.db, update)):
                await context.bot.send_message(chat.id, t("allowed.leaving"))
            await context.bot.leave_chat(chat.id)
        except TelegramError as exc:
            log.warning("could not leave group %s: %s", chat.id, exc)
    await _forget_jobs(update, context, chat.id)
    raise ApplicationHandlerStop


async def _forget_jobs(update: Update, context: Context, chat_id: int) -> None:
    """A group the bot leaves (or left) gets nothing more: inactive, its jobs dropped."""
    services = context.services
    try:
        if not await services.catalog.write(leave_group, chat_id, services.clock()):
            return
    except (CatalogWriteError, CatalogSlow) as exc:
        log.warning("could not mark group %s inactive: %s", chat_id, exc)
        return
    await reschedule_group(context.application, chat_id)


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
    on_startup=start_reports,
)
