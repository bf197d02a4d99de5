"""/start, /help and /paper, plus the bookkeeping every update goes through."""

from __future__ import annotations

import logging
from dataclasses import replace

from telegram import ChatMemberUpdated, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import (
    ChatMemberHandler,
    MessageHandler,
    filters,
)

from bot.frame.arguments import arxiv_id_or_explain, paper_or_explain
from bot.frame.chats import is_group_chat
from bot.frame.commands import Command
from bot.frame.features import Feature
from bot.frame.here import Here, enter, here, language_for
from bot.frame.state import Context
from bot.handlers.notes import paper_extra
from bot.handlers.welcome import greet
from bot.outbound.work import reschedule_group
from bot.render.help import help_message
from bot.render.papers import paper_card
from bot.render.web_links import paper_page_lines
from bot.texts import t
from bot.texts.languages import language_or_default, supported_language
from store.db import CatalogWriteError
from store.groups import adopt_adder_language, ensure_group, migrate_group, set_active
from store.summaries import group_summary
from store.topics import remember_paper_message
from store.visits import Recorded, Visit, record_visit, visit_recorded
from store.workers import CatalogSlow

log = logging.getLogger(__name__)


async def record_activity(update: Update, context: Context) -> None:
    """Remember who wrote where (so private views can span a member's groups), and make the
    group, the member and their language current for this update's handlers.

    Bookkeeping: when the catalog cannot be written (or only slowly), it is logged and the
    command still runs.
    """
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    enter(Here())  # English until the group or member is known: nothing stale from before
    if chat is None or user is None:
        return
    if message is not None and (message.migrate_to_chat_id or message.migrate_from_chat_id):
        return  # follow_migration moves the group; creating it here would block the move
    services = context.services
    now = services.clock()
    visit = Visit(
        chat.id,
        chat.title or "",
        chat.type if is_group_chat(chat) else None,  # an anonymous admin's command counts too
        chat.type == ChatType.PRIVATE,
        services.settings.timezone,
        language_or_default(user.language_code),  # a new group's: the adder's, on first sight
        None if user.is_bot else user.id,
        user.first_name,
        user.username,
        user.language_code,
    )
    # Three single-row reads by primary key, in a reader thread (never on the event loop: a
    # write holding the catalog there would hold every chat); readers never wait for a writer.
    try:
        group, recorded = await services.catalog.look_up(visit_recorded, visit, now)
    except CatalogSlow as exc:  # the commands answer for a group they cannot find
        log.warning("visit of %s in %s not read (the command goes on): %s", user.id, chat.id, exc)
        return
    write = services.catalog.write if recorded is Recorded.MISSING else services.catalog.record
    if recorded is not Recorded.ALL:
        try:
            group = await write(record_visit, visit, now)
        except (CatalogWriteError, CatalogSlow) as exc:  # the group as read above, if it was
            log.warning("not recorded: %s in %s (the command goes on): %s", user.id, chat.id, exc)
    enter(Here(group, None if user.is_bot else user.id, language_for(group, user.language_code)))


async def start(update: Update, context: Context) -> None:
    """Greet a member with what the bot does and every command."""
    await help_command(update, context)


async def help_command(update: Update, context: Context) -> None:
    """List every registered command with its syntax."""
    if update.effective_message is None:
        return  # not an update this handler is registered for: nothing to answer
    await update.effective_message.reply_text(help_message(context.bot_data.commands))


async def paper(update: Update, context: Context) -> None:
    """Show a paper's card, from the store or else from the arXiv API."""
    message = update.effective_message
    if message is None:
        return  # not an update this handler is registered for: nothing to answer
    if not context.args:
        await message.reply_text(t("paper.usage"))
        return
    arxiv_id = await arxiv_id_or_explain(message, " ".join(context.args))
    if arxiv_id is None:
        return
    services = context.services
    found = await paper_or_explain(message, services, arxiv_id)
    if found is None:
        return
    extra = await paper_extra(services.catalog, update.effective_chat, found)
    group = here().group
    if group is not None and services.settings.llm is not None:  # a stored summary, if any
        key = (found.arxiv_id, found.version or 0)
        line = await services.catalog.read(group_summary, group.chat_id, key, group.language)
        extra = [t("digest.summary", summary=line), *extra] if line else extra
    card = await message.reply_text(
        paper_card(found, [*extra, *paper_page_lines(services.settings.web_url, found.arxiv_id)])
    )
    if is_group_chat(message.chat):  # one paper shown: a 👍 on the card is a want
        try:
            await services.catalog.write(
                remember_paper_message, message.chat.id, card.message_id, found.arxiv_id
            )
        except (CatalogWriteError, CatalogSlow) as exc:  # /paper only reads: no error for this
            log.warning("card %s not kept for 👍: %s", card.message_id, exc)


async def track_membership(update: Update, context: Context) -> None:
    """The bot was added to or removed from a group: create it (and greet it), or mark it
    inactive, and start or stop its jobs."""
    change: ChatMemberUpdated | None = update.my_chat_member
    if change is None:
        return
    chat = change.chat
    if not is_group_chat(chat):
        return  # a member blocking or unblocking the bot in private is not a group
    services = context.services
    now = services.clock()
    status, before = change.new_chat_member.status, change.old_chat_member.status
    joined = before in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED)
    if status in (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR):
        await services.catalog.write(
            ensure_group,
            chat.id,
            chat.title or "",
            chat.type,
            services.settings.timezone,
            now,
            language=language_or_default(change.from_user.language_code),
        )
    elif status in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED):
        await services.catalog.write(set_active, chat.id, False, now)
    else:
        return
    await reschedule_group(context.application, chat.id)  # its jobs start (or stop) now
    if joined and status in (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR):
        # A group made by `paperclub group` before the bot was added: nobody chose its
        # language, so it takes the adder's (when we speak it), the greeting included.
        spoken = supported_language(change.from_user.language_code)
        if spoken is not None and await services.catalog.write(
            adopt_adder_language, chat.id, spoken, now
        ):
            enter(replace(here(), language=spoken))
        await greet(context, chat.id)  # in the group's language, made current by record_activity


async def follow_migration(update: Update, context: Context) -> None:
    """A group became a supergroup: its settings, claims and notes follow it to the new id."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id is not None:
        old, new = message.chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id is not None:
        old, new = message.migrate_from_chat_id, message.chat.id
    else:
        return
    services = context.services
    if await services.catalog.write(migrate_group, old, new, services.clock()):
        log.info("group %s migrated to %s", old, new)
        await reschedule_group(context.application, old)  # jobs are keyed by chat id: move them
        await reschedule_group(context.application, new)


FEATURE = Feature(
    "core",
    commands=(
        Command("start", start),
        Command("help", help_command),
        Command("paper", paper, args="<id>"),
    ),
    handlers=(
        ChatMemberHandler(track_membership, ChatMemberHandler.MY_CHAT_MEMBER),
        MessageHandler(filters.StatusUpdate.MIGRATE, follow_migration),
    ),
)
