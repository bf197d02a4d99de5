"""The guards a Command declares (group only, admins only, own account), enforced here, once,
before its callback runs, each with one text that names what was refused."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Message, Update

from bot.frame.admins import is_admin
from bot.frame.chats import is_group_chat
from bot.frame.commands import Callback, Command
from bot.frame.state import Context
from bot.texts import Html, t


def sent_as_other_chat(message: Message) -> bool:
    """Posted by a linked channel (or a member speaking as one), not by a member or the group."""
    return message.sender_chat is not None and message.sender_chat.id != message.chat.id


def needs_admin(command: Command, args: Sequence[str]) -> bool:
    """Whether these arguments change something only admins may change."""
    if not command.admins_only:
        return False
    return command.members_may is None or not command.members_may(args)


async def refusal(command: Command, update: Update, context: Context) -> Html | None:
    """Why this sender may not run this command here, or None when they may."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return None
    group = is_group_chat(chat)
    if command.group_only and not group:
        return t("guard.group_only", command=command.name)
    if not group:
        return None
    if sent_as_other_chat(message) and (command.admins_only or command.own_account):
        return t("guard.channel", command=command.name)
    if command.own_account and message.sender_chat is not None:
        return t("guard.own_account", command=command.name)
    args = context.args or []
    if needs_admin(command, args) and not await is_admin(update, context):
        if command.members_may is not None:
            return t("guard.admins_to_change", command=command.name)
        return t("guard.admins_only", command=command.name)
    return None


async def refused(command: Command, update: Update, context: Context) -> bool:
    """Check the guards for a handler that is not the command itself (a file with /note as
    its caption, a reply to a prompt): say why not and return True when they fail."""
    reason = await refusal(command, update, context)
    if reason is not None and update.effective_message is not None:
        await update.effective_message.reply_text(reason)
    return reason is not None


def guarded(command: Command) -> Callback:
    """The command's callback behind its declared guards."""

    async def run(update: Update, context: Context) -> None:
        if not await refused(command, update, context):
            await command.callback(update, context)

    return run
