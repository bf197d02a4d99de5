"""The command registry: what `/help`, the command menu, the README table and the guards are
built from."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Any

from telegram import Update

from bot.frame.state import Context

Callback = Callable[[Update, Context], Coroutine[Any, Any, None]]
ArgumentsTest = Callable[[Sequence[str]], bool]


def without_arguments(args: Sequence[str]) -> bool:
    """A bare command only shows what is set: any member may."""
    return not args


@dataclass(frozen=True)
class Command:
    """One slash command: its name, argument syntax, help text key, callback and guards.

    The guards are enforced in one place (bot/frame/guards.py) before the callback runs."""

    name: str
    callback: Callback
    args: str = ""  # syntax shown in /help, e.g. "<id> [due]"
    group_only: bool = False  # used in groups only
    admins_only: bool = False  # only the group's admins (an anonymous admin counts)
    # With admins_only: the arguments that only show something, which any member may use.
    members_may: ArgumentsTest | None = None
    own_account: bool = False  # files something under the sender: not as the group/a channel
    handles_edits: bool = False  # an edited command message is ignored unless this is set

    @property
    def help_key(self) -> str:
        """The text key of the one-line description."""
        return f"cmd.{self.name}"
