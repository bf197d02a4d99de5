"""/note in three ways (same message, a reply to the bot's prompt, a .md/.txt file) and /notes."""

from __future__ import annotations

import logging
import re

from telegram import Chat, ForceReply, Message, Update
from telegram.error import TelegramError
from telegram.ext import MessageHandler, filters

from bot import notes_format
from bot.arguments import arxiv_id_or_explain, paper_or_explain
from bot.chats import is_group_chat
from bot.commands import Command
from bot.features import Feature
from bot.formatting import split_html
from bot.guards import refused
from bot.services import get_services
from bot.state import Context
from bot.texts import Html, t
from store.claims import open_claim
from store.db import Database
from store.groups import get_member
from store.note_fields import parse_note, parse_paper_note
from store.notes import (
    add_prompt,
    count_notes,
    drop_prompt,
    get_prompt,
    latest_notes,
    place_prompt,
    save_note,
)
from store.papers import Paper, get_paper

log = logging.getLogger(__name__)

NOTE_LIMIT = 20_000  # characters
FILE_LIMIT = 4 * NOTE_LIMIT  # bytes: UTF-8 Chinese is 3 bytes a character
_NOTE_COMMAND = re.compile(
    r"^/note(?:@(?P<bot>\w+))?(?:[ \t]+(?P<id>\S+))?[ \t]*\n?(?P<text>.*)$", re.S
)


async def _save(update: Update, context: Context, id_text: str, raw: str) -> bool:
    """Check the note, find its paper, store it as a new revision, then reply; True if saved."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    if not raw.strip():
        await message.reply_text(t("notes.empty"))
        return False
    if len(raw) > NOTE_LIMIT:
        await message.reply_text(
            t("notes.too_long", length=f"{len(raw):,}", limit=f"{NOTE_LIMIT:,}")
        )
        return False
    arxiv_id = await arxiv_id_or_explain(message, id_text)
    if arxiv_id is None:
        return False
    services = get_services(context)
    paper = await paper_or_explain(message, services, arxiv_id)
    if paper is None:
        return False
    written = parse_note(raw)
    fields = parse_paper_note(raw, paper.arxiv_id, paper.title, paper.abs_url)
    member = get_member(services.db, user.id)
    name = member.display_name if member else user.first_name
    saved = save_note(
        services.db,
        chat_id=message.chat.id,
        entry_key=paper.arxiv_id,
        arxiv_id=paper.arxiv_id,
        author_id=user.id,
        author_name=name,
        fields=fields,
        raw_text=raw,
        now=services.clock(),
        paper_version=arxiv_id.version or paper.version,
    )
    await message.reply_text(notes_format.saved_reply(saved, written, paper))
    return True


async def note(update: Update, context: Context) -> None:
    """`/note <id>` with the note below it, or alone to be asked for the note."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None and message.text is not None
    match = _NOTE_COMMAND.match(message.text)
    if match is None or not match["id"]:
        await message.reply_text(t("notes.usage"))
        return
    text = match["text"].strip("\n")
    if text.strip():
        await _save(update, context, match["id"], text.rstrip())
        return
    services = get_services(context)
    arxiv_id = await arxiv_id_or_explain(message, match["id"])
    if arxiv_id is None:
        return
    paper = await paper_or_explain(message, services, arxiv_id)
    if paper is None:
        return
    # Stored before it is sent, under the command's id negated until Telegram numbers the
    # prompt: a prompt that could not be stored is never shown, and one never sent is dropped.
    chat_id, pending = message.chat.id, -message.message_id
    add_prompt(services.db, chat_id, pending, user.id, str(arxiv_id), services.clock())
    try:
        prompt = await message.reply_text(
            t("notes.prompt", name=user.first_name, title=paper.title),
            reply_markup=ForceReply(
                selective=True, input_field_placeholder=t("notes.prompt_placeholder")
            ),
        )
    except TelegramError:
        drop_prompt(services.db, chat_id, pending)
        raise
    place_prompt(services.db, chat_id, pending, prompt.message_id)


async def note_reply(update: Update, context: Context) -> None:
    """A reply to the bot's "reply with your note" prompt is the note."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None and message.reply_to_message is not None
    if await refused(NOTE, update, context):
        return
    services = get_services(context)
    prompt = get_prompt(services.db, message.chat.id, message.reply_to_message.message_id)
    if prompt is None or prompt.user_id != user.id:
        return
    if await _save(update, context, prompt.arxiv_id, (message.text or "").rstrip()):
        drop_prompt(services.db, message.chat.id, prompt.prompt_message_id)


async def note_document(update: Update, context: Context) -> None:
    """A .md or .txt file with `/note <id>` as its caption: the file is the note."""
    message = update.effective_message
    assert message is not None and message.document is not None
    match = _NOTE_COMMAND.match(message.caption or "")
    if match is None or (match["bot"] and match["bot"].lower() != context.bot.username.lower()):
        return
    if await refused(NOTE, update, context):
        return
    if not match["id"]:
        await message.reply_text(t("notes.usage"))
        return
    document = message.document
    name = document.file_name or ""
    if not name.lower().endswith((".md", ".txt", ".markdown")):
        await message.reply_text(t("notes.bad_file", name=name))
        return
    if (document.file_size or 0) > FILE_LIMIT:
        await message.reply_text(
            t("notes.file_too_big", size=document.file_size, limit=f"{NOTE_LIMIT:,}")
        )
        return
    file = await context.bot.get_file(document.file_id)
    content = bytes(await file.download_as_bytearray())
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        await message.reply_text(t("notes.not_text"))
        return
    await _save(update, context, match["id"], text.strip("\n").rstrip())


async def notes(update: Update, context: Context) -> None:
    """Every author's latest note on a paper in this group, split across messages if long."""
    message = update.effective_message
    assert message is not None
    if len(context.args or []) != 1:
        await message.reply_text(t("notes.list_usage"))
        return
    arxiv_id = await arxiv_id_or_explain(message, (context.args or [""])[0])
    if arxiv_id is None:
        return
    services = get_services(context)
    found = latest_notes(services.db, message.chat.id, arxiv_id.id)
    paper = get_paper(services.db, arxiv_id.id)
    if not found:
        title = paper.title if paper else arxiv_id.id
        await message.reply_text(t("notes.none", title=title, arxiv_id=arxiv_id.id))
        return
    for part in split_html(notes_format.notes_blocks(found, paper, arxiv_id.id)):
        await message.reply_text(part)


def paper_extra(db: Database, chat: Chat | None, paper: Paper) -> list[Html]:
    """/paper's extra lines in a group: who presents the paper and how many notes it has."""
    if chat is None or not is_group_chat(chat):
        return []
    held = open_claim(db, chat.id, paper.arxiv_id)
    return notes_format.paper_lines(held, count_notes(db, chat.id, paper.arxiv_id), paper.arxiv_id)


class _RepliesToBot(filters.MessageFilter):
    """Replies to one of the bot's own messages (where its note prompts are)."""

    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        return bool(replied and replied.from_user and replied.from_user.is_bot)


NOTE = Command("note", note, args="<id> <text>", group_only=True, own_account=True)
FEATURE = Feature(
    "notes",
    commands=(NOTE, Command("notes", notes, args="<id>", group_only=True)),
    handlers=(
        MessageHandler(
            filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND & _RepliesToBot(),
            note_reply,
        ),
        MessageHandler(
            filters.UpdateType.MESSAGE
            & filters.Document.ALL
            & filters.CaptionRegex(r"^/note(@\w+)?(\s|$)"),
            note_document,
        ),
    ),
)
