"""Where an update (or a group's job) happens: the group, the member and the language to
answer in, set once early and read by any handler; the text lookup reads the language."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

from bot.texts import DEFAULT_LANGUAGE, current_language, languages
from store.db import Database
from store.groups import Group, get_group


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
    """The member's Telegram language when we have it, else English (groups get theirs later)."""
    code = (member_language or "").split("-")[0].lower()
    return code if code in languages() else DEFAULT_LANGUAGE


def enter(place: Here) -> None:
    """Make `place` current for the rest of this task (an update's handlers, or one job run)."""
    _here.set(place)
    current_language.set(place.language)


def enter_group(db: Database, chat_id: int) -> None:
    """A group's job runs: make its group and language current (a job is its own task)."""
    group = get_group(db, chat_id)
    enter(Here(group, None, language_for(group, None)))
