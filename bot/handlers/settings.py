"""Group settings, for the group's admins only: /track /untrack /keywords /digest_time
/timezone /digest_size /settings. Bad values say what is accepted and change nothing."""

from __future__ import annotations

from collections.abc import Callable

from telegram import Message, Update
from telegram.ext import BaseHandler, ContextTypes

from bot.admins import is_admin
from bot.chats import is_group_chat
from bot.commands import Command
from bot.formatting import preview
from bot.reminders_format import settings_line as reminder_line
from bot.scheduling import reschedule_group
from bot.services import get_services
from bot.texts import Html, t
from jobs.categories import MAX_TRACKED, check_categories
from jobs.group_settings import (
    DIGEST_SIZE_MAX,
    DIGEST_SIZE_MIN,
    KEYWORD_MAX_LENGTH,
    KEYWORDS_MAX,
    add_keywords,
    parse_digest_size,
    parse_digest_time,
    parse_timezone,
    remove_keywords,
    split_keywords,
)
from store.groups import Group, get_group, update_group
from store.reminders import reminder_settings


def settings_lines(group: Group) -> list[Html]:
    """Each setting on its own line; other features append theirs (e.g. reminders)."""
    keywords = [k for k in group.keywords if not k.startswith("-")]
    exclusions = [k.removeprefix("-") for k in group.keywords if k.startswith("-")]
    lines = [
        t("settings.categories", categories=", ".join(group.categories)),
        t("settings.keywords", keywords=", ".join(keywords))
        if keywords
        else t("settings.keywords_none"),
    ]
    if exclusions:
        lines.append(t("settings.exclusions", exclusions=", ".join(exclusions)))
    lines.append(
        t(
            "settings.schedule",
            size=group.digest_size,
            time=group.digest_time,
            timezone=group.timezone,
        )
    )
    return lines


def settings_message(group: Group, lines: list[Html]) -> Html:
    """The /settings answer: a title, then the lines."""
    return Html("\n".join([t("settings.title", title=group.title or str(group.chat_id)), *lines]))


async def _admin_group(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Group | None:
    """The group this command may change, after telling anyone else politely why not."""
    message, chat = update.effective_message, update.effective_chat
    assert message is not None and chat is not None
    if not is_group_chat(chat):
        await message.reply_text(t("settings.groups_only"))
        return None
    if not await is_admin(update, context):
        await message.reply_text(t("settings.admins_only"))
        return None
    return get_group(get_services(context).db, chat.id)


def _message(update: Update) -> Message:
    assert update.effective_message is not None
    return update.effective_message


async def track(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Follow more arXiv categories (validated against the shipped taxonomy)."""
    group = await _admin_group(update, context)
    if group is None:
        return
    check = check_categories(context.args or [])
    if check.unknown:
        await _message(update).reply_text(
            t("settings.unknown_categories", unknown=preview(", ".join(check.unknown)))
        )
        return
    if not check.known:
        await _message(update).reply_text(t("settings.track_usage"))
        return
    categories = list(dict.fromkeys([*group.categories, *check.known]))
    if len(categories) > MAX_TRACKED:
        await _message(update).reply_text(t("settings.too_many_categories", limit=MAX_TRACKED))
        return
    services = get_services(context)
    group = update_group(services.db, group.chat_id, services.clock(), categories=categories)
    await _message(update).reply_text(
        t("settings.tracking", categories=", ".join(group.categories))
    )


async def untrack(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop following categories; a group keeps at least one."""
    group = await _admin_group(update, context)
    if group is None:
        return
    check = check_categories(context.args or [])
    if check.unknown:
        await _message(update).reply_text(
            t("settings.unknown_categories", unknown=preview(", ".join(check.unknown)))
        )
        return
    if not check.known:
        await _message(update).reply_text(t("settings.untrack_usage"))
        return
    missing = [c for c in check.known if c not in group.categories]
    if missing:
        await _message(update).reply_text(
            t(
                "settings.not_tracked",
                categories=", ".join(missing),
                tracked=", ".join(group.categories),
            )
        )
        return
    categories = [c for c in group.categories if c not in check.known]
    if not categories:
        await _message(update).reply_text(
            t("settings.last_category", category=", ".join(check.known))
        )
        return
    services = get_services(context)
    group = update_group(services.db, group.chat_id, services.clock(), categories=categories)
    await _message(update).reply_text(
        t("settings.tracking", categories=", ".join(group.categories))
    )


async def keywords(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show, add, remove or clear the keywords ("-word" excludes papers that mention it)."""
    group = await _admin_group(update, context)
    if group is None:
        return
    args = context.args or []
    action = args[0].lower() if args else "show"
    rest = " ".join(args[1:])
    current = list(group.keywords)
    bad = t("settings.keywords_bad", length=KEYWORD_MAX_LENGTH, limit=KEYWORDS_MAX)
    if action == "show" and len(args) <= 1:
        new = current
    elif action == "clear" and len(args) == 1:
        new = []
    elif action == "add" and rest:
        words = split_keywords(rest)
        added = add_keywords(current, words) if words is not None else None
        if added is None:
            await _message(update).reply_text(bad)
            return
        new = added
    elif action == "remove" and rest:
        words = split_keywords(rest)
        if words is None:
            await _message(update).reply_text(bad)
            return
        new, missing = remove_keywords(current, words)
        if missing:
            await _message(update).reply_text(
                t("settings.keywords_missing", keywords=preview(", ".join(missing)))
            )
            return
    else:
        await _message(update).reply_text(t("settings.keywords_usage"))
        return
    if new != current:
        services = get_services(context)
        group = update_group(services.db, group.chat_id, services.clock(), keywords=new)
    if group.keywords:
        await _message(update).reply_text(
            t("settings.keywords_now", keywords=", ".join(group.keywords))
        )
    else:
        await _message(update).reply_text(t("settings.keywords_empty"))


async def _set_one(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    parse: Callable[[str], object | None],
    column: str,
    usage: Html,
    done: Callable[[Group], Html],
) -> None:
    """Parse the one value, store it in `column`, rebuild the group's jobs, confirm (or explain)."""
    group = await _admin_group(update, context)
    if group is None:
        return
    value = parse(" ".join(context.args or []))
    if value is None:
        await _message(update).reply_text(usage)
        return
    services = get_services(context)
    group = update_group(services.db, group.chat_id, services.clock(), **{column: value})
    reschedule_group(context.application, group.chat_id)
    await _message(update).reply_text(done(group))


async def digest_time(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Set when the daily digest is posted (HH:MM in the group's time zone)."""
    await _set_one(
        update,
        context,
        parse_digest_time,
        "digest_time",
        t("settings.time_usage"),
        lambda g: t("settings.time_set", time=g.digest_time, timezone=g.timezone),
    )


async def timezone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Set the group's time zone (IANA name); the digest keeps its local time."""
    await _set_one(
        update,
        context,
        parse_timezone,
        "timezone",
        t("settings.timezone_usage"),
        lambda g: t("settings.timezone_set", timezone=g.timezone, time=g.digest_time),
    )


async def digest_size(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Set how many papers the digest shows."""
    await _set_one(
        update,
        context,
        parse_digest_size,
        "digest_size",
        t("settings.size_usage", low=DIGEST_SIZE_MIN, high=DIGEST_SIZE_MAX),
        lambda g: t("settings.size_set", size=g.digest_size),
    )


async def show_settings(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """All of the group's settings at a glance."""
    group = await _admin_group(update, context)
    if group is None:
        return
    lines = settings_lines(group)
    reminder = reminder_settings(get_services(context).db, group.chat_id)
    if reminder is not None:
        lines.append(reminder_line(reminder))
    await _message(update).reply_text(settings_message(group, lines))


COMMANDS = [
    Command("track", track, args="<category> ...", admins_only=True),
    Command("untrack", untrack, args="<category> ...", admins_only=True),
    Command("keywords", keywords, args="[add/remove/clear] [words]", admins_only=True),
    Command("digest_time", digest_time, args="<HH:MM>", admins_only=True),
    Command("timezone", timezone, args="<Area/City>", admins_only=True),
    Command("digest_size", digest_size, args="<1-50>", admins_only=True),
    Command("settings", show_settings, admins_only=True),
]
HANDLERS: list[BaseHandler] = []  # type: ignore[type-arg]
