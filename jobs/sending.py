"""What scheduled work needs from a chat service, and what it gets back: send a message with
buttons, edit one, post a poll; every answer is an outcome, never a Telegram exception (the
bot side turns Telegram's errors into these, in one place)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

Button = tuple[str, str]  # (label, callback data)
Buttons = tuple[tuple[Button, ...], ...]  # rows of buttons


class Status(Enum):
    """How a send ended."""

    SENT = "sent"
    UNKNOWN = "unknown"  # timed out: it may have arrived, so never send it again
    MOVED = "moved"  # the group became a supergroup: `new_chat_id` is where it lives now
    GONE = "gone"  # the bot was removed or blocked: nobody to send to
    REFUSED = "refused"  # Telegram refused this message for good (bad request)
    RETRY_LATER = "retry_later"  # a passing failure (network, flood wait): try again later


@dataclass(frozen=True)
class Message:
    """One message as scheduled work writes it: HTML text and button rows."""

    text: str
    buttons: Buttons = ()


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
