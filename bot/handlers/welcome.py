"""First contact: a greeting when the bot joins a group, and a one-line pointer to /help for
a mention of the bot, a reply to it that is no note, plain text in private, and an unknown
/command addressed to it; a mistyped command close to exactly one of ours is asked about
("did you mean /claim?"), even unaddressed. Ordinary group chatter gets nothing."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.ext import MessageHandler, filters

from bot.frame.features import Feature
from bot.frame.replies import replied_to
from bot.frame.state import Context
from bot.texts import t

_COMMAND = re.compile(r"^/(?P<name>\w+)(?:@(?P<bot>\w+))?")


async def greet(context: Context, chat_id: int) -> None:
    """The bot was just added: say what it does and the three first steps."""
    await context.bot.send_message(chat_id, t("welcome.greeting"))


def mentions_bot(message: Message, username: str, bot_id: int) -> bool:
    """Whether the text names the bot (@username, or a mention of its account)."""
    named = message.parse_entities([MessageEntity.MENTION]).values()
    if any(text.lower() == f"@{username.lower()}" for text in named):
        return True
    mentioned = message.parse_entities([MessageEntity.TEXT_MENTION])
    return any(entity.user is not None and entity.user.id == bot_id for entity in mentioned)


# Every language's note prompt ("✍️ Ada, reply to this message with your note ...") starts so:
# replies to a prompt, even one already answered, are the notes feature's, never first contact.
PROMPT_MARK = "✍️"


def replies_to_bot(message: Message, bot_id: int) -> bool:
    """Whether the message answers one of the bot's own messages (other than a note prompt)."""
    replied = replied_to(message)
    if not (replied and replied.from_user and replied.from_user.id == bot_id):
        return False
    return not (replied.text or "").startswith(PROMPT_MARK)


async def point_to_help(message: Message) -> None:
    """The one line every first contact gets."""
    await message.reply_text(t("welcome.pointer"))


async def addressed_text(update: Update, context: Context) -> None:
    """Plain text: answered in private, or in a group when it names the bot (a reply to the
    bot goes to the notes feature first, which points to /help when it is no note)."""
    message = update.effective_message
    if message is None:
        return
    bot = context.bot
    if message.chat.type == ChatType.PRIVATE or mentions_bot(message, bot.username, bot.id):
        await point_to_help(message)


# difflib's ratio for "close" (cliam → claim 0.8); a runner-up this near makes it a guess.
_CLOSE, _MARGIN = 0.75, 0.05


def close_command(name: str, commands: Iterable[str]) -> str | None:
    """The one command a mistyped name is close to; None when none or several are as close."""
    name = name.lower()
    scored = sorted(
        ((difflib.SequenceMatcher(None, name, c).ratio(), c) for c in commands), reverse=True
    )
    close = [(ratio, c) for ratio, c in scored if ratio >= _CLOSE]
    if not close or (len(close) > 1 and close[0][0] - close[1][0] < _MARGIN):
        return None
    return close[0][1]


async def unknown_command(update: Update, context: Context) -> None:
    """A /command no feature handles: answered in private or when addressed @to the bot, and
    when it is close to one command, unless addressed @to another bot."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    match = _COMMAND.match(message.text)
    if match is None:
        return
    to_bot = match["bot"]
    if to_bot is not None and to_bot.lower() != context.bot.username.lower():
        return  # another bot's command
    guess = close_command(match["name"], (c.name for c in context.bot_data.commands))
    if message.chat.type == ChatType.PRIVATE or to_bot is not None:
        if guess is None:
            await message.reply_text(t("welcome.unknown_command", command=match["name"]))
        else:
            await message.reply_text(t("welcome.unknown_close", command=match["name"], guess=guess))
    elif guess is not None:
        await message.reply_text(t("welcome.did_you_mean", guess=guess))


# Registered last: every other feature's handlers (note replies, file notes) go first.
FEATURE = Feature(
    "welcome",
    handlers=(
        MessageHandler(filters.UpdateType.MESSAGE & filters.COMMAND, unknown_command),
        MessageHandler(
            filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND, addressed_text
        ),
    ),
)
