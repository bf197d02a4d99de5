"""/export (the group's catalog, or in private the member's own notes) and /forget."""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ChatType
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler

from bot.frame.commands import Command
from bot.frame.features import Feature
from bot.frame.state import App, Context
from bot.texts import t, tn
from store.catalog import export_group as export_formatted
from store.forgetting import forget_counts, forget_member
from store.member_views import export_group, export_member
from store.references import REFERENCE_FORMATS

# `/export ris` and `/export csljson`: the group's papers for a reference manager.
_SUFFIXES = {"ris": "ris", "csljson": "json"}


def _filename(title: str, fallback: str, suffix: str = "md") -> str:
    """`LLM paper club` → `llm-paper-club-notes.md`; a Chinese name stays (`大模型读书会-notes.md`):
    Telegram takes UTF-8 file names."""
    slug = re.sub(r"[^\w]+", "-", title).strip("-_").lower()[:40]
    return f"{slug or fallback}-notes.{suffix}"


async def _export_references(update: Update, context: Context, fmt: str) -> None:
    """The group's papers as RIS or CSL-JSON (one record per paper, with the notes)."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    if chat.type == ChatType.PRIVATE:
        await message.reply_text(t("catalog.export_references_group"))
        return
    text = await context.catalog.read(export_formatted, chat.id, fmt)
    if not text.strip("[]\n "):
        await message.reply_text(t("catalog.export_empty"))
        return
    filename = _filename(chat.title or str(chat.id), "group", _SUFFIXES[fmt])
    document = InputFile(text.encode("utf-8"), filename=filename)
    await message.reply_document(document, caption=t("catalog.export_references_caption"))


async def export(update: Update, context: Context) -> None:
    """Send the catalog as the club's Markdown: the group's, or in private the member's own."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return  # not an update this handler is registered for: nothing to answer
    asked = (context.args or [""])[0].lower() if context.args else ""
    if asked in REFERENCE_FORMATS:
        await _export_references(update, context, asked)
        return
    if asked:
        await message.reply_text(t("catalog.export_unknown_format"))
        return
    catalog = context.catalog
    if chat.type == ChatType.PRIVATE:
        export = await catalog.read(export_member, user.id)
        caption = t("catalog.export_mine_caption", count=export.count)
        filename = _filename(user.username or user.first_name, "my")
    else:
        export = await catalog.read(export_group, chat.id)
        title = export.title or str(chat.id)
        caption = tn("catalog.export_caption", export.count, title=title)
        filename = _filename(title, "group")
    if not export.count:
        await message.reply_text(t("catalog.export_empty"))
        return
    document = InputFile(export.text.encode("utf-8"), filename=filename)
    await message.reply_document(document, caption=caption)


async def forget(update: Update, context: Context) -> None:
    """Ask, with a button, before deleting every note and claim of the member."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return  # not an update this handler is registered for: nothing to answer
    if chat.type != ChatType.PRIVATE:
        await message.reply_text(t("catalog.forget_private"))
        return
    counts = await context.catalog.read(forget_counts, user.id)
    if not counts:
        await message.reply_text(t("catalog.forget_nothing"))
        return
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("catalog.forget_yes"), callback_data=f"forget:yes:{user.id}"
                ),
                InlineKeyboardButton(t("catalog.forget_no"), callback_data=f"forget:no:{user.id}"),
            ]
        ]
    )
    await message.reply_text(
        t(
            "catalog.forget_confirm",
            notes=counts.notes,
            claims=counts.open_claims,
            past=counts.past_claims,
        ),
        reply_markup=buttons,
    )


async def forget_button(update: Update, context: Context) -> None:
    """The answer to /forget's question: delete everything, or nothing."""
    query = update.callback_query
    if query is None or query.data is None:
        return  # not an update this handler is registered for: nothing to answer
    _, answer, owner = query.data.split(":", 2)
    if str(query.from_user.id) != owner:
        await query.answer(t("catalog.not_yours"), show_alert=True)
        return
    await query.answer()
    if answer == "yes":
        catalog = context.catalog
        deleted = await catalog.write(forget_member, query.from_user.id)
        if not deleted:
            return  # a second press: keep the first press's "Done" message
        text = t(
            "catalog.forgotten",
            notes=deleted.notes,
            claims=deleted.open_claims,
            past=deleted.past_claims,
        )
    else:
        text = t("catalog.kept")
    try:
        await query.edit_message_text(text)
    except BadRequest as error:  # a double press of "no": the message already says so
        if "not modified" not in str(error):
            raise


async def on_startup(application: App) -> None:
    """Papers imported offline (or while arXiv was down) learn their metadata in the background."""
    application.bot_data.work.backfill.start()


FEATURE = Feature(
    "catalog",
    commands=(Command("export", export), Command("forget", forget)),
    handlers=(CallbackQueryHandler(forget_button, pattern=r"^forget:(yes|no):\d{1,19}$"),),
    on_startup=on_startup,
)
