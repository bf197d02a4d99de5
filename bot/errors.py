"""The one error handler: log with the traceback, answer the member briefly."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Conflict, Forbidden, TelegramError

from bot.state import Context
from bot.texts import t

log = logging.getLogger(__name__)


async def on_error(update: object, context: Context) -> None:
    """Log what went wrong and tell the member something did, without details."""
    if isinstance(context.error, Conflict):
        return  # another poller on our token: bot.service.ConflictWatch logs it once
    log.error("error while handling an update", exc_info=context.error)
    if isinstance(context.error, Forbidden):
        return  # the bot was removed or blocked: nobody to answer
    if isinstance(update, Update) and update.effective_message is not None:
        try:
            await update.effective_message.reply_text(t("error.generic"))
        except TelegramError:
            log.warning("could not send the error reply", exc_info=True)
