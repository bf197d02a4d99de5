"""Where an update (or a group's job) happens: the group, the member and the language to
answer in, set once early and read by any handler; the text lookup reads the language."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass

from telegram import Update

from bot.frame.chats import is_group_chat
from bot.texts import DEFAULT_LANGUAGE, current_language, languages
from bot.texts.languages import language_or_default
from store.groups import Group, get_group
from store.workers import CatalogSlow, CatalogWorkers


@dataclass(frozen=True)
class Here:
    """The group (None in private), the member (None for jobs) and the language."""

    group: Group | None = None
    member_id: int | None = None
    language: str = DEFAULT_LANGUAGE


_NOWHERE = Here()
_here: ContextVar[Here | None] = ContextVar("here", default=None)


def here() -> Here:
    """The current update's (or job's) context; a handler group and its task share it."""
    return _here.get() or _NOWHERE


def language_for(group: Group | None, member_language: str | None) -> str:
    """A group speaks its own language (/language); a private chat the member's Telegram
    language when we speak it, else English."""
    if group is not None:
        return group.language if group.language in languages() else DEFAULT_LANGUAGE
    return language_or_default(member_language)


def enter(place: Here) -> None:
    """Make `place` current for the rest of this update's handlers (the activity hook): the
    update processor (bot/frame/update_order.py) runs each update inside `at(Here())`, which
    resets it when the update is done. Jobs use `in_group`, never this."""
    _here.set(place)
    current_language.set(place.language)


async def update_language(catalog: CatalogWorkers, update: Update) -> str:
    """The language to answer in before record_activity has made it current (a flood notice,
    a refusal to stay in a group): the group's if known, else the sender's. The group is read
    through the catalog's readers, never on the event loop; a catalog too slow to say gives
    the sender's."""
    chat, user = update.effective_chat, update.effective_user
    group = None
    if is_group_chat(chat) and chat is not None:
        with suppress(CatalogSlow):
            group = await catalog.look_up(get_group, chat.id)
    return language_for(group, user.language_code if user else None)


@contextmanager
def at(place: Here) -> Iterator[None]:
    """Make `place` current inside the block only; both variables are reset on the way out,
    so nothing leaks into later work of the same task (a listing fetched by one group's
    /digest delivers every waiting group, each in its own language)."""
    here_token = _here.set(place)
    language_token = current_language.set(place.language)
    try:
        yield
    finally:
        current_language.reset(language_token)
        _here.reset(here_token)


@asynccontextmanager
async def in_group(catalog: CatalogWorkers, chat_id: int | None) -> AsyncIterator[None]:
    """A job's place: its group and that group's language, or (no chat) the neutral place; the
    group is read through the catalog's readers, not on the event loop."""
    group = await catalog.look_up(get_group, chat_id) if chat_id is not None else None
    with at(Here(group, None, language_for(group, None) if group else DEFAULT_LANGUAGE)):
        yield


@asynccontextmanager
async def nowhere(_chat_id: int | None = None) -> AsyncIterator[None]:
    """The neutral place, for a chat-less job (English, no group)."""
    with at(Here()):
        yield
