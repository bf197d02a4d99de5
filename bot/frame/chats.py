"""What kind of chat an update came from: most features belong to groups."""

from __future__ import annotations

from telegram import Chat
from telegram.constants import ChatType

GROUP_TYPES = (ChatType.GROUP, ChatType.SUPERGROUP)


def is_group_chat(chat: Chat | None) -> bool:
    """A group or supergroup (not a private chat or a channel)."""
    return chat is not None and chat.type in GROUP_TYPES
