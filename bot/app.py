"""Build the Application: request layer, rate limiter, defaults, handlers and start-up jobs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from types import ModuleType

from telegram import BotCommand, LinkPreviewOptions, Update
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

from bot.commands import Command
from bot.errors import on_error
from bot.handlers import catalog as catalog_feature
from bot.handlers import claims as claims_feature
from bot.handlers import core, search
from bot.handlers import digest as digest_feature
from bot.handlers import notes as notes_feature
from bot.handlers import reminders as reminders_feature
from bot.handlers import settings as settings_feature
from bot.services import Services
from bot.texts import t

# Feature modules, in the order their commands appear in /help and the menu.
FEATURES: Sequence[ModuleType] = (
    core,
    claims_feature,
    notes_feature,
    search,
    catalog_feature,
    digest_feature,
    settings_feature,
    reminders_feature,
)

StartupHook = Callable[[Application], Awaitable[None]]  # type: ignore[type-arg]


def registered_commands() -> list[Command]:
    """Every command of every feature, in /help order."""
    return [command for feature in FEATURES for command in feature.COMMANDS]


def build_application(
    services: Services,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
) -> Application:  # type: ignore[type-arg]
    """The bot, wired; tests pass requests whose transport is the fake Bot API."""
    settings = services.settings
    builder = (
        Application.builder()
        .token(settings.telegram_bot_token)
        .base_url(settings.bot_base_url)
        .base_file_url(settings.bot_file_url)
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
    )
    application = builder.build()
    application.bot_data["services"] = services
    commands = registered_commands()
    application.bot_data["commands"] = commands
    application.bot_data["features"] = FEATURES
    application.add_handler(TypeHandler(Update, core.record_activity), group=-1)
    for command in commands:
        update_filter = (
            filters.UpdateType.MESSAGES if command.handles_edits else filters.UpdateType.MESSAGE
        )
        application.add_handler(
            CommandHandler(command.name, command.callback, filters=update_filter)
        )
    for feature in FEATURES:
        for handler in getattr(feature, "HANDLERS", ()):
            application.add_handler(handler)
    application.add_error_handler(on_error)
    return application


async def post_init(application: Application) -> None:  # type: ignore[type-arg]
    """Set the command menu and rebuild every scheduled job from the catalog."""
    await application.bot.set_my_commands(
        [BotCommand(c.name, t(c.help_key)[:256]) for c in application.bot_data["commands"]]
    )
    for feature in FEATURES:
        hook: StartupHook | None = getattr(feature, "on_startup", None)
        if hook is not None:
            await hook(application)
