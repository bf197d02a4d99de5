"""What scheduled work needs from a chat service, and what it gets back: send a message with
buttons, edit one, post a poll; every answer is an outcome, never a Telegram exception (the
bot side turns Telegram's errors into these, in one place)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

log = logging.getLogger(__name__)

# Seconds between tries of a reminder, poll or notice that did not go through: ~20 minutes in all.
RETRY_WAITS: tuple[float, ...] = (10.0, 30.0, 90.0, 270.0, 810.0)

Button = tuple[str, str]  # (label, callback data)
Buttons = tuple[tuple[Button, ...], ...]  # rows of buttons


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units: an emoji is two), for its limits."""
    return len(text.encode("utf-16-le")) // 2


class Status(Enum):
    """How a send ended."""

    SENT = "sent"
    UNKNOWN = "unknown"  # it may have arrived (no answer after the request was written)
    MOVED = "moved"  # the group became a supergroup: `new_chat_id` is where it lives now
    GONE = "gone"  # the bot was removed or blocked: nobody to send to
    REFUSED = "refused"  # Telegram refused this message for good (bad request)
    RETRY_LATER = "retry_later"  # it never arrived (no connection, 5xx, flood wait): try later


@dataclass(frozen=True)
class Message:
    """One message as scheduled work writes it: HTML text and button rows."""

    text: str
    buttons: Buttons = ()
    paper: str | None = None  # the one paper it is about: a forum group posts it in its topic


@dataclass(frozen=True)
class Delivery:
    """The outcome of one call to the chat service."""

    status: Status
    message_id: int | None = None
    new_chat_id: int | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        """It was sent (or edited)."""
        return self.status is Status.SENT


class Sender(Protocol):
    """The chat service, as jobs see it."""

    async def send(self, chat_id: int, message: Message) -> Delivery:
        """Post a message."""
        ...

    async def edit(self, chat_id: int, message_id: int, message: Message) -> Delivery:
        """Replace a posted message's text and buttons (unchanged counts as sent)."""
        ...

    async def poll(self, chat_id: int, question: str, options: Sequence[str]) -> Delivery:
        """Post a (non-anonymous) poll."""
        ...


async def until_settled(attempt: Callable[[], Awaitable[Delivery]], what: str) -> Delivery:
    """One message, tried until Telegram confirms or refuses it. A send that never left is
    tried again after each of RETRY_WAITS; so is one that may have arrived (Telegram got it,
    its answer was lost), by the same rule as the digest's: a doubled message is a smaller harm
    than a lost one. Returns the last outcome (RETRY_LATER or UNKNOWN once the waits run out)."""
    delivery = await attempt()
    for wait in RETRY_WAITS:
        if delivery.status not in (Status.RETRY_LATER, Status.UNKNOWN):
            return delivery
        log.warning("%s did not go through (%s); again in %.0f s", what, delivery.detail, wait)
        await asyncio.sleep(wait)
        delivery = await attempt()
    return delivery
