"""The one place where Telegram's errors become outcomes scheduled work understands (sent,
moved, gone, refused, retry later, unknown), behind jobs.sending.Sender."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputPollOption
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError, TimedOut

from bot.texts import Html
from jobs.sending import Buttons, Delivery, Message, Status

log = logging.getLogger(__name__)


def markup(buttons: Buttons) -> InlineKeyboardMarkup | None:
    """Button rows as Telegram's inline keyboard (None when there are none)."""
    rows = [
        [InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in buttons
    ]
    rows = [row for row in rows if row]
    return InlineKeyboardMarkup(rows) if rows else None


def buttons_of(keyboard: InlineKeyboardMarkup | None) -> Buttons:
    """An inline keyboard as plain button rows."""
    if keyboard is None:
        return ()
    return tuple(
        tuple((button.text, str(button.callback_data or "")) for button in row)
        for row in keyboard.inline_keyboard
    )


async def outcome(call: Callable[[], Awaitable[int | None]]) -> Delivery:
    """Run one Bot API call and say how it ended."""
    try:
        message_id = await call()
    except ChatMigrated as moved:
        return Delivery(Status.MOVED, new_chat_id=int(moved.new_chat_id), detail=str(moved))
    except Forbidden as error:
        return Delivery(Status.GONE, detail=str(error))
    except BadRequest as error:
        if "not modified" in str(error).lower():
            return Delivery(Status.SENT, detail="not modified")
        return Delivery(Status.REFUSED, detail=str(error))
    except TimedOut as error:
        return Delivery(Status.UNKNOWN, detail=str(error) or "timed out")
    except TelegramError as error:  # network trouble, RetryAfter past the limiter's retries
        return Delivery(Status.RETRY_LATER, detail=str(error))
    return Delivery(Status.SENT, message_id=message_id)


class TelegramSender:
    """jobs.sending.Sender over PTB's Bot (its rate limiter paces the sends)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, chat_id: int, message: Message) -> Delivery:
        async def call() -> int:
            sent = await self.bot.send_message(
                chat_id, Html(message.text), reply_markup=markup(message.buttons)
            )
            return sent.message_id

        return await outcome(call)

    async def edit(self, chat_id: int, message_id: int, message: Message) -> Delivery:
        async def call() -> int:
            await self.bot.edit_message_text(
                Html(message.text), chat_id, message_id, reply_markup=markup(message.buttons)
            )
            return message_id

        return await outcome(call)

    async def poll(self, chat_id: int, question: str, options: Sequence[str]) -> Delivery:
        async def call() -> int:
            sent = await self.bot.send_poll(
                chat_id,
                question,
                # plain text: the bot's HTML default would reject a title with `&` or `<`
                [InputPollOption(option, text_parse_mode=None) for option in options],
            )
            return sent.message_id

        return await outcome(call)
