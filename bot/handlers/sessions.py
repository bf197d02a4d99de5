"""/session, /agenda, /top and /not_for_us: the club's meetings, who presents what at the next
one, the papers members want (👍) or not (👎, where the group turned that button on); the
agenda is posted on its own by jobs/sessions/agenda.py."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from telegram import InputFile, Update
from telegram.ext import CallbackQueryHandler

from bot.frame.chats import is_group_chat
from bot.frame.commands import Command, without_arguments
from bot.frame.features import Feature
from bot.frame.state import App, Context
from bot.outbound.posted_digests import refresh_paper_items
from bot.render import sessions as fmt
from bot.render.calendar import calendar_file
from bot.render.papers import split_html
from bot.texts import Html, t
from bot.texts.dates import day_label
from jobs.sessions.agenda import Agenda, next_agenda
from store.agenda import calendar_sessions
from store.calendar_feed import calendar_token
from store.db import Database
from store.group_buttons import not_for_us_on, set_not_for_us
from store.parse.ids import InvalidArxivId, parse_arxiv_id
from store.parse.sessions import Action, parse_session_args
from store.parse.settings import parse_switch
from store.session_edits import Edited, apply_session_change
from store.sessions import Schedule, session_schedule
from store.wants import NOT_FOR_US, WANT, most_wanted, press_signal
from store.web.links import calendar_url

_LOOK_ONLY = ("ics", "calendar", "日历")
TOP_PERIODS = {"week": timedelta(days=7), "month": timedelta(days=30), "all": None}
TOP_WORDS = {"周": "week", "本周": "week", "月": "month", "本月": "month", "全部": "all"}
TOP_SHOWN = 10
TOASTS = {  # a press that now stands, one that took the word back
    WANT: ("want.added", "want.removed"),
    NOT_FOR_US: ("not_for_us.added", "not_for_us.removed"),
}


def _members_may(args: Sequence[str]) -> bool:
    """A bare /session and the calendar file are for everyone; changes are for admins."""
    return not args or (len(args) == 1 and args[0].lower() in _LOOK_ONLY)


def session_view(
    db: Database, chat_id: int, now: datetime
) -> tuple[Schedule | None, Agenda | None]:
    """What /session shows, read in one go."""
    return session_schedule(db, chat_id), next_agenda(db, chat_id, now)


def _overview(found: tuple[Schedule | None, Agenda | None]) -> str:
    schedule, agenda = found
    return t("session.none") if schedule is None else fmt.overview(schedule, agenda)


def _edited(edited: Edited) -> str:
    """The answer to a change that did not show the overview."""
    day = day_label(edited.day) if edited.day else ""
    keys = {
        "unknown": "session.none",
        "no_plan": "session.no_plan",
        "past": "session.past",
        "not_a_session": "session.not_a_session",
        "is_off": "session.is_off",
        "off": "session.turned_off",
        "cancelled": "session.cancelled",
    }
    return t(keys.get(edited.outcome, "session.changed"), day=day)


async def session_command(update: Update, context: Context) -> None:
    """`/session` shows the next meeting; admins change them; `/session ics` sends the file."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return  # not an update this handler is registered for: nothing to answer
    now = context.clock()
    args = list(context.args or [])
    if not args:
        await message.reply_text(_overview(await context.catalog.read(session_view, chat.id, now)))
        return
    schedule = await context.catalog.read(session_schedule, chat.id)
    zone = schedule.zone if schedule else context.settings.timezone
    change = parse_session_args(args, now.astimezone(ZoneInfo(zone)).date())
    if change is None:
        await message.reply_text(t("session.usage"))
        return
    if change.action is Action.CALENDAR:
        await _send_calendar(update, context, now)
        return
    edited = await context.catalog.write(apply_session_change, chat.id, change, now)
    await context.work.agenda_schedule.rebuild(chat.id)
    answer = _edited(edited)
    if edited.outcome in ("changed", "cancelled"):
        answer += "\n" + _overview(await context.catalog.read(session_view, chat.id, now))
    await message.reply_text(answer)


async def _send_calendar(update: Update, context: Context, now: datetime) -> None:
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    found = await context.catalog.read(calendar_sessions, chat.id, now)
    if found is None:
        await message.reply_text(t("session.none"))
        return
    title = chat.title or str(chat.id)
    document = InputFile(calendar_file(chat.id, title, found, now), filename="meetings.ics")
    caption = t("session.ics_caption")
    if context.settings.web_url:  # the same calendar at a stable address, for subscribing
        token = await context.catalog.write(calendar_token, chat.id, now)
        url = calendar_url(context.settings.web_url, token)
        caption = Html(caption + "\n" + t("session.ics_feed", url=url))
    await message.reply_document(document, caption=caption)


async def agenda_command(update: Update, context: Context) -> None:
    """`/agenda`: the next meeting's slots, whether each note is in, the open slots."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return  # not an update this handler is registered for: nothing to answer
    agenda = await context.catalog.read(next_agenda, chat.id, context.clock())
    if agenda is None:
        await message.reply_text(t("agenda.none"))
        return
    for part in split_html([fmt.agenda_text(agenda)]):
        await message.reply_text(part)


async def top_command(update: Update, context: Context) -> None:
    """`/top [week|month|all]`: the most wanted papers nobody has claimed."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return  # not an update this handler is registered for: nothing to answer
    word = (context.args or ["all"])[0].lower() if context.args else "all"
    period = TOP_WORDS.get(word, word)
    if period not in TOP_PERIODS or len(context.args or []) > 1:
        await message.reply_text(t("top.usage"))
        return
    span = TOP_PERIODS[period]
    since = context.clock() - span if span is not None else None
    wanted = await context.catalog.read(most_wanted, chat.id, since, TOP_SHOWN)
    await message.reply_text(fmt.top_text(wanted, period))


async def want_button(update: Update, context: Context) -> None:
    """A digest's `want:<id>` button: the presser wants it presented (a second press takes it
    back; each member counts once), then the digest shows the new count."""
    await _signal_pressed(update, context, "want:", WANT)


async def not_for_us_button(update: Update, context: Context) -> None:
    """A digest's `nfu:<id>` button: the presser calls it "not for us", a negative for the
    group's ranking (a second press takes it back; it replaces the member's 👍)."""
    await _signal_pressed(update, context, "nfu:", NOT_FOR_US)


async def _signal_pressed(update: Update, context: Context, prefix: str, signal: int) -> None:
    """Record or take back the presser's 👍/👎, toast, and re-render the digest's messages."""
    query = update.callback_query
    if query is None or query.data is None:
        return  # not an update this handler is registered for: nothing to answer
    message = query.message
    if message is None or not is_group_chat(message.chat):
        await query.answer(t("claims.group_only"))
        return
    try:
        arxiv_id = parse_arxiv_id(query.data.removeprefix(prefix)).id
    except InvalidArxivId:
        await query.answer(t("claims.button_unknown"), show_alert=True)
        return
    chat_id, now, user_id = message.chat.id, context.clock(), query.from_user.id
    stands = await context.catalog.write(press_signal, chat_id, arxiv_id, user_id, signal, now)
    if stands is None:  # an old 👎 pressed after /not_for_us off
        await query.answer(t("not_for_us.button_off"))
        return
    keys = TOASTS[signal]
    await query.answer(t(keys[0] if stands else keys[1]))
    await refresh_paper_items(context.bot, context.catalog, chat_id, arxiv_id)


async def not_for_us_command(update: Update, context: Context) -> None:
    """`/not_for_us [on|off]`: whether digest items carry a 👎 button; admins switch it."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return  # not an update this handler is registered for: nothing to answer
    args = list(context.args or [])
    if not args:
        shown = await context.catalog.read(not_for_us_on, chat.id)
        await message.reply_text(t("not_for_us.on" if shown else "not_for_us.off"))
        return
    on = parse_switch(args)
    if on is None:
        await message.reply_text(t("not_for_us.usage"))
        return
    await context.catalog.write(set_not_for_us, chat.id, on)
    await message.reply_text(t("not_for_us.set_on" if on else "not_for_us.set_off"))


async def on_startup(application: App) -> None:
    """Every meeting group's agenda job; an agenda a stop made us miss goes out now."""
    await application.bot_data.work.agenda_schedule.start(application.bot_data.services.clock())


async def rebuild_group_jobs(application: App, chat_id: int) -> None:
    """The group's settings (its zone) or id changed: its agenda job follows."""
    await application.bot_data.work.agenda_schedule.rebuild(chat_id)


FEATURE = Feature(
    "sessions",
    commands=(
        Command(
            "session",
            session_command,
            args="[every <day> <HH:MM> <place>, cancel or extra <date>, off, ics]",
            group_only=True,
            admins_only=True,
            members_may=_members_may,
        ),
        Command("agenda", agenda_command, group_only=True),
        Command("top", top_command, args="[week/month/all]", group_only=True),
        Command(
            "not_for_us",
            not_for_us_command,
            args="[on/off]",
            group_only=True,
            admins_only=True,
            members_may=without_arguments,
        ),
    ),
    handlers=(
        CallbackQueryHandler(want_button, pattern=r"^want:[\w./:-]{1,60}$"),
        CallbackQueryHandler(not_for_us_button, pattern=r"^nfu:[\w./:-]{1,60}$"),
    ),
    on_startup=on_startup,
    on_group_changed=rebuild_group_jobs,
)
