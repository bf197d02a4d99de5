"""Updates of different chats run concurrently; one chat's updates run one after another.

PTB processes updates one at a time by default, so one slow handler held every chat. Its
`SimpleUpdateProcessor` runs them all concurrently, so a member's commands could be answered
out of order. `PerChatProcessor` keeps a chain per chat (the chat's id, else the sender's):
an update starts when the one before it in its chat is done, or has stepped aside with
`let_chat_go_on()` because it is about to wait on arXiv.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from contextvars import ContextVar
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.frame.here import Here, at

# PTB's semaphore is taken before `do_process_update` runs, so an update waiting for its chat
# holds a slot: keep plenty, so a chat's backlog cannot starve the others.
MAX_CONCURRENT_UPDATES = 256

_step_aside: ContextVar[Callable[[], None] | None] = ContextVar("step_aside", default=None)


def ordering_key(update: object) -> int | None:
    """The chat whose order an update keeps (the sender for chat-less updates); None: no order."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None


def let_chat_go_on() -> None:
    """The update being handled stops holding its chat: the chat's next updates start now.

    Call it before a wait that may be long (an arXiv look-up); the reply then comes when it is
    ready, after replies to later commands. Outside an update (a job) it does nothing.
    """
    step_aside = _step_aside.get()
    if step_aside is not None:
        step_aside()


class PerChatProcessor(BaseUpdateProcessor):
    """Concurrent across chats, in arrival order within a chat."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        # The last update of each busy chat, done when it finishes or steps aside. An entry
        # leaves when its update finishes with no later one queued, so idle chats cost nothing.
        self._tails: dict[int, asyncio.Future[None]] = {}

    @property
    def busy_chats(self) -> int:
        """How many chats have an update in progress or waiting (bounded by the traffic)."""
        return len(self._tails)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the chat's previous update, then run this one, from the neutral place: the
        activity hook's place (bot/frame/here.py) is undone when the update is done."""
        with at(Here()):
            await self._in_turn(update, coroutine)

    async def _in_turn(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = ordering_key(update)
        if key is None:
            await coroutine
            return
        # No await before this point: chains are built in the order PTB starts the updates.
        previous = self._tails.get(key)
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._tails[key] = turn
        token = _step_aside.set(lambda: self._pass_turn(key, turn))
        try:
            if previous is not None:
                try:
                    await asyncio.shield(previous)
                except asyncio.CancelledError:
                    if isinstance(coroutine, Coroutine):
                        coroutine.close()  # never started: no "never awaited" warning
                    raise
            await coroutine
        finally:
            _step_aside.reset(token)
            self._pass_turn(key, turn)

    def _pass_turn(self, key: int, turn: asyncio.Future[None]) -> None:
        if not turn.done():
            turn.set_result(None)
        if self._tails.get(key) is turn:
            del self._tails[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free: the Application waits for the updates in progress."""
