"""One at a time, cheapest first: builds wait their turn for the one worker, and the cheapest
waiting build goes next, so small groups are not queued behind large catalogs."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class CheapestFirst:
    """An asyncio lock whose waiters are served by ascending cost (then arrival)."""

    def __init__(self) -> None:
        self._busy = False
        self._waiting: list[tuple[int, int, asyncio.Future[None]]] = []
        self._arrival = itertools.count()

    @asynccontextmanager
    async def turn(self, cost: int) -> AsyncIterator[None]:
        """Hold the one turn while the block runs."""
        if self._busy:
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            heapq.heappush(self._waiting, (cost, next(self._arrival), waiter))
            try:
                await waiter
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled():
                    self._hand_on()  # it was our turn: pass it on
                raise
        self._busy = True
        try:
            yield
        finally:
            self._hand_on()

    def _hand_on(self) -> None:
        while self._waiting:
            _, _, waiter = heapq.heappop(self._waiting)
            if not waiter.done():
                waiter.set_result(None)  # the turn passes directly: still busy
                return
        self._busy = False
