"""Who may change a group's settings: its creator and administrators, checked with
getChatMember and cached briefly. An anonymous admin writes as the group itself and counts;
a linked channel's post does not."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType

if TYPE_CHECKING:
    from bot.frame.state import Context

_ADMIN_STATUSES = (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)


async def is_admin(update: Update, context: Context) -> bool:
    """Whether the sender of this update may administer the chat it came from."""
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    if chat is None or user is None:
        return False
    if chat.type == ChatType.PRIVATE:
        return True
    sender_chat = (
        message.sender_chat if message is not None and update.callback_query is None else None
    )
    if sender_chat is not None:
        return sender_chat.id == chat.id  # anonymous admin: yes; linked channel: no
    cache = context.bot_data.admin_cache
    cached = cache.get(chat.id, user.id)
    if cached is not None:
        return cached
    member = await context.bot.get_chat_member(chat.id, user.id)
    allowed = member.status in _ADMIN_STATUSES
    cache.put(chat.id, user.id, allowed)
    return allowed
