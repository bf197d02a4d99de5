"""/export (the group's catalog, or in private the member's own notes) and /forget."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message, Update
from telegram.constants import ChatType
from telegram.ext import CallbackQueryHandler

from bot.frame.commands import Command
from bot.frame.features import Feature
from bot.frame.state import App, Context
from bot.outbound.sender import edit_quietly
from bot.outbound.topics import close_topics
from bot.render.exports import export_reply
from bot.texts import Html, t, tn
from store.claims import open_claims_of
from store.export_files import Packed
from store.forgetting import forget_counts, forget_member
from store.member_views import CHAT_EXPORTS, export_group, export_member
from store.references import REFERENCE_FORMATS

# The words /export takes, each a format of CHAT_EXPORTS, and how a caption names it.
_FORMAT_NAMES = {"bibtex": "BibTeX", "json": "JSON", "ris": "RIS", "csljson": "CSL-JSON"}


async def _send(message: Message, packed: Packed, caption: Html, limit: int) -> None:
    """The export's files, each under Telegram's cap (zipped or in parts when too big)."""
    reply = export_reply(packed, caption, limit)
    if reply.intro is not None:
        await message.reply_text(reply.intro)
    for file, text in zip(packed.files, reply.captions, strict=True):
        await message.reply_document(InputFile(file.content, filename=file.name), caption=text)


async def export(update: Update, context: Context) -> None:
    """Send the catalog as the club's Markdown (or another format): the group's, or in private
    the member's own notes."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return  # not an update this handler is registered for: nothing to answer
    asked = (context.args or [""])[0].lower() if context.args else "md"
    if asked not in CHAT_EXPORTS:
        await message.reply_text(t("catalog.export_unknown_format"))
        return
    limit = context.settings.upload_limit
    if chat.type == ChatType.PRIVATE:
        if asked != "md":
            await message.reply_text(t("catalog.export_references_group", format=asked))
            return
        name = user.username or user.first_name
        export = await context.catalog.read(export_member, user.id, limit, name)
        caption = t("catalog.export_mine_caption", count=export.count)
    else:
        export = await context.catalog.read(export_group, chat.id, asked, limit, str(chat.id))
        title = export.title or str(chat.id)
        if asked == "md":
            caption = tn("catalog.export_caption", export.count, title=title)
        elif asked in REFERENCE_FORMATS:
            caption = t("catalog.export_references_caption")
        else:
            caption = tn(
                "catalog.export_format_caption",
                export.count,
                title=title,
                format=_FORMAT_NAMES[asked],
            )
    if not export.count:
        await message.reply_text(t("catalog.export_empty"))
        return
    await _send(message, export.packed, caption, limit)


async def forget(update: Update, context: Context) -> None:
    """Ask, with a button, before deleting every note and claim of the member."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return  # not an update this handler is registered for: nothing to answer
    if chat.type != ChatType.PRIVATE:
        await message.reply_text(t("catalog.forget_private"))
        return
    counts = await context.catalog.read(forget_counts, user.id)
    if not counts:  # what is left (👍/👎 presses, saved searches) goes without asking
        await context.catalog.write(forget_member, user.id)
        if counts.presses:
            await message.reply_text(tn("catalog.forget_presses", counts.presses))
        else:
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
        held = await catalog.read(open_claims_of, query.from_user.id)
        deleted = await catalog.write(forget_member, query.from_user.id)
        if not deleted:
            return  # a second press: keep the first press's "Done" message
        await close_topics(context.bot, catalog, held, context.clock())  # their papers' topics
        text = t(
            "catalog.forgotten",
            notes=deleted.notes,
            claims=deleted.open_claims,
            past=deleted.past_claims,
        )
    else:
        text = t("catalog.kept")
    await edit_quietly(lambda: query.edit_message_text(text))  # a double press of "no"


async def on_startup(application: App) -> None:
    """Papers imported offline (or while arXiv was down) learn their metadata in the background."""
    application.bot_data.work.backfill.start()


FEATURE = Feature(
    "catalog",
    commands=(Command("export", export), Command("forget", forget)),
    handlers=(CallbackQueryHandler(forget_button, pattern=r"^forget:(yes|no):\d{1,19}$"),),
    on_startup=on_startup,
)
