"""The command menu, per language and per audience (Telegram's setMyCommands scopes):
members see their commands, admins see all of them in their groups, private chats show only
what works there. Telegram falls back from a language's menu to the one set without one."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import (
    Bot,
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeDefault,
)

from bot.frame.commands import Command
from bot.texts import DEFAULT_LANGUAGE, LANGUAGES, speaking, t


def for_members(command: Command) -> bool:
    """A member may use it (admin commands that only show something count)."""
    return not command.admins_only or command.members_may is not None


def menus(commands: Sequence[Command]) -> list[tuple[BotCommandScope, list[Command]]]:
    """Which commands each scope lists."""
    return [
        (BotCommandScopeDefault(), [c for c in commands if for_members(c)]),
        (BotCommandScopeAllPrivateChats(), [c for c in commands if not c.group_only]),
        (BotCommandScopeAllChatAdministrators(), list(commands)),
    ]


async def set_menus(bot: Bot, commands: Sequence[Command]) -> None:
    """Register every scope's menu in every language (English also as the fallback)."""
    for language in LANGUAGES:
        code = None if language == DEFAULT_LANGUAGE else language
        with speaking(language):
            for scope, listed in menus(commands):
                entries = [BotCommand(c.name, t(c.help_key)[:256]) for c in listed]
                await bot.set_my_commands(entries, scope=scope, language_code=code)
