"""/summaries on|off (admins; anyone sees the state) and /draft <id> (the claimant): the
optional machine summaries and draft notes. Without a provider both say it is not set up."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot.frame.arguments import arxiv_id_or_explain
from bot.frame.commands import Command, without_arguments
from bot.frame.features import Feature
from bot.frame.here import here
from bot.frame.state import Context
from bot.frame.update_order import let_chat_go_on
from bot.render.summaries import draft_labels, draft_message, summaries_line
from bot.texts import Html, t
from store.groups import Group
from store.member_views import claim_and_paper
from store.papers import Paper
from store.parse.ids import InvalidArxivId, parse_arxiv_id
from store.parse.settings import parse_switch
from store.summaries import set_summaries_enabled, summaries_enabled


async def summaries(update: Update, context: Context) -> None:
    """Show whether the group's digest carries summaries, or (admins) turn them on or off."""
    message, group = update.effective_message, here().group
    if message is None or group is None:
        return
    configured = context.settings.llm is not None
    args = [a.lower() for a in context.args or []]
    if not args or not configured:
        shown = await context.catalog.read(summaries_enabled, group.chat_id)
        await message.reply_text(summaries_line(configured, shown))
        return
    switch = parse_switch(args)
    if switch is None:
        await message.reply_text(t("summaries.usage"))
        return
    await context.catalog.write(set_summaries_enabled, group.chat_id, switch)
    await message.reply_text(t("summaries.set_on" if switch else "summaries.set_off"))


async def draft(update: Update, context: Context) -> None:
    """A machine draft of the claimant's note, in the catalog's labels; never stored."""
    message, group, user = update.effective_message, here().group, update.effective_user
    if message is None or group is None or user is None:
        return
    if context.work.summaries is None:
        await message.reply_text(t("summaries.not_configured"))
        return
    if len(context.args or []) != 1:
        await message.reply_text(t("draft.usage"))
        return
    arxiv_id = await arxiv_id_or_explain(message, (context.args or [""])[0])
    if arxiv_id is None:
        return
    found = await _claimed(context, group, user.id, arxiv_id.id)
    if isinstance(found, Paper):
        found = await _drafted(context, group, found)
    await message.reply_text(found)


async def draft_button(update: Update, context: Context) -> None:
    """The claim reply's `draft:<id>` button: the same draft, for the claimant only (anyone
    else gets a toast, the chat no message)."""
    query, group = update.callback_query, here().group
    if query is None or query.data is None or query.message is None:
        return  # not an update this handler is registered for: nothing to answer
    if group is None or context.work.summaries is None:
        await query.answer(t("summaries.not_configured"), show_alert=True)
        return
    try:
        arxiv_id = parse_arxiv_id(query.data.removeprefix("draft:")).id
    except InvalidArxivId:
        await query.answer(t("claims.button_unknown"), show_alert=True)
        return
    found = await _claimed(context, group, query.from_user.id, arxiv_id)
    if not isinstance(found, Paper):
        await query.answer(t("draft.claimant_only"), show_alert=True)
        return
    await query.answer(t("draft.making"))
    await context.bot.send_message(
        query.message.chat.id,
        await _drafted(context, group, found),
        reply_to_message_id=query.message.message_id,
    )


async def _claimed(context: Context, group: Group, user_id: int, arxiv_id: str) -> Paper | Html:
    """The paper when this member holds its claim, or what stands in the way."""
    held, paper = await context.catalog.read(claim_and_paper, group.chat_id, arxiv_id)
    if paper is None or not paper.abstract:
        return t("draft.unknown_paper", arxiv_id=arxiv_id)
    if held is None or held.user_id != user_id:
        return t("draft.not_claimant", title=paper.title)
    return paper


async def _drafted(context: Context, group: Group, paper: Paper) -> Html:
    """The machine draft in the group's language and the catalog's labels."""
    summaries = context.work.summaries
    if summaries is None:
        return t("summaries.not_configured")
    let_chat_go_on()  # the provider may take a while: the chat's next commands go on
    text = await summaries.summarizer.draft(paper, group.language, draft_labels())
    if text is None:
        return t("draft.failed")
    return draft_message(paper.title, paper.arxiv_id, text)


FEATURE = Feature(
    "summaries",
    commands=(
        Command(
            "summaries",
            summaries,
            args="[on/off]",
            group_only=True,
            admins_only=True,
            members_may=without_arguments,
        ),
        Command("draft", draft, args="<id>", group_only=True, own_account=True),
    ),
    handlers=(CallbackQueryHandler(draft_button, pattern=r"^draft:[\w./:-]{1,60}$"),),
)
