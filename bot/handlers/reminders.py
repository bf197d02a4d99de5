"""/reminder: show or set the group's weekly reminder; the reminder runs in jobs/reminders/runner.py
on the schedule bot/outbound/work.py wires."""

from __future__ import annotations

from telegram import Update

from bot.frame.commands import Command, without_arguments
from bot.frame.features import Feature
from bot.frame.state import App, Context
from bot.render.reminders import describe_reminder
from bot.texts import t
from jobs.reminders.plan import parse_reminder_args
from store.reminders import reminder_settings, set_reminder


async def reminder_command(update: Update, context: Context) -> None:
    """`/reminder` shows it; admins set it: `/reminder Mon 10:00`, `off`, `on`, `poll on|off`."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return  # not an update this handler is registered for: nothing to answer
    services = context.services
    settings = await services.catalog.read(reminder_settings, chat.id)
    if settings is None:  # the activity hook creates groups; this is a safety net
        return
    change = parse_reminder_args(context.args) if context.args else None
    if change is None:
        await message.reply_text(t("reminder.usage", current=describe_reminder(settings)))
        return
    settings = await services.catalog.write(
        set_reminder,
        chat.id,
        services.clock(),
        day=change.day,
        time=change.time,
        enabled=change.enabled,
        poll=change.poll,
    )
    await context.work.reminder_schedule.rebuild(chat.id)
    await message.reply_text(t("reminder.set", current=describe_reminder(settings)))


async def on_startup(application: App) -> None:
    """Every group's reminder job from the catalog; catch up a reminder a stop made us miss."""
    await application.bot_data.work.reminder_schedule.start(application.bot_data.services.clock())


async def rebuild_group_jobs(application: App, chat_id: int) -> None:
    """The group's settings or id changed: its reminder job follows."""
    await application.bot_data.work.reminder_schedule.rebuild(chat_id)


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
