"""The one place where Telegram's errors become outcomes scheduled work understands (sent,
moved, gone, refused, retry later, unknown), behind jobs.sending.Sender.

A network failure is told apart by where it happened (PTB keeps httpx's error as `__cause__`):
no connection made, or the request not fully written (connect errors and timeouts, refused,
DNS, a full pool) means Telegram never got it: retry later, like a 5xx. A failure after the
request was written (a read timeout, a dropped answer) means it may have arrived: unknown."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence

import httpx
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputPollOption
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, TelegramError

from bot.outbound.topics import lost_thread
from bot.texts import Html
from jobs.sending import Buttons, Delivery, Message, Status

# Where a group's scheduled post goes: (chat, the paper it is about) -> a forum topic or None
Threads = Callable[[int, str | None], Awaitable[int | None]]

log = logging.getLogger(__name__)

# httpx errors raised before Telegram can have read the whole request
_NEVER_LEFT = (
    httpx.ConnectError,  # refused, unreachable, DNS
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.WriteError,
    httpx.WriteTimeout,
    httpx.UnsupportedProtocol,
)


def may_have_arrived(error: BaseException) -> bool:
    """Whether a network error happened after the request was written (a read timeout, an
    answer cut off), so Telegram may have acted on it. An error answer (a 5xx) and a failure
    before the request was written both mean it did not."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, httpx.TransportError):
            return not isinstance(cause, _NEVER_LEFT)
        cause = cause.__cause__
    return False


def markup(buttons: Buttons) -> InlineKeyboardMarkup | None:
    """Button rows as Telegram's inline keyboard (None when there are none)."""
    rows = [
        [InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in buttons
    ]
    rows = [row for row in rows if row]
    return InlineKeyboardMarkup(rows) if rows else None


def not_modified(error: BadRequest) -> bool:
    """Telegram's answer to an edit that changes nothing (a double press): nothing went wrong."""
    return "not modified" in str(error).lower()


async def edit_quietly(edit: Callable[[], Awaitable[object]]) -> None:
    """A handler's edit of its own message: one that changes nothing is fine, as rules-bot's
    reply_or_edit has it; any other refusal is raised (the error handler answers)."""
    try:
        await edit()
    except BadRequest as error:
        if not not_modified(error):
            raise


async def outcome(call: Callable[[], Awaitable[int | None]]) -> Delivery:
    """Run one Bot API call and say how it ended."""
    try:
        message_id = await call()
    except ChatMigrated as moved:
        return Delivery(Status.MOVED, new_chat_id=int(moved.new_chat_id), detail=str(moved))
    except Forbidden as error:
        return Delivery(Status.GONE, detail=str(error))
    except BadRequest as error:
        if not_modified(error):
            return Delivery(Status.SENT, detail="not modified")
        return Delivery(Status.REFUSED, detail=str(error))
    except NetworkError as error:  # TimedOut included; a 5xx is a NetworkError too
        cause = error.__cause__
        detail = f"{error} ({type(cause).__name__})" if cause else str(error) or "network error"
        if may_have_arrived(error):
            return Delivery(Status.UNKNOWN, detail=detail)
        return Delivery(Status.RETRY_LATER, detail=detail)
    except TelegramError as error:  # RetryAfter past the limiter's retries
        return Delivery(Status.RETRY_LATER, detail=str(error))
    return Delivery(Status.SENT, message_id=message_id)


class TelegramSender:
    """jobs.sending.Sender over PTB's Bot (its rate limiter paces the sends). With `allowed`
    (PAPERCLUB_ALLOWED_CHATS) set, a group outside it gets nothing: checked at each send, so no
    digest, reminder, poll or notice reaches it whatever scheduled the send. With `threads`, a
    forum group's post goes to its topic (the paper's, else the digest's); a topic gone or
    closed, and it goes to General."""

    def __init__(
        self, bot: Bot, allowed: frozenset[int] | None = None, threads: Threads | None = None
    ) -> None:
        self.bot = bot
        self.allowed = allowed
        self.threads = threads

    async def _thread(self, chat_id: int, paper: str | None) -> int | None:
        if self.threads is None or chat_id > 0:  # a private chat has no topics
            return None
        return await self.threads(chat_id, paper)

    def _barred(self, chat_id: int) -> Delivery | None:
        if self.allowed is None or chat_id in self.allowed or chat_id > 0:
            return None  # a positive id is a member's private chat, not a group
        log.warning("not sending to group %s: not in PAPERCLUB_ALLOWED_CHATS", chat_id)
        return Delivery(Status.GONE, detail="not in PAPERCLUB_ALLOWED_CHATS")

    async def send(self, chat_id: int, message: Message) -> Delivery:
        if (barred := self._barred(chat_id)) is not None:
            return barred

        thread = await self._thread(chat_id, message.paper)

        async def call() -> int:
            try:
                sent = await self.bot.send_message(
                    chat_id,
                    Html(message.text),
                    reply_markup=markup(message.buttons),
                    message_thread_id=thread,
                )
            except BadRequest as error:
                if thread is None or not lost_thread(error):
                    raise
                sent = await self.bot.send_message(
                    chat_id, Html(message.text), reply_markup=markup(message.buttons)
                )
            return sent.message_id

        return await outcome(call)

    async def edit(self, chat_id: int, message_id: int, message: Message) -> Delivery:
        if (barred := self._barred(chat_id)) is not None:
            return barred

        async def call() -> int:
            await self.bot.edit_message_text(
                Html(message.text), chat_id, message_id, reply_markup=markup(message.buttons)
            )
            return message_id

        return await outcome(call)

    async def poll(self, chat_id: int, question: str, options: Sequence[str]) -> Delivery:
        if (barred := self._barred(chat_id)) is not None:
            return barred

        thread = await self._thread(chat_id, None)
        # plain text: the bot's HTML default would reject a title with `&` or `<`
        choices = [InputPollOption(option, text_parse_mode=None) for option in options]

        async def call() -> int:
            try:
                sent = await self.bot.send_poll(
                    chat_id, question, choices, message_thread_id=thread
                )
            except BadRequest as error:
                if thread is None or not lost_thread(error):
                    raise
                sent = await self.bot.send_poll(chat_id, question, choices)
            return sent.message_id

        return await outcome(call)
