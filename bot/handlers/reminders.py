"""/reminder, the daily claims check (nudges, releases) and the weekly reminder job per group."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.commands import Command, without_arguments
from bot.features import Feature
from bot.reminders_format import (
    describe_reminder,
    nudge_in_group,
    nudge_private,
    pick_buttons,
    poll_options,
    release_notice,
    reminder_messages,
)
from bot.scheduling import JOB_KWARGS, MISFIRE_GRACE_SECONDS, replace_daily_job
from bot.services import get_services
from bot.state import App, Context
from bot.texts import t
from jobs.reminders import (
    build_weekly_reminder,
    claims_due_soon,
    claims_to_release,
    job_time,
    local_now,
    parse_reminder_args,
    reminder_due,
    week_key,
)
from store.db import Database
from store.groups import get_group
from store.reminders import (
    ReminderSettings,
    abandon_reminder,
    all_reminder_settings,
    begin_nudge,
    begin_reminder,
    finish_reminder,
    notes_since,
    open_claims,
    release_overdue,
    reminder_sent,
    reminder_settings,
    set_reminder,
    unclaimed_picks,
)

log = logging.getLogger(__name__)
LATE_WINDOW = timedelta(seconds=MISFIRE_GRACE_SECONDS)  # a reminder this late still goes out
RECONCILE_SECONDS = 600  # pick up new groups and time-zone changes made elsewhere
_SCHEDULED = "reminder_schedules"  # bot_data: chat_id -> (timezone, time) last scheduled


def reminder_job_name(chat_id: int) -> str:
    """One daily job per group: the claims check, and on the reminder day the reminder."""
    return f"reminder:{chat_id}"


def schedule_reminder(application: App, settings: ReminderSettings) -> None:
    """(Re)schedule the group's daily job at its local reminder time (DST-aware via zoneinfo)."""
    assert application.job_queue is not None
    replace_daily_job(
        application.job_queue,
        reminder_job_name(settings.chat_id),
        reminder_job,
        job_time(settings),
        chat_id=settings.chat_id,
    )
    application.bot_data.scheduled.setdefault(_SCHEDULED, {})[settings.chat_id] = (
        settings.timezone,
        settings.time,
    )


def rebuild_group_jobs(application: App, chat_id: int) -> None:
    """Rebuild one group's reminder job from the catalog; drop it if the group is gone or left."""
    assert application.job_queue is not None
    active = all_reminder_settings(get_services(application).db)
    settings = next((s for s in active if s.chat_id == chat_id), None)
    if settings is not None:
        schedule_reminder(application, settings)
        return
    for job in application.job_queue.get_jobs_by_name(reminder_job_name(chat_id)):
        job.schedule_removal()
    application.bot_data.scheduled.setdefault(_SCHEDULED, {}).pop(chat_id, None)


async def reminder_job(context: Context) -> None:
    """The daily job: check claims; on the reminder day, send the weekly reminder once."""
    assert context.job is not None and context.job.chat_id is not None
    await run_reminders(context.application, context.job.chat_id)


async def run_reminders(application: App, chat_id: int) -> None:
    """Nudge, release, and send this week's reminder if it is due and not yet sent."""
    services = get_services(application)
    settings = reminder_settings(services.db, chat_id)
    group = get_group(services.db, chat_id)
    if settings is None or group is None or not group.active:
        return
    now = services.clock()
    await check_claims(application.bot, services.db, settings, group.title, now)
    if not reminder_due(settings, now, LATE_WINDOW):
        return
    week = week_key(settings, now)
    if not begin_reminder(services.db, chat_id, week, now):
        return  # already sent this week (or a send was cut short: never twice)
    today = local_now(settings, now).date()
    reminder = build_weekly_reminder(
        open_claims(services.db, chat_id),
        notes_since(services.db, chat_id, now - timedelta(days=7)),
        unclaimed_picks(services.db, chat_id, today - timedelta(days=7), limit=5),
        today,
    )
    buttons = [
        InlineKeyboardButton(label, callback_data=data)
        for label, data in pick_buttons(reminder.picks)
    ]
    messages = reminder_messages(reminder)
    try:
        for index, text in enumerate(messages):
            last = index == len(messages) - 1
            sent = await application.bot.send_message(
                chat_id,
                text,
                reply_markup=InlineKeyboardMarkup([buttons]) if last and buttons else None,
            )
    except (BadRequest, Forbidden) as error:  # refused: nothing posted, a later run may retry
        log.warning("weekly reminder for %s refused: %s", chat_id, error)
        abandon_reminder(services.db, chat_id, week)
        return
    except TelegramError as error:  # unknown outcome: keep the slot taken rather than repeat
        log.warning("weekly reminder for %s failed: %s", chat_id, error)
        return
    finish_reminder(services.db, chat_id, week, sent.message_id, now)
    if settings.poll and len(reminder.picks) >= 2:
        try:
            await application.bot.send_poll(
                chat_id, t("reminder.poll_question"), poll_options(reminder.picks)
            )
        except TelegramError as error:
            log.warning("reminder poll for %s failed: %s", chat_id, error)


async def check_claims(
    bot: Bot, db: Database, settings: ReminderSettings, title: str, now: datetime
) -> None:
    """Nudge claimants due within two days; release claims more than a week overdue."""
    today = local_now(settings, now).date()
    claims = open_claims(db, settings.chat_id)
    for claim in claims_to_release(claims, today):
        if release_overdue(db, claim.id, now):
            markup = InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(
                            t("reminder.claim_it"), callback_data=f"claim:{claim.arxiv_id}"
                        )
                    ]
                ]
            )
            await _send_quietly(bot, claim.chat_id, release_notice(claim), markup)
    for claim in claims_due_soon(claims, today):
        channel = "private" if claim.private_chat else "group"
        if not begin_nudge(db, claim, "due_soon", channel, now):
            continue
        if claim.private_chat and await _send_quietly(
            bot, claim.user_id, nudge_private(claim, title, today)
        ):
            continue
        await _send_quietly(bot, claim.chat_id, nudge_in_group(claim, today))


async def _send_quietly(
    bot: Bot, chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None
) -> bool:
    """Send; a refusal (blocked bot, kicked) is logged, not raised, so other claims go on."""
    try:
        await bot.send_message(chat_id, text, reply_markup=markup)
    except TelegramError as error:
        log.warning("reminder message to %s failed: %s", chat_id, error)
        return False
    return True


async def reminder_command(update: Update, context: Context) -> None:
    """Admins set the weekly reminder: `/reminder Mon 10:00`, `off`, `on`, `poll on|off`."""
    message, chat = update.effective_message, update.effective_chat
    assert message is not None and chat is not None
    services = get_services(context)
    settings = reminder_settings(services.db, chat.id)
    if settings is None:  # the activity hook creates groups; this is a safety net
        return
    if not context.args:
        await message.reply_text(t("reminder.usage", current=describe_reminder(settings)))
        return
    change = parse_reminder_args(context.args)
    if change is None:
        await message.reply_text(t("reminder.usage", current=describe_reminder(settings)))
        return
    settings = set_reminder(
        services.db,
        chat.id,
        services.clock(),
        day=change.day,
        time=change.time,
        enabled=change.enabled,
        poll=change.poll,
    )
    schedule_reminder(context.application, settings)
    await message.reply_text(t("reminder.set", current=describe_reminder(settings)))


async def reconcile_job(context: Context) -> None:
    """Follow changes made elsewhere (new groups, /timezone) and drop jobs of groups left."""
    await reconcile(context.application, catch_up=False)


async def reconcile(application: App, *, catch_up: bool) -> None:
    """Schedule every active group's job whose time or zone changed; at start, catch up once."""
    assert application.job_queue is not None
    services = get_services(application)
    scheduled: dict[int, tuple[str, str]] = application.bot_data.scheduled.setdefault(
        _SCHEDULED, {}
    )
    active = {settings.chat_id: settings for settings in all_reminder_settings(services.db)}
    for chat_id in set(scheduled) - set(active):
        for job in application.job_queue.get_jobs_by_name(reminder_job_name(chat_id)):
            job.schedule_removal()
        del scheduled[chat_id]
    now = services.clock()
    for chat_id, settings in active.items():
        if scheduled.get(chat_id) != (settings.timezone, settings.time):
            schedule_reminder(application, settings)
        missed = reminder_due(settings, now, LATE_WINDOW) and not reminder_sent(
            services.db, chat_id, week_key(settings, now)
        )
        if catch_up and missed:  # the bot was down at reminder time: send it now, once
            application.job_queue.run_once(
                reminder_job,
                1.0,
                chat_id=chat_id,
                name=f"reminder-late:{chat_id}",
                job_kwargs=JOB_KWARGS,
            )


async def on_startup(application: App) -> None:
    """Rebuild every group's reminder job from the catalog, and keep them in step."""
    assert application.job_queue is not None
    await reconcile(application, catch_up=True)
    application.job_queue.run_repeating(
        reconcile_job,
        RECONCILE_SECONDS,
        first=RECONCILE_SECONDS,
        name="reminder-reconcile",
        job_kwargs=JOB_KWARGS,
    )


FEATURE = Feature(
    "reminders",
    commands=(
        Command(
            "reminder",
            reminder_command,
            args="<day> <HH:MM> or off",
            group_only=True,
            admins_only=True,
            members_may=without_arguments,
        ),
    ),
    on_startup=on_startup,
    on_group_changed=rebuild_group_jobs,
)
