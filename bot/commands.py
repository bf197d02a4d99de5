"""The command registry: what `/help`, the command menu and the README table are built from."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


@dataclass(frozen=True)
class Command:
    """One slash command: its name, argument syntax, help text key and callback."""

    name: str
    callback: Callback
    args: str = ""  # syntax shown in /help, e.g. "<id> [due]"
    admins_only: bool = False
    handles_edits: bool = False  # an edited command message is ignored unless this is set

    @property
    def help_key(self) -> str:
        """The text key of the one-line description."""
        return f"cmd.{self.name}"
