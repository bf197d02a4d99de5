"""The flood throttle's handlers: run first for every command and button press, and stop a
flooding member's."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import ApplicationHandlerStop, CallbackQueryHandler, MessageHandler, filters

from bot.frame.here import update_language
from bot.frame.state import Context
from bot.frame.throttle import FLOOD_MUTE, FloodVerdict
from bot.texts import speaking, t

FLOOD_GROUP = -2  # before record_activity (-1): an ignored command costs nothing
MUTE = int(FLOOD_MUTE)  # seconds, as the notices say
PAGE_TURNS = ("search:",)  # callback data of buttons that turn a page (bot/render/search.py)


async def throttle_commands(update: Update, context: Context) -> None:
    """Let a command through, or answer the one that crossed the limit with a notice and
    drop the rest until the mute ends (ApplicationHandlerStop skips every later handler)."""
    sender, message = update.effective_sender, update.effective_message
    if sender is None or message is None or for_another_bot(message.text, context.bot.username):
        return
    await throttle(
        update, context, sender.id, lambda: message.reply_text(t("flood.notice", seconds=MUTE))
    )


async def throttle_presses(update: Update, context: Context) -> None:
    """The same gate for inline buttons (Claim, Forget): the press that crosses the limit gets
    the notice as the button's answer, and later presses are dropped unanswered. Page turns
    are not counted (a member reading quickly is no flood); past their own generous bound they
    are answered silently for a moment, and the member is never muted for them."""
    sender, query = update.effective_sender, update.callback_query
    if sender is None or query is None:
        return
    if (query.data or "").startswith(PAGE_TURNS):
        if context.services.page_turns.check(sender.id, time.monotonic()) is FloodVerdict.ANSWER:
            return
        await query.answer()
        raise ApplicationHandlerStop
    await throttle(
        update,
        context,
        sender.id,
        lambda: query.answer(t("flood.presses", seconds=MUTE), show_alert=True),
    )


async def throttle(
    update: Update, context: Context, sender: int, warn: Callable[[], Awaitable[object]]
) -> None:
    """Count one command or press of `sender`: `warn` (in the member's language) for the one
    that crossed the limit, and ApplicationHandlerStop for it and the rest of the mute."""
    verdict = context.services.flood.check(sender, time.monotonic())
    if verdict is FloodVerdict.ANSWER:
        return
    if verdict is FloodVerdict.WARN:
        with speaking(await update_language(context.catalog, update)):
            await warn()
    raise ApplicationHandlerStop


def for_another_bot(text: str | None, our_username: str) -> bool:
    """`/help@other_bot`: a command for another bot in the group is none of our business."""
    words = (text or "").split(maxsplit=1)
    _, at, addressee = (words[0] if words else "").partition("@")
    return bool(at) and addressee.lower() != our_username.lower()


FLOOD_HANDLERS = (
    MessageHandler(filters.UpdateType.MESSAGE & filters.COMMAND, throttle_commands),
    CallbackQueryHandler(throttle_presses),
)
