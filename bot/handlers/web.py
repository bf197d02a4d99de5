"""/web: where this group's catalog can be read in a browser."""

from __future__ import annotations

from telegram import Update

from bot.frame.commands import Command
from bot.frame.features import Feature
from bot.frame.state import Context
from bot.render.web_links import web_message


async def web(update: Update, context: Context) -> None:
    """Link to the group's notes, claims board, search and digests on the web."""
    message = update.effective_message
    if message is None:
        return  # not an update this handler is registered for: nothing to answer
    settings = context.settings
    await message.reply_text(web_message(settings.web_url, message.chat.title or ""))


FEATURE = Feature("web", commands=(Command("web", web, group_only=True),))
