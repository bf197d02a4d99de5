"""The /help text, built from the command registry so it can never drift from the handlers."""

from __future__ import annotations

from collections.abc import Sequence

from bot.commands import Command
from bot.texts import Html, t


def help_message(commands: Sequence[Command]) -> Html:
    """Intro, then one line per command: `/name args — description`."""
    lines = [t("help.intro"), "", t("help.commands")]
    for command in commands:
        description = t(command.help_key) + (t("help.admin_mark") if command.admins_only else "")
        if command.args:
            lines.append(
                t("help.line", name=command.name, args=command.args, description=Html(description))
            )
        else:
            lines.append(t("help.line_noargs", name=command.name, description=Html(description)))
    return Html("\n".join(lines))
