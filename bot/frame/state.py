"""The application's state as one typed object (PTB's `ContextTypes(bot_data=...)`), the typed
custom context every handler and job receives (PTB's `ContextTypes(context=...)`, as in its
examples/contexttypesbot.py), the typed application alias, and the registry the state holds:
commands and features (declared here because their callbacks take the context that carries
them; bot/frame/commands.py and features.py are the names handlers import)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import Application, BaseHandler, CallbackContext, ContextTypes, ExtBot

from bot.frame.admin_cache import AdminCache

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.frame.services import Services
    from bot.frame.work import ScheduledWork
    from jobs.operator import OperatorReports
    from store.workers import CatalogWorkers


@dataclass
class AppState:
    """Everything handlers and jobs share; PTB creates it empty, build_application fills it."""

    _services: Services | None = None
    commands: tuple[Command, ...] = ()
    features: tuple[Feature, ...] = ()
    admin_cache: AdminCache = field(default_factory=AdminCache)
    _work: ScheduledWork | None = None  # wired by bot/outbound/work.py: watcher, digests, reminders
    operator: OperatorReports | None = None  # bot/handlers/ops.py: heartbeat, errors, health

    @property
    def services(self) -> Services:
        """The services; set once, before the application starts."""
        if self._services is None:
            raise RuntimeError("build_application sets the services")
        return self._services

    @services.setter
    def services(self, services: Services) -> None:
        self._services = services

    @property
    def work(self) -> ScheduledWork:
        """The scheduled work; wired once, before the application starts."""
        if self._work is None:
            raise RuntimeError("build_application wires the scheduled work")
        return self._work

    @work.setter
    def work(self, work: ScheduledWork) -> None:
        self._work = work


class Context(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], AppState]):
    """What every handler and job callback receives: typed shortcuts to the shared state."""

    @property
    def services(self) -> Services:
        return self.bot_data.services

    @property
    def work(self) -> ScheduledWork:
        return self.bot_data.work

    @property
    def catalog(self) -> CatalogWorkers:
        """The catalog's reader and writer workers (off the event loop)."""
        return self.bot_data.services.catalog

    @property
    def settings(self) -> Settings:
        return self.bot_data.services.settings

    @property
    def clock(self) -> Callable[[], datetime]:
        return self.bot_data.services.clock


# Loose where PTB's own annotations are (CallbackContext.application leaves the context type
# open): what matters to us is the typed state.
App = Application[Any, Any, Any, Any, AppState, Any]
CONTEXT_TYPES = ContextTypes(context=Context, bot_data=AppState)

Callback = Callable[[Update, Context], Coroutine[Any, Any, None]]
ArgumentsTest = Callable[[Sequence[str]], bool]


def without_arguments(args: Sequence[str]) -> bool:
    """A bare command only shows what is set: any member may."""
    return not args


@dataclass(frozen=True)
class Command:
    """One slash command: its name, argument syntax, help text key, callback and guards.

    The guards are enforced in one place (bot/frame/guards.py) before the callback runs."""

    name: str
    callback: Callback
    args: str = ""  # syntax shown in /help, e.g. "<id> [due]"
    group_only: bool = False  # used in groups only
    admins_only: bool = False  # only the group's admins (an anonymous admin counts)
    # With admins_only: the arguments that only show something, which any member may use.
    members_may: ArgumentsTest | None = None
    own_account: bool = False  # files something under the sender: not as the group/a channel
    handles_edits: bool = False  # an edited command message is ignored unless this is set

    @property
    def help_key(self) -> str:
        """The text key of the one-line description."""
        return f"cmd.{self.name}"


StartupHook = Callable[[App], Awaitable[None]]
GroupHook = Callable[[App, int], Awaitable[None]]
Handler = BaseHandler[Any, Context, Any]


@dataclass(frozen=True)
class Feature:
    """One feature of the bot, as the application wires it (in /help order)."""

    name: str
    commands: tuple[Command, ...] = ()
    handlers: tuple[Handler, ...] = ()
    on_startup: StartupHook | None = None  # after start: rebuild jobs, catch up
    on_group_changed: GroupHook | None = None  # a group's settings or id changed: its jobs
