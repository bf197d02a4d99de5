"""/note in three ways (same message, a reply to the bot's prompt, a .md/.txt file) and /notes."""

from __future__ import annotations

import logging
import re

from telegram import Chat, ForceReply, Message, Update
from telegram.error import TelegramError
from telegram.ext import MessageHandler, filters

from bot.frame.arguments import arxiv_id_or_explain, paper_or_explain
from bot.frame.chats import is_group_chat
from bot.frame.commands import Command
from bot.frame.features import Feature
from bot.frame.guards import refused
from bot.frame.replies import replied_to
from bot.frame.state import Context
from bot.handlers.welcome import point_to_help, replies_to_bot
from bot.outbound.topics import also_in_topic, close_when_done, topic_paper
from bot.render import notes as notes_format
from bot.render.papers import split_html
from bot.render.web_links import with_paper_page
from bot.texts import Html, t
from store.member_views import (
    member_paper_notes,
    paper_in_group,
    paper_notes,
    write_member_note,
)
from store.note_prompts import add_prompt, drop_prompt, get_prompt, place_prompt
from store.note_writes import NOTE_LIMIT, NoteTooLong, edit_note
from store.papers import Paper
from store.parse.ids import is_arxiv_id
from store.workers import CatalogWorkers

log = logging.getLogger(__name__)

# Bytes: no character takes more than 4 in UTF-8, so a bigger file is surely over NOTE_LIMIT.
FILE_LIMIT = 4 * NOTE_LIMIT
# `--replace`, or `—replace` as phones' smart punctuation turns the two hyphens into a dash;
# never taken for the id, so inside a paper's topic `/note --replace <text>` names no paper.
_REPLACE = r"(?:--|—|–)replace"
_NOTE_COMMAND = re.compile(
    rf"^/note(?:@(?P<bot>\w+))?(?:[ \t]+(?P<id>(?!{_REPLACE}(?:\s|$))\S+))?"
    rf"(?:[ \t]+(?P<replace>{_REPLACE}))?(?:[ \t]+|[ \t]*\n|[ \t]*$)(?P<text>.*)$",
    re.S,
)
_NOTE_HEAD = re.compile(r"^/note(?:@\w+)?[ \t]*")


async def _save(
    update: Update,
    context: Context,
    id_text: str,
    raw: str,
    *,
    replace: bool = False,
    prompt_id: int | None = None,
) -> None:
    """Check the note, find its paper, merge it into (or with `replace`, over) the member's
    note as a new revision (using up the prompt it answers), then reply."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return  # not an update this handler is registered for: nothing to answer
    if not raw.strip():
        await message.reply_text(t("notes.empty"))
        return
    if len(raw) > NOTE_LIMIT:  # only a file can be this long: a message stops at 4,096
        await message.reply_text(
            t("notes.too_long_file", length=f"{len(raw):,}", limit=f"{NOTE_LIMIT:,}")
        )
        return
    arxiv_id = await arxiv_id_or_explain(message, id_text)
    if arxiv_id is None:
        return
    services = context.services
    paper = await paper_or_explain(message, services, arxiv_id)
    if paper is None:
        return
    try:
        written = await services.catalog.write(
            write_member_note,
            chat_id=message.chat.id,
            paper=paper,
            author_id=user.id,
            first_name=user.first_name,
            text=raw,
            now=services.clock(),
            replace=replace,
            message_id=message.message_id,
            paper_version=arxiv_id.version or paper.version,
            answered_prompt=prompt_id,
        )
    except NoteTooLong as error:
        await message.reply_text(notes_format.too_long_merged(error.length, NOTE_LIMIT, paper))
        return
    reply = notes_format.saved_reply(written, paper, replace=replace)
    reply = with_paper_page(reply, services.settings.web_url, paper.arxiv_id)
    await message.reply_text(reply)
    await also_in_topic(context.bot, services.catalog, message, paper.arxiv_id, reply)
    if written.saved is not None and written.saved.completed_claim:
        now = services.clock()
        await close_when_done(context.bot, services.catalog, message.chat, paper.arxiv_id, now)


async def note(update: Update, context: Context) -> None:
    """`/note <id>` with the note below it, or alone to be asked for the note."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.text is None:
        return  # not an update this handler is registered for: nothing to answer
    match = _NOTE_COMMAND.match(message.text)
    services = context.services
    in_topic = await topic_paper(services.catalog, message)
    if in_topic is not None and not (match and match["id"] and is_arxiv_id(match["id"])):
        # inside a paper's topic, a note naming no paper is about the topic's paper
        id_text = in_topic
        if match and match["replace"] and not match["id"]:
            text, replace = match["text"].strip("\n"), True
        else:
            text, replace = _NOTE_HEAD.sub("", message.text, count=1).strip("\n"), False
    elif match is None or not match["id"]:
        await message.reply_text(t("notes.usage"))
        return
    else:
        id_text, text, replace = match["id"], match["text"].strip("\n"), bool(match["replace"])
    if text.strip():
        await _save(update, context, id_text, text.rstrip(), replace=replace)
        return
    arxiv_id = await arxiv_id_or_explain(message, id_text)
    if arxiv_id is None:
        return
    paper = await paper_or_explain(message, services, arxiv_id)
    if paper is None:
        return
    # Stored before it is sent, under the command's id negated until Telegram numbers the
    # prompt: a prompt that could not be stored is never shown, and one never sent is dropped.
    chat_id, pending = message.chat.id, -message.message_id
    now = services.clock()
    await services.catalog.write(
        add_prompt, chat_id, pending, user.id, str(arxiv_id), now, replace=replace
    )
    try:
        prompt = await message.reply_text(
            t("notes.prompt", name=user.first_name, title=paper.title),
            reply_markup=ForceReply(
                selective=True, input_field_placeholder=t("notes.prompt_placeholder")
            ),
        )
    except TelegramError:
        await services.catalog.write(drop_prompt, chat_id, pending)
        raise
    await services.catalog.write(place_prompt, chat_id, pending, prompt.message_id)


async def note_reply(update: Update, context: Context) -> None:
    """A reply to the bot's "reply with your note" prompt is the note; another member who
    replies to it is told, in one line, how to write their own."""
    message, user = update.effective_message, update.effective_user
    answered = replied_to(message) if message is not None else None
    if message is None or user is None or answered is None:
        return  # not an update this handler is registered for: nothing to answer
    services = context.services
    replied = answered.message_id
    # Looked up in the writer's queue: after the place_prompt of a prompt shown a moment ago
    # (the chat goes on while /note asks arXiv, so a fast reply may come before it is stored).
    prompt = await services.catalog.write(get_prompt, message.chat.id, replied)
    if prompt is None:  # a reply to the bot that answers no prompt: first contact
        if replies_to_bot(message, context.bot.id):
            await point_to_help(message)
        return
    if await refused(NOTE, update, context):
        return
    if prompt.user_id != user.id:
        await message.reply_text(t("notes.not_your_prompt", arxiv_id=prompt.arxiv_id))
        return
    text = (message.text or "").rstrip()
    prompt_id = prompt.prompt_message_id
    await _save(update, context, prompt.arxiv_id, text, replace=prompt.replace, prompt_id=prompt_id)


async def note_edited(update: Update, context: Context) -> None:
    """A member edited the message that carried their note: save what the edit changed as a
    new revision and say so in one line. A /note that saved nothing (a mistyped id) counts
    once fixed; other edited messages, /claim among them, are not this feature's."""
    message = update.edited_message
    if message is None or message.text is None:
        return  # not an update this handler is registered for: nothing to answer
    if not is_group_chat(message.chat):
        return
    match = _NOTE_COMMAND.match(message.text)
    text = (match["text"] if match else message.text).strip("\n").rstrip()
    services = context.services
    try:
        edited = await services.catalog.write(
            edit_note,
            chat_id=message.chat.id,
            message_id=message.message_id,
            text=text,
            now=services.clock(),
        )
    except NoteTooLong as error:
        await message.reply_text(t("notes.edit_too_long", length=f"{error.length:,}"))
        return
    if edited is None:  # it carried no note: a /note fixed by the edit is one now
        if match and match["id"] and text.strip() and not await refused(NOTE, update, context):
            await _save(update, context, match["id"], text, replace=bool(match["replace"]))
    elif edited.saved is not None:
        await message.reply_text(notes_format.edited_reply(edited))


async def note_document(update: Update, context: Context) -> None:
    """A .md or .txt file with `/note <id>` as its caption: the file is the note."""
    message = update.effective_message
    if message is None or message.document is None:
        return  # not an update this handler is registered for: nothing to answer
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
        await message.reply_text(t("notes.file_too_big", limit=f"{NOTE_LIMIT:,}"))
        return
    file = await context.bot.get_file(document.file_id)
    content = bytes(await file.download_as_bytearray())
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        await message.reply_text(t("notes.not_text"))
        return
    note_text = text.strip("\n").rstrip()
    await _save(update, context, match["id"], note_text, replace=bool(match["replace"]))


async def notes(update: Update, context: Context) -> None:
    """Every author's latest note on a paper in this group (in private: in each of the
    member's groups), split across messages if long."""
    message = update.effective_message
    if message is None:
        return  # not an update this handler is registered for: nothing to answer
    if len(context.args or []) != 1:
        await message.reply_text(t("notes.list_usage"))
        return
    arxiv_id = await arxiv_id_or_explain(message, (context.args or [""])[0])
    if arxiv_id is None:
        return
    services, user = context.services, update.effective_user
    groups: dict[int, str] | None = None
    if is_group_chat(message.chat) or user is None:
        found, paper = await services.catalog.read(paper_notes, message.chat.id, arxiv_id.id)
    else:  # in private: the member's groups
        found, paper, groups = await services.catalog.read(member_paper_notes, user.id, arxiv_id.id)
    if not found:
        title = paper.title if paper else arxiv_id.id
        none = "notes.none" if groups is None else "notes.none_in_groups"
        await message.reply_text(t(none, title=title, arxiv_id=arxiv_id.id))
        return
    header, *blocks = notes_format.notes_blocks(found, paper, arxiv_id.id, groups)
    header = with_paper_page(Html(header), services.settings.web_url, arxiv_id.id)
    for part in split_html([header, *blocks]):
        await message.reply_text(part)


async def paper_extra(catalog: CatalogWorkers, chat: Chat | None, paper: Paper) -> list[Html]:
    """/paper's extra lines in a group: who presents the paper and how many notes it has."""
    if chat is None or not is_group_chat(chat):
        return []
    held, count = await catalog.read(paper_in_group, chat.id, paper.arxiv_id)
    return notes_format.paper_lines(held, count, paper.arxiv_id)


class _RepliesToBot(filters.MessageFilter):
    """Replies to one of the bot's own messages (where its note prompts are)."""

    def filter(self, message: Message) -> bool:
        replied = replied_to(message)
        return bool(replied and replied.from_user and replied.from_user.is_bot)


NOTE = Command("note", note, args="<id> <text>", group_only=True, own_account=True)
FEATURE = Feature(
    "notes",
    commands=(NOTE, Command("notes", notes, args="<id>")),
    handlers=(
        MessageHandler(filters.UpdateType.EDITED_MESSAGE & filters.TEXT, note_edited),
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
