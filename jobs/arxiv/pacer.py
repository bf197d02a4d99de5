"""One process-wide pacer for arXiv (API and RSS alike), with a lane for members' look-ups.

What arXiv's "one request every 3 s" means here, precisely: the *starts* of requests are
spaced at least `min_interval` seconds apart across the whole process, whichever lane they
come from. A request still running does not hold the next start back: otherwise a feed fetch
hanging for its 30 s timeout would hold a member's /paper for as long. Each lane runs one
request at a time, so at most two connections are ever open (one per lane), and two only when
the earlier request has been running for more than the interval. When both lanes wait for the
next start, the interactive lane goes first. Waiting for a turn has a deadline
(`PacerTimeout`), so a caller that has given up never sends its request later.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum

ARXIV_MIN_INTERVAL = 3.0  # arXiv's terms of use, for the API and RSS alike


class Lane(Enum):
    """Who is asking: a member waiting for an answer, or scheduled work nobody watches."""

    INTERACTIVE = "interactive"  # /paper, /claim, /note of a paper not stored yet
    BACKGROUND = "background"  # feed fetches, metadata backfill


class PacerTimeout(Exception):
    """No turn came before the caller's deadline; nothing was sent."""


def seconds_until_turn(
    lane: Lane,
    now: float,
    *,
    last_start: float | None,
    busy: frozenset[Lane],
    interactive_waiting: bool,
    min_interval: float,
) -> float | None:
    """Pure: 0 to start now, seconds until the next start slot, or None while the lane is
    busy (or, for the background lane, while a member's look-up waits for the same slot)."""
    if lane in busy:
        return None
    if lane is Lane.BACKGROUND and interactive_waiting and Lane.INTERACTIVE not in busy:
        return None
    if last_start is None:
        return 0.0
    return max(0.0, last_start + min_interval - now)


class Pacer:
    """Hands out request starts, `min_interval` seconds apart, to worker threads."""

    def __init__(self, min_interval: float = ARXIV_MIN_INTERVAL) -> None:
        self.min_interval = min_interval
        self._changed = threading.Condition()
        self._last_start: float | None = None
        self._busy: set[Lane] = set()
        self._interactive_waiting = 0

    @contextmanager
    def turn(self, lane: Lane, timeout: float | None = None) -> Iterator[None]:
        """Hold a turn of `lane` for one request (blocking: call it from a worker thread)."""
        self._acquire(lane, timeout)
        try:
            yield
        finally:
            with self._changed:
                self._busy.discard(lane)
                self._changed.notify_all()

    def _acquire(self, lane: Lane, timeout: float | None) -> None:
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._changed:
            if lane is Lane.INTERACTIVE:
                self._interactive_waiting += 1
            try:
                while True:
                    now = time.monotonic()
                    wait = seconds_until_turn(
                        lane,
                        now,
                        last_start=self._last_start,
                        busy=frozenset(self._busy),
                        interactive_waiting=self._interactive_waiting > 0,
                        min_interval=self.min_interval,
                    )
                    if wait == 0.0:
                        break
                    if deadline is not None:
                        if now >= deadline:
                            raise PacerTimeout(f"no {lane.value} turn within {timeout} s")
                        wait = deadline - now if wait is None else min(wait, deadline - now)
                    self._changed.wait(wait)
                self._busy.add(lane)
                self._last_start = now
            finally:
                if lane is Lane.INTERACTIVE:
                    self._interactive_waiting -= 1
                    self._changed.notify_all()  # a background waiter may go now
