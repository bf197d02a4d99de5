"""A short-lived memory of who administers which group, so a burst of commands costs one
getChatMember lookup (bot/frame/admins.py asks and fills it)."""

from __future__ import annotations

import time

ADMIN_CACHE_SECONDS = 60.0


class AdminCache:
    """(chat, user) → is admin, for a short while, so a burst of commands costs one lookup."""

    def __init__(self, ttl: float = ADMIN_CACHE_SECONDS) -> None:
        self.ttl = ttl
        self._entries: dict[tuple[int, int], tuple[bool, float]] = {}

    def get(self, chat_id: int, user_id: int) -> bool | None:
        entry = self._entries.get((chat_id, user_id))
        if entry is None or entry[1] < time.monotonic():
            return None
        return entry[0]

    def put(self, chat_id: int, user_id: int, is_admin: bool) -> None:
        self._entries[(chat_id, user_id)] = (is_admin, time.monotonic() + self.ttl)
