"""/claim, /unclaim, /claims, /mine and the digest's claim button (news of new versions to
claimants: bot/outbound/version_notices.py)."""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import CallbackQueryHandler

from bot.frame.admins import is_admin
from bot.frame.arguments import arxiv_id_or_explain, paper_or_explain
from bot.frame.chats import is_group_chat
from bot.frame.commands import Command
from bot.frame.features import Feature
from bot.frame.here import here
from bot.frame.services import Services
from bot.frame.state import Context
from bot.outbound.posted_digests import refresh_paper_items
from bot.outbound.topics import close_topic, topic_for_claim
from bot.render import claims as claims_format
from bot.render.papers import preview, split_html
from bot.render.sessions import when as session_when
from bot.render.summaries import draft_button
from bot.render.web_links import with_paper_page
from bot.texts import Html, t
from jobs.arxiv.api import ArxivUnavailable, find_paper
from store.claims import ClaimOutcome, ReleaseOutcome, claim_board, claim_paper, release_claim
from store.member_views import claim_and_paper, member_overview
from store.parse.ids import InvalidArxivId, is_arxiv_id, parse_arxiv_id
from store.parse.relative_dates import relative_date
from store.parse.typed_input import duration_days, plain
from store.sessions import next_sessions, session_for_due, session_schedule

log = logging.getLogger(__name__)

DEFAULT_DUE_DAYS = 7
MAX_DUE_DAYS = 365
NEXT_SESSION = ("next", "下次", "下周")  # `/claim <id> next`: at the group's next meeting


class DueError(ValueError):
    """The due date is not understood, not in the future, or too far away."""

    def __init__(self, key: str, text: str) -> None:
        super().__init__(key)
        self.key = key
        self.text = text


def parse_due(text: str, today: date) -> date:
    """'' -> in 7 days; '14d' -> in 14 days; '下周三' -> that day; '2026-12-01' -> that date
    (after today, < 1 year)."""
    text = plain(text).lower()
    if not text:
        return today + timedelta(days=DEFAULT_DUE_DAYS)
    if match := re.fullmatch(r"(\d{1,4})\s*d(ays?)?", text):
        due = today + timedelta(days=int(match[1]))
    elif (days := duration_days(text)) is not None:  # 14天, 两周
        due = today + timedelta(days=days)
    elif (named := relative_date(text, today)) is not None:  # 明天, 下周三, next wed
        due = named
    else:
        try:
            due = date.fromisoformat(text)
        except ValueError:
            raise DueError("claims.due_invalid", text) from None
    if due <= today:
        raise DueError("claims.due_past", text)
    if due > today + timedelta(days=MAX_DUE_DAYS):
        raise DueError("claims.due_far", text)
    return due


def _group_today(services: Services) -> tuple[date, str]:
    """Today in the current group's time zone (record_activity made the group current)."""
    group = here().group
    zone = group.timezone if group else services.settings.timezone
    return services.clock().astimezone(ZoneInfo(zone)).date(), zone


async def claim(update: Update, context: Context) -> None:
    """Make the sender the paper's presenter in this group, with a due date."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or user is None or chat is None:
        return  # not an update this handler is registered for: nothing to answer
    if not context.args or len(context.args) > 2:
        await message.reply_text(t("claims.usage"))
        return
    if len(context.args) == 2 and is_arxiv_id(context.args[1]):  # "/claim A B"
        await message.reply_text(t("claims.one_at_a_time", first=preview(context.args[0])))
        return
    arxiv_id = await arxiv_id_or_explain(message, context.args[0])
    if arxiv_id is None:
        return
    services = context.services
    today, zone = _group_today(services)
    schedule = await services.catalog.read(session_schedule, chat.id)
    meets = schedule if schedule is not None and schedule.active else None
    asked = context.args[1] if len(context.args) > 1 else ""
    try:
        if plain(asked).lower() in NEXT_SESSION:
            upcoming = next_sessions(meets, services.clock(), 1) if meets else []
            if not upcoming:
                await message.reply_text(t("claims.no_sessions"))
                return
            due = upcoming[0].on_date
        else:
            due = parse_due(asked, today)
    except DueError as error:
        text = t(
            error.key,
            text=preview(error.text),
            today=today.isoformat(),
            zone=zone,
            days=MAX_DUE_DAYS,
        )
        await message.reply_text(text)
        return
    paper = await paper_or_explain(message, services, arxiv_id)
    if paper is None:
        return
    now = services.clock()
    result = await services.catalog.write(claim_paper, chat.id, paper.arxiv_id, user.id, due, now)
    reply = claims_format.claim_reply(result, paper)
    session = session_for_due(meets, due) if meets else None
    if session is not None and result.outcome is ClaimOutcome.CLAIMED:
        reply = Html(reply + "\n" + t("claims.at_session", when=session_when(session)))
    mine = result.outcome in (ClaimOutcome.CLAIMED, ClaimOutcome.ALREADY_YOURS)
    drafts = mine and context.work.summaries is not None
    await message.reply_text(
        with_paper_page(reply, services.settings.web_url, paper.arxiv_id),
        reply_markup=draft_button(paper.arxiv_id) if drafts else None,
    )
    await refresh_paper_items(context.bot, services.catalog, chat.id, paper.arxiv_id)
    if result.outcome is ClaimOutcome.CLAIMED:
        await topic_for_claim(context.bot, services.catalog, chat, paper, user.first_name, now)


async def unclaim(update: Update, context: Context) -> None:
    """Release a claim: the presenter's own, or anyone's for an admin."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or user is None or chat is None:
        return  # not an update this handler is registered for: nothing to answer
    if len(context.args or []) != 1:
        await message.reply_text(t("claims.unclaim_usage"))
        return
    arxiv_id = await arxiv_id_or_explain(message, (context.args or [""])[0])
    if arxiv_id is None:
        return
    services = context.services
    held, paper = await services.catalog.read(claim_and_paper, chat.id, arxiv_id.id)
    admin = held is not None and held.user_id != user.id and await is_admin(update, context)
    result = await services.catalog.write(
        release_claim, chat.id, arxiv_id.id, user.id, admin, services.clock()
    )
    title = paper.title if paper else arxiv_id.id
    await message.reply_text(claims_format.release_reply(result, title))
    if result.outcome is ReleaseOutcome.RELEASED:  # its digest button comes back
        await refresh_paper_items(context.bot, services.catalog, chat.id, arxiv_id.id)
        await close_topic(context.bot, services.catalog, chat.id, arxiv_id.id, services.clock())


async def claims(update: Update, context: Context) -> None:
    """The group's board: open claims by due date, overdue marked, and this week's done ones."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return  # not an update this handler is registered for: nothing to answer
    services = context.services
    today, _ = _group_today(services)
    board = await services.catalog.read(claim_board, chat.id, services.clock())
    for part in split_html(claims_format.board(board, today).split("\n\n")):
        await message.reply_text(part)


async def mine(update: Update, context: Context) -> None:
    """The sender's claims and notes: every group in a private chat, this group in a group."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return  # not an update this handler is registered for: nothing to answer
    services = context.services
    now = services.clock()
    private = chat.type == ChatType.PRIVATE
    seen = await services.catalog.read(member_overview, user.id, None if private else chat.id, now)
    titles = {chat_id: g.title if g else "" for chat_id, g in seen.groups.items()}
    todays = {
        chat_id: now.astimezone(ZoneInfo(g.timezone if g else services.settings.timezone)).date()
        for chat_id, g in seen.groups.items()
    }
    for part in split_html(claims_format.mine(seen.claims, seen.notes, todays, titles)):
        await message.reply_text(part)


async def claim_button(update: Update, context: Context) -> None:
    """A digest's `claim:<id>` button: claim for the presser, toast, then refresh the digest."""
    query = update.callback_query
    if query is None or query.data is None:
        return  # not an update this handler is registered for: nothing to answer
    services = context.services
    message = query.message
    if message is None or not is_group_chat(message.chat):
        await query.answer(t("claims.group_only"))
        return
    try:
        arxiv_id = parse_arxiv_id(query.data.removeprefix("claim:"))
        paper = await find_paper(services.catalog, services.arxiv, arxiv_id, services.clock())
    except (InvalidArxivId, ArxivUnavailable):
        paper = None
    if paper is None:
        await query.answer(t("claims.button_unknown"), show_alert=True)
        return
    today, _ = _group_today(services)
    due = today + timedelta(days=DEFAULT_DUE_DAYS)
    now = services.clock()
    result = await services.catalog.write(
        claim_paper, message.chat.id, paper.arxiv_id, query.from_user.id, due, now
    )
    await query.answer(claims_format.button_toast(result))
    await refresh_paper_items(context.bot, services.catalog, message.chat.id, paper.arxiv_id)
    if result.outcome is ClaimOutcome.CLAIMED:
        presenter = query.from_user.first_name
        await topic_for_claim(context.bot, services.catalog, message.chat, paper, presenter, now)


FEATURE = Feature(
    "claims",
    commands=(
        Command("claim", claim, args="<id> [due/next]", group_only=True, own_account=True),
        Command("unclaim", unclaim, args="<id>", group_only=True),
        Command("claims", claims, group_only=True),
        Command("mine", mine),
    ),
    handlers=(CallbackQueryHandler(claim_button, pattern=r"^claim:[\w./:-]{1,60}$"),),
)
