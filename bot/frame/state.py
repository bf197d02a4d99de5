"""The application's state as one typed object (PTB's `ContextTypes(bot_data=...)`), and the
typed aliases every handler and job uses instead of string keys in a dict."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.frame.admins import AdminCache

if TYPE_CHECKING:
    from bot.frame.commands import Command
    from bot.frame.features import Feature
    from bot.frame.services import Services
    from bot.outbound.work import ScheduledWork
    from jobs.operator import OperatorReports


@dataclass
class AppState:
    """Everything handlers and jobs share; PTB creates it empty, build_application fills it."""

    _services: Services | None = None
    commands: tuple[Command, ...] = ()
    features: tuple[Feature, ...] = ()
    admin_cache: AdminCache = field(default_factory=AdminCache)
    work: ScheduledWork | None = None  # bot/outbound/work.py: the watcher, digests, reminders
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


Context = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], AppState]
# Loose where PTB's own annotations are (CallbackContext.application leaves the context type
# open): what matters to us is the typed state.
App = Application[Any, Any, Any, Any, AppState, Any]
CONTEXT_TYPES = ContextTypes(bot_data=AppState)
