"""One process-wide pacer for arXiv: one connection at a time, requests at least 3 s apart."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from types import TracebackType

ARXIV_MIN_INTERVAL = 3.0  # arXiv's terms of use, for the API and RSS alike


class Pacer:
    """A lock that also keeps `min_interval` seconds between the requests made under it."""

    def __init__(
        self,
        min_interval: float = ARXIV_MIN_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.min_interval = min_interval
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._last: float | None = None

    def __enter__(self) -> Pacer:
        self._lock.acquire()
        if self._last is not None:
            wait = self._last + self.min_interval - self._clock()
            if wait > 0:
                self._sleep(wait)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Measured from the end of the request, so a slow answer never shortens the gap.
        self._last = self._clock()
        self._lock.release()
