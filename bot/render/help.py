"""The /help text, built from the command registry so it can never drift from the handlers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from bot.texts import Html, has_text, t


class Command(Protocol):
    """What /help shows of a command (bot/frame/commands.py's Command has it)."""

    @property
    def name(self) -> str: ...
    @property
    def args(self) -> str: ...
    @property
    def admins_only(self) -> bool: ...
    @property
    def members_may(self) -> Callable[[Sequence[str]], bool] | None: ...
    @property
    def help_key(self) -> str: ...


def _admin_mark(command: Command) -> str:
    """Who may use it: admins, or anyone to look and admins to change."""
    if not command.admins_only:
        return ""
    return t("help.admin_change_mark" if command.members_may else "help.admin_mark")


def help_message(commands: Sequence[Command]) -> Html:
    """Intro, then one line per command: `/name args — description`."""
    lines = [t("help.intro"), "", t("help.commands")]
    for command in commands:
        description = t(command.help_key) + _admin_mark(command)
        if command.args:
            key = f"args.{command.name}"
            args = t(key) if has_text(key) else command.args
            lines.append(
                t("help.line", name=command.name, args=args, description=Html(description))
            )
        else:
            lines.append(t("help.line_noargs", name=command.name, description=Html(description)))
    return Html("\n".join(lines))
