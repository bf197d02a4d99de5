"""/language: the language the bot writes in a group (anyone sees it, admins change it). The
group's language starts as the adder's Telegram language (bot/handlers/core.py)."""

from __future__ import annotations

from telegram import Update

from bot.frame.commands import Command, without_arguments
from bot.frame.errors import what_failed
from bot.frame.features import Feature
from bot.frame.here import here
from bot.frame.state import Context
from bot.render.lists import listed
from bot.texts import LANGUAGES, speaking, t
from bot.texts.languages import chosen_language, language_name
from store.groups import update_group
from store.parse.typed_input import plain


def _choices() -> str:
    return listed(f"/language {code}" for code in LANGUAGES)


async def language(update: Update, context: Context) -> None:
    """Show the group's language, or (admins) change it: `/language zh`, `/language en`."""
    message, group = update.effective_message, here().group
    if message is None:
        return
    if group is None:  # a new group's first command while the catalog was locked: not stored
        await message.reply_text(t("error.not_saved_busy", what=what_failed(update)))
        return
    if not context.args:
        name = language_name(group.language)
        await message.reply_text(t("language.current", language=name, choices=_choices()))
        return
    chosen = chosen_language(plain(" ".join(context.args)))
    if chosen is None:
        await message.reply_text(t("language.usage", choices=_choices()))
        return
    services = context.services
    await services.catalog.write(
        update_group, group.chat_id, services.clock(), language=chosen, language_source="admin"
    )
    with speaking(chosen):
        await message.reply_text(t("language.set", language=language_name(chosen)))


FEATURE = Feature(
    "language",
    commands=(
        Command(
            "language",
            language,
            args="[zh/en]",
            group_only=True,
            admins_only=True,
            members_may=without_arguments,
        ),
    ),
)
