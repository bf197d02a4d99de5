"""What a member's message answers. In a forum topic Telegram makes every message that answers
nothing else a reply to the topic's "forum topic created" service message (its author: the bot
for a paper's topic, a member for theirs); that is no reply to anyone."""

from __future__ import annotations

from telegram import Message


def replied_to(message: Message) -> Message | None:
    """The message this one really answers (None: none, or only its topic's opening)."""
    replied = message.reply_to_message
    if replied is None:
        return None
    if replied.forum_topic_created is not None:
        return None
    if message.is_topic_message and replied.message_id == message.message_thread_id:
        return None  # the topic's opening, whatever Telegram included of it
    return replied
