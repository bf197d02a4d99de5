"""Build the Application: request layer, rate limiter, defaults, typed state, every feature's
commands (behind their guards) and handlers, and the start-up hooks."""

from __future__ import annotations

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    CommandHandler,
    Defaults,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest, HTTPXRequest

from bot.frame.commands import Command
from bot.frame.errors import on_error
from bot.frame.features import Feature
from bot.frame.guards import guarded
from bot.frame.menus import set_menus
from bot.frame.services import Services
from bot.frame.state import CONTEXT_TYPES, App, Context
from bot.frame.update_order import PerChatProcessor
from bot.handlers import (
    catalog,
    claims,
    core,
    digest,
    language,
    notes,
    ops,
    reminders,
    search,
    sessions,
    settings,
    summaries,
    topics,
    web,
    welcome,
)
from bot.handlers.flood import FLOOD_GROUP, FLOOD_HANDLERS
from bot.outbound.work import build_scheduled_work, ensure_group_jobs

# The features, in the order their commands appear in /help and the menu.
FEATURES: tuple[Feature, ...] = (
    core.FEATURE,
    claims.FEATURE,
    notes.FEATURE,
    search.FEATURE,
    web.FEATURE,
    catalog.FEATURE,
    digest.FEATURE,
    settings.FEATURE,
    reminders.FEATURE,
    sessions.FEATURE,
    topics.FEATURE,
    language.FEATURE,
    summaries.FEATURE,
    ops.FEATURE,  # near the end: its catch-all button handler takes only what the others did not
    welcome.FEATURE,  # last: its catch-all message handlers answer only what no other feature takes
)


def registered_commands() -> list[Command]:
    """Every command of every feature, in /help order."""
    return [command for feature in FEATURES for command in feature.commands]


def build_application(
    services: Services,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
) -> App:
    """The bot, wired; tests pass requests whose transport is the fake Bot API."""
    settings = services.settings
    builder = (
        Application.builder()
        .token(settings.telegram_bot_token)
        .base_url(settings.bot_base_url)
        .base_file_url(settings.bot_file_url)
        .context_types(CONTEXT_TYPES)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .rate_limiter(AIORateLimiter(max_retries=3))
        .request(request or HTTPXRequest(connection_pool_size=8))
        .get_updates_request(get_updates_request or HTTPXRequest(read_timeout=30.0))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        # Chats are handled concurrently, each in its own order: no chat waits for another.
        .concurrent_updates(PerChatProcessor())
    )
    application: App = builder.build()
    state = application.bot_data
    state.services = services
    state.features = FEATURES
    state.commands = tuple(registered_commands())
    state.work = build_scheduled_work(application, services)
    # First of all: a group not allowed gets a goodbye and nothing else.
    application.add_handler(TypeHandler(Update, ops.refuse_other_chats), group=FLOOD_GROUP - 1)
    application.add_handlers(FLOOD_HANDLERS, group=FLOOD_GROUP)
    application.add_handler(TypeHandler(Update, before_handlers), group=-1)
    for command in state.commands:
        update_filter = (
            filters.UpdateType.MESSAGES if command.handles_edits else filters.UpdateType.MESSAGE
        )
        application.add_handler(
            CommandHandler(command.name, guarded(command), filters=update_filter)
        )
    for feature in FEATURES:
        for handler in feature.handlers:
            application.add_handler(handler)
    application.add_error_handler(on_error)
    return application


async def before_handlers(update: Update, context: Context) -> None:
    """Record who wrote where (and make the place current), then give a group just met its
    daily jobs, so they exist before its first command is answered (the plans are read
    through the catalog's readers, which takes a moment off the loop)."""
    await core.record_activity(update, context)
    await ensure_group_jobs(update, context)


async def post_init(application: App) -> None:
    """Set the command menu and rebuild every scheduled job from the catalog."""
    await set_menus(application.bot, application.bot_data.commands)
    for feature in application.bot_data.features:
        if feature.on_startup is not None:
            await feature.on_startup(application)


async def post_shutdown(application: App) -> None:
    """Write the digest parts' kept records, then stop the digest builder's and the catalog's
    worker threads and close every connection they opened (the semantic ranker's too)."""
    if application.bot_data.work is not None:
        await application.bot_data.work.digests.write_kept_records()
        if application.bot_data.work.summaries is not None:  # a hanging request ends here
            await application.bot_data.work.summaries.close()
        application.bot_data.work.builder.close()
    application.bot_data.services.catalog.close()
