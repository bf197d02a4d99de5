"""/digest: an admin posts today's digest now. Building, sending and the daily schedule live in
jobs/ (delivery, digest_build, watcher), wired in bot/outbound/work.py."""

from __future__ import annotations

from telegram import Update

from bot.frame.commands import Command
from bot.frame.features import Feature
from bot.frame.state import App, Context
from bot.frame.update_order import let_chat_go_on
from bot.texts import t
from jobs.arxiv.calendar import current_listing
from jobs.digest.delivery import Outcome


async def digest_command(update: Update, context: Context) -> None:
    """Post (or finish posting) today's digest; the ledger still prevents doubles."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return  # not an update this handler is registered for: nothing to answer
    let_chat_go_on()  # fetching the listing may take a while: the group's members go on
    outcome = await context.work.digests.deliver(chat.id)
    listing = current_listing(context.clock()).isoformat()
    replies = {
        Outcome.ALREADY: "digest.already_posted",
        Outcome.NO_ANNOUNCEMENT: "digest.no_announcement",
        Outcome.WAITING: "digest.waiting",
        Outcome.NOTHING: "digest.no_announcement",
        Outcome.REFUSED: "digest.refused",
    }
    if outcome in replies:
        await message.reply_text(t(replies[outcome], date=listing))


async def on_startup(application: App) -> None:
    """Every group's digest job and the feed watcher from the catalog; finish what a stop cut
    short (a digest half sent, digests waiting for their listing, one missed at start)."""
    work = application.bot_data.work
    await work.digest_schedule.start(application.bot_data.services.clock())
    await work.digests.start()
    work.builder.start()
    work.watcher.start(waiting=await work.digests.waiting())


async def rebuild_group_jobs(application: App, chat_id: int) -> None:
    """The group's settings or id changed: its digest job follows."""
    await application.bot_data.work.digest_schedule.rebuild(chat_id)


FEATURE = Feature(
    "digest",
    commands=(Command("digest", digest_command, group_only=True, admins_only=True),),
    on_startup=on_startup,
    on_group_changed=rebuild_group_jobs,
)
