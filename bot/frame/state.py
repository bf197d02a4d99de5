"""The application's state as one typed object (PTB's `ContextTypes(bot_data=...)`), the typed
custom context every handler and job receives (PTB's `ContextTypes(context=...)`, as in its
examples/contexttypesbot.py), and the typed application alias."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.frame.admins import AdminCache

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.frame.commands import Command
    from bot.frame.features import Feature
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
        assert self._services is not None, "build_application sets the services"
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
