"""/search and its Next/Previous buttons."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.ext import CallbackQueryHandler

from bot.frame.commands import Command
from bot.frame.features import Feature
from bot.frame.state import Context
from bot.outbound.sender import edit_quietly
from bot.render.search import page_buttons, search_message
from bot.texts import Html, t
from store.member_views import saved_search_page, search_page
from store.parse.search_query import QueryProblem, parse_query
from store.search import SearchBusy, SearchFailed, SearchPage, save_search
from store.workers import CatalogSlow

log = logging.getLogger(__name__)
_PROBLEM_TEXT = {
    QueryProblem.EMPTY: "search.usage",
    QueryProblem.ONLY_EXCLUDED: "search.only_excluded",
    QueryProblem.BAD_YEAR: "search.bad_year",
}


def _keyboard(search_id: int, page: SearchPage) -> InlineKeyboardMarkup | None:
    buttons = [
        InlineKeyboardButton(label, callback_data=data)
        for label, data in page_buttons(search_id, page)
    ]
    return InlineKeyboardMarkup([buttons]) if buttons else None


def _command_text(text: str) -> str:
    """What follows `/search` (or `/search@bot`), exactly as typed: quotes and spaces kept."""
    parts = text.split(maxsplit=1)
    return parts[1] if len(parts) > 1 else ""


def _error_text(error: SearchBusy | SearchFailed) -> str:
    """Busy: try again shortly. A refused query is our bug: logged, and the member told plainly."""
    if isinstance(error, SearchBusy):
        log.warning("search: the catalog is busy: %s", error)
        return "search.busy"
    log.error("search: %s", error, exc_info=error)
    return "search.failed"


async def search(update: Update, context: Context) -> None:
    """Answer with the first page of results, or with usage when the query has nothing to run."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return  # not an update this handler is registered for: nothing to answer
    text = _command_text(message.text or "")
    query = parse_query(text)
    if query.problem is not None:
        await message.reply_text(t(_PROBLEM_TEXT[query.problem]))
        return
    services = context.services
    user_id = update.effective_user.id if update.effective_user else None
    private = chat.type == ChatType.PRIVATE
    try:
        page = await services.catalog.read(search_page, query, chat.id, user_id, private, 0)
        search_id = await _saved(context, chat.id, user_id, text) if page.has_next else 0
    except (SearchBusy, SearchFailed) as error:
        await message.reply_text(t(_error_text(error)))
        return
    await message.reply_text(
        search_message(text, page, query.highlights),
        reply_markup=_keyboard(search_id, page) if search_id else None,
    )


async def _saved(context: Context, chat_id: int, user_id: int | None, text: str) -> int:
    """Keep the query for its Next button, unless the writer is held up (another process's
    lock): then the first page is answered now, without paging, rather than seconds late."""
    try:
        return await context.catalog.record(save_search, chat_id, user_id, text, context.clock())
    except CatalogSlow as slow:
        log.info("search: not kept for paging (%s): the first page goes without buttons", slow)
        return 0


async def turn_page(update: Update, context: Context) -> None:
    """A `search:<id>:<page>` button: show that page in the same message."""
    query = update.callback_query
    if query is None or query.data is None:
        return  # not an update this handler is registered for: nothing to answer
    catalog = context.catalog
    _, search_id, page_number = query.data.split(":")  # digits only: the pattern says so
    message = query.message
    if message is None:
        await query.answer(t("search.expired"), show_alert=False)
        return
    private = message.chat.type == ChatType.PRIVATE
    try:
        found = await catalog.read(
            saved_search_page, int(search_id), message.chat.id, private, int(page_number)
        )
    except (SearchBusy, SearchFailed) as error:
        await query.answer(t(_error_text(error)), show_alert=True)
        return
    # Gone, from another chat, or past the last page: not a button we sent.
    if found is None or (found[1].page > 0 and not found[1].hits):
        await query.answer(t("search.expired"), show_alert=False)
        return
    text, page = found
    await query.answer()
    await edit_quietly(  # a double press changes nothing
        lambda: context.bot.edit_message_text(
            Html(search_message(text, page, parse_query(text).highlights)),
            chat_id=message.chat.id,
            message_id=message.message_id,
            reply_markup=_keyboard(int(search_id), page),
        )
    )


FEATURE = Feature(
    "search",
    commands=(Command("search", search, args="<query>"),),
    # Ids fit SQLite's 64-bit integers and pages stay small: anything else is a stale button.
    handlers=(CallbackQueryHandler(turn_page, pattern=r"^search:\d{1,18}:\d{1,4}$"),),
)
