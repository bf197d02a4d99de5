"""A feature declared as data: its commands, its other handlers and its hooks, all explicit,
so a misspelt hook is a type error instead of silently doing nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from telegram.ext import BaseHandler

from bot.frame.commands import Command
from bot.frame.state import App, Context

StartupHook = Callable[[App], Awaitable[None]]
GroupHook = Callable[[App, int], None]
Handler = BaseHandler[Any, Context, Any]


@dataclass(frozen=True)
class Feature:
    """One feature of the bot, as the application wires it (in /help order)."""

    name: str
    commands: tuple[Command, ...] = ()
    handlers: tuple[Handler, ...] = ()
    on_startup: StartupHook | None = None  # after start: rebuild jobs, catch up
    on_group_changed: GroupHook | None = None  # a group's settings or id changed: its jobs
