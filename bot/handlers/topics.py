"""Forum topics: /digest_topic (where a forum group's digest goes) and 👍 reactions on a bot
message showing one paper, counted as that member's want (the want button's store)."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import ReactionType, ReactionTypeEmoji, Update
from telegram.ext import MessageReactionHandler

from bot.frame.commands import Command
from bot.frame.features import Feature
from bot.frame.state import Context
from bot.outbound.posted_digests import refresh_paper_items
from bot.texts import t
from store.topics import react_want, set_digest_topic

THUMBS_UP = "👍"
OFF = ("off", "general", "关闭", "关")


async def digest_topic(update: Update, context: Context) -> None:
    """Admins choose the topic the digest, the weekly reminder and the agenda go to."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return  # not an update this handler is registered for: nothing to answer
    args = [arg.lower() for arg in context.args or []]
    if not chat.is_forum:
        await message.reply_text(t("topic.not_forum"))
    elif args and (len(args) > 1 or args[0] not in OFF):
        await message.reply_text(t("topic.usage"))
    elif args:
        await context.catalog.write(set_digest_topic, chat.id, None)
        await message.reply_text(t("topic.digest_general"))
    elif not message.is_topic_message or message.message_thread_id is None:
        await message.reply_text(t("topic.send_inside"))
    else:
        await context.catalog.write(set_digest_topic, chat.id, message.message_thread_id)
        await message.reply_text(t("topic.digest_here"))


def _thumbs(reactions: Sequence[ReactionType]) -> bool:
    return any(isinstance(r, ReactionTypeEmoji) and r.emoji == THUMBS_UP for r in reactions)


async def reaction(update: Update, context: Context) -> None:
    """A member's 👍 on a bot message showing one paper is their want; taking it back, not."""
    change = update.message_reaction
    if change is None or change.user is None:
        return  # an anonymous reaction (as the group or a channel) has nobody to count
    before, after = _thumbs(change.old_reaction), _thumbs(change.new_reaction)
    if before == after:
        return  # another emoji changed: the want stays as it was
    chat_id = change.chat.id
    arxiv_id = await context.catalog.write(
        react_want, chat_id, change.message_id, change.user.id, after, context.clock()
    )
    if arxiv_id is not None:  # a digest showing it counts the 👍 again
        await refresh_paper_items(context.bot, context.catalog, chat_id, arxiv_id)


FEATURE = Feature(
    "topics",
    commands=(
        Command("digest_topic", digest_topic, args="[off]", group_only=True, admins_only=True),
    ),
    handlers=(MessageReactionHandler(reaction),),
)
