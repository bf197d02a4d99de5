"""Group settings: /track /untrack /keywords /digest_time /timezone /digest_size change them
(admins only, as their Commands declare), /settings and /keywords show them to anyone. Bad
values say what is accepted and change nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from telegram import Message, Update

from bot.frame.commands import Command
from bot.frame.errors import what_failed
from bot.frame.features import Feature
from bot.frame.here import here
from bot.frame.state import Context
from bot.outbound.work import reschedule_group
from bot.render.lists import listed
from bot.render.papers import preview
from bot.render.reminders import settings_line as reminder_line
from bot.render.settings import settings_lines, settings_message
from bot.render.summaries import summaries_line
from bot.texts import Html, t
from jobs.arxiv.categories import MAX_TRACKED, check_categories
from jobs.rank.keywords import is_cjk
from store.group_buttons import not_for_us_on
from store.groups import Group, update_group
from store.parse.glossary import english_forms
from store.parse.settings import (
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
from store.parse.zones import zone_label
from store.reminders import reminder_settings
from store.summaries import summaries_enabled


def chinese_keyword_note(keyword: str) -> Html:
    """Whether a Chinese keyword can match arXiv's English titles and abstracts (issue 9)."""
    core = keyword.removeprefix("-").strip()
    english = english_forms(core)
    if english:
        return t("settings.keyword_cjk_english", keyword=core, english=listed(english))
    return t("settings.keyword_cjk_only", keyword=core)


async def _group(update: Update, context: Context) -> Group | None:
    """The group the command came from, as the activity hook stored it and made it current.
    A new group's first command while another process holds the write lock finds none (the
    hook went on without recording it): the member is told nothing was saved, and None is
    returned so the handler stops."""
    group, chat = here().group, update.effective_chat
    if group is not None and chat is not None and group.chat_id == chat.id:
        return group
    await _message(update).reply_text(t("error.not_saved_busy", what=what_failed(update)))
    return None


def showing_keywords(args: Sequence[str]) -> bool:
    """`/keywords` or `/keywords show` only shows them: any member may."""
    return not args or (len(args) == 1 and args[0].lower() == "show")


def _message(update: Update) -> Message:
    """The command's message: every settings command is one (its handler has no other kind)."""
    message = update.effective_message
    if message is None:
        raise RuntimeError("a settings command without a message")
    return message


async def track(update: Update, context: Context) -> None:
    """Follow more arXiv categories (validated against the shipped taxonomy)."""
    group = await _group(update, context)
    if group is None:
        return
    check = check_categories(context.args or [])
    if check.unknown:
        await _message(update).reply_text(
            t("settings.unknown_categories", unknown=preview(listed(check.unknown)))
        )
        return
    if not check.known:
        await _message(update).reply_text(t("settings.track_usage"))
        return
    categories = list(dict.fromkeys([*group.categories, *check.known]))
    if len(categories) > MAX_TRACKED:
        await _message(update).reply_text(t("settings.too_many_categories", limit=MAX_TRACKED))
        return
    services = context.services
    group = await services.catalog.write(
        update_group, group.chat_id, services.clock(), categories=categories
    )
    await _message(update).reply_text(t("settings.tracking", categories=listed(group.categories)))


async def untrack(update: Update, context: Context) -> None:
    """Stop following categories; a group keeps at least one."""
    group = await _group(update, context)
    if group is None:
        return
    check = check_categories(context.args or [])
    if check.unknown:
        await _message(update).reply_text(
            t("settings.unknown_categories", unknown=preview(listed(check.unknown)))
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
                categories=listed(missing),
                tracked=listed(group.categories),
            )
        )
        return
    categories = [c for c in group.categories if c not in check.known]
    if not categories:
        await _message(update).reply_text(t("settings.last_category", category=listed(check.known)))
        return
    services = context.services
    group = await services.catalog.write(
        update_group, group.chat_id, services.clock(), categories=categories
    )
    await _message(update).reply_text(t("settings.tracking", categories=listed(group.categories)))


async def keywords(update: Update, context: Context) -> None:
    """Show, add, remove or clear the keywords ("-word" excludes papers that mention it)."""
    group = await _group(update, context)
    if group is None:
        return
    args = context.args or []
    action = args[0].lower() if args else "show"
    rest = " ".join(args[1:])
    if action not in ("show", "clear", "add", "remove"):  # words alone: add them
        action, rest = "add", " ".join(args)
    current = list(group.keywords)
    notes: list[Html] = []
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
        notes = [chinese_keyword_note(word) for word in words or () if is_cjk(word)]
    elif action == "remove" and rest:
        words = split_keywords(rest)
        if words is None:
            await _message(update).reply_text(bad)
            return
        new, missing = remove_keywords(current, words)
        if missing:
            await _message(update).reply_text(
                t("settings.keywords_missing", keywords=preview(listed(missing)))
            )
            return
    else:
        await _message(update).reply_text(t("settings.keywords_usage"))
        return
    if new != current:
        services = context.services
        group = await services.catalog.write(
            update_group, group.chat_id, services.clock(), keywords=new
        )
    if group.keywords:
        now = t("settings.keywords_now", keywords=listed(group.keywords))
        await _message(update).reply_text(Html("\n".join([now, *notes])))
    else:
        await _message(update).reply_text(t("settings.keywords_empty"))


async def _set_one(
    update: Update,
    context: Context,
    parse: Callable[[str], object | None],
    column: str,
    usage: Html,
    done: Callable[[Group], Html],
    shown: Callable[[Group], Html] | None = None,
) -> None:
    """Parse the one value, store it in `column`, rebuild the group's jobs, confirm (or explain);
    with no value, what is set (`shown`) when there is a way to say it."""
    group = await _group(update, context)
    if group is None:
        return
    if shown is not None and not context.args:
        await _message(update).reply_text(shown(group))
        return
    value = parse(" ".join(context.args or []))
    if value is None:
        await _message(update).reply_text(usage)
        return
    services = context.services
    group = await services.catalog.write(
        update_group, group.chat_id, services.clock(), **{column: value}
    )
    await reschedule_group(context.application, group.chat_id)
    await _message(update).reply_text(done(group))


async def digest_time(update: Update, context: Context) -> None:
    """Set when the daily digest is posted (HH:MM in the group's time zone)."""
    await _set_one(
        update,
        context,
        parse_digest_time,
        "digest_time",
        t("settings.time_usage"),
        lambda g: t("settings.time_set", time=g.digest_time, timezone=zone_label(g.timezone)),
    )


async def timezone(update: Update, context: Context) -> None:
    """Set the group's time zone (IANA name); the digest keeps its local time."""
    await _set_one(
        update,
        context,
        parse_timezone,
        "timezone",
        t("settings.timezone_usage"),
        lambda g: t("settings.timezone_set", timezone=zone_label(g.timezone), time=g.digest_time),
    )


async def digest_size(update: Update, context: Context) -> None:
    """Set how many papers the digest shows; alone, say how many it shows now."""
    await _set_one(
        update,
        context,
        parse_digest_size,
        "digest_size",
        t("settings.size_usage", low=DIGEST_SIZE_MIN, high=DIGEST_SIZE_MAX),
        lambda g: t("settings.size_set", size=g.digest_size),
        lambda g: t(
            "settings.size_now", size=g.digest_size, low=DIGEST_SIZE_MIN, high=DIGEST_SIZE_MAX
        ),
    )


async def show_settings(update: Update, context: Context) -> None:
    """All of the group's settings at a glance."""
    group = await _group(update, context)
    if group is None:
        return
    lines = settings_lines(group)
    reminder = await context.catalog.read(reminder_settings, group.chat_id)
    if reminder is not None:
        lines.append(reminder_line(reminder))
    enabled = await context.catalog.read(summaries_enabled, group.chat_id)
    lines.append(summaries_line(context.settings.llm is not None, enabled))
    thumbs_down = await context.catalog.read(not_for_us_on, group.chat_id)
    lines.append(t("not_for_us.on" if thumbs_down else "not_for_us.off"))
    await _message(update).reply_text(settings_message(group, lines))


FEATURE = Feature(
    "settings",
    commands=(
        Command("track", track, args="<category> ...", group_only=True, admins_only=True),
        Command("untrack", untrack, args="<category> ...", group_only=True, admins_only=True),
        Command(
            "keywords",
            keywords,
            args="[add/remove/clear] [words]",
            members_may=showing_keywords,
            group_only=True,
            admins_only=True,
        ),
        Command("digest_time", digest_time, args="<HH:MM>", group_only=True, admins_only=True),
        Command("timezone", timezone, args="<Area/City>", group_only=True, admins_only=True),
        Command("digest_size", digest_size, args="<1-50>", group_only=True, admins_only=True),
        Command("settings", show_settings, group_only=True),
    ),
)
