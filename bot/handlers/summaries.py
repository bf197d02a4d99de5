"""/summaries on|off (admins; anyone sees the state) and /draft <id> (the claimant): the
optional machine summaries and draft notes. Without a provider both say it is not set up."""

from __future__ import annotations

from telegram import Update

from bot.frame.arguments import arxiv_id_or_explain
from bot.frame.commands import Command, without_arguments
from bot.frame.features import Feature
from bot.frame.here import here
from bot.frame.state import Context
from bot.frame.update_order import let_chat_go_on
from bot.render.summaries import draft_labels, draft_message, summaries_line
from bot.texts import t
from store.member_views import claim_and_paper
from store.summaries import set_summaries_enabled, summaries_enabled

SWITCH = {"on": True, "off": False, "开": True, "开启": True, "关": False, "关闭": False}


async def summaries(update: Update, context: Context) -> None:
    """Show whether the group's digest carries summaries, or (admins) turn them on or off."""
    message, group = update.effective_message, here().group
    if message is None or group is None:
        return
    configured = context.settings.llm is not None
    args = [a.lower() for a in context.args or []]
    if not args or not configured:
        enabled = await context.catalog.read(summaries_enabled, group.chat_id)
        await message.reply_text(summaries_line(configured, enabled))
        return
    if len(args) != 1 or args[0] not in SWITCH:
        await message.reply_text(t("summaries.usage"))
        return
    enabled = SWITCH[args[0]]
    await context.catalog.write(set_summaries_enabled, group.chat_id, enabled)
    await message.reply_text(t("summaries.set_on" if enabled else "summaries.set_off"))


async def draft(update: Update, context: Context) -> None:
    """A machine draft of the claimant's note, in the catalog's labels; never stored."""
    message, group, user = update.effective_message, here().group, update.effective_user
    if message is None or group is None or user is None:
        return
    work = context.work
    if work.summaries is None:
        await message.reply_text(t("summaries.not_configured"))
        return
    if len(context.args or []) != 1:
        await message.reply_text(t("draft.usage"))
        return
    arxiv_id = await arxiv_id_or_explain(message, (context.args or [""])[0])
    if arxiv_id is None:
        return
    held, paper = await context.catalog.read(claim_and_paper, group.chat_id, arxiv_id.id)
    if paper is None or not paper.abstract:
        await message.reply_text(t("draft.unknown_paper", arxiv_id=arxiv_id.id))
        return
    if held is None or held.user_id != user.id:
        await message.reply_text(t("draft.not_claimant", title=paper.title))
        return
    let_chat_go_on()  # the provider may take a while: the chat's next commands go on
    text = await work.summaries.summarizer.draft(paper, group.language, draft_labels())
    if text is None:
        await message.reply_text(t("draft.failed"))
        return
    await message.reply_text(draft_message(paper.title, paper.arxiv_id, text))


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
)
