"""The one error handler: log with the traceback, then tell the member the truth briefly.

A catalog write that failed says plainly that nothing was saved and what to do (busy: send it
again soon; disk full: tell the operator); catalog work that outlasted its wait says whether it
may still be saved; anything else gets an apology naming the command.
"""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.error import Conflict, Forbidden, NetworkError, TelegramError

from bot.frame.state import Context
from bot.texts import Html, t
from store.db import WriteProblem, write_problem
from store.workers import CatalogSlow

log = logging.getLogger(__name__)

_NOT_SAVED = {
    WriteProblem.BUSY: "error.not_saved_busy",
    WriteProblem.FULL: "error.not_saved_full",
    WriteProblem.OTHER: "error.not_saved",
}


def what_failed(update: Update) -> Html:
    """'Your /note', 'Your message' or 'That button press', for the failure reply."""
    if update.callback_query is not None:
        return t("error.what_button")
    message: Message | None = update.effective_message
    text = (message.text or message.caption or "") if message is not None else ""
    if text.startswith("/") and len(text) > 1:
        command = text[1:].split(maxsplit=1)[0].split("@", 1)[0]
        return t("error.what_command", command=command[:32])
    return t("error.what_message")


def failure_text(update: Update, error: BaseException | None) -> Html:
    """The one reply for a failed update: 'not saved' for a catalog write, 'may still be
    saved' for a write that outlasted our wait, else an apology."""
    if isinstance(error, CatalogSlow):
        key = "error.slow_maybe_saved" if error.maybe_saved else "error.slow_nothing_changed"
        return t(key, what=what_failed(update))
    problem = write_problem(error)
    key = _NOT_SAVED[problem] if problem is not None else "error.unexpected"
    return t(key, what=what_failed(update))


async def on_error(update: object, context: Context) -> None:
    """Log what went wrong and tell the member what it means for them, without details."""
    if isinstance(context.error, Conflict):
        return  # another poller on our token: bot.cli.run.ConflictWatch logs it once
    if update is None and isinstance(context.error, NetworkError):
        # getUpdates failed (PTB retries it): a passing network problem, not the operator's.
        log.warning("polling: Telegram unreachable for now: %s", context.error)
        return
    problem = write_problem(context.error)
    if problem is WriteProblem.BUSY or isinstance(context.error, CatalogSlow):
        log.warning("the catalog was busy: %s", context.error)
    else:
        log.error("error while handling an update", exc_info=context.error)
    if isinstance(context.error, Forbidden) or not isinstance(update, Update):
        return  # the bot was removed or blocked, or no update: nobody to answer
    text = failure_text(update, context.error)
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text[:200], show_alert=True)
        elif update.effective_message is not None:
            await update.effective_message.reply_text(text)
    except TelegramError:
        log.warning("could not send the error reply", exc_info=True)
