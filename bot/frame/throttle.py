"""The flood throttle: a member who sends commands faster than anyone reads gets one notice and
is ignored for a while, so one member's burst never delays everyone else's answers."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from enum import Enum

FLOOD_LIMIT = 10  # commands a member may send within FLOOD_WINDOW seconds; the next one is a flood
FLOOD_WINDOW = 10.0
FLOOD_MUTE = 60.0  # seconds a flooding member's commands are ignored after the notice
# Page turns (a /search's Next and Previous) are reading, not flooding: they are not counted
# above. Their own bound only keeps a script from editing one message without end: past
# PAGE_LIMIT turns within FLOOD_WINDOW, turns are answered silently for one window; no mute.
PAGE_LIMIT = 40


class FloodVerdict(Enum):
    """What to do with one command."""

    ANSWER = "answer"
    WARN = "warn"  # the command that crossed the limit: send the notice, handle nothing
    IGNORE = "ignore"  # a command during the mute: no reply at all


@dataclass
class FloodGate:
    """Pure bookkeeping of recent commands per sender; the caller passes `now` (monotonic s)."""

    limit: int = FLOOD_LIMIT
    window: float = FLOOD_WINDOW
    mute: float = FLOOD_MUTE
    _recent: dict[int, deque[float]] = field(default_factory=dict)
    _muted_until: dict[int, float] = field(default_factory=dict)
    _swept_at: float = float("-inf")

    def check(self, sender: int, now: float) -> FloodVerdict:
        """Record one command of `sender` at `now` and say how to treat it."""
        self._sweep(now)
        muted_until = self._muted_until.get(sender)
        if muted_until is not None:
            if now < muted_until:
                return FloodVerdict.IGNORE
            del self._muted_until[sender]
        recent = self._recent.setdefault(sender, deque())
        while recent and recent[0] <= now - self.window:
            recent.popleft()
        if len(recent) >= self.limit:
            del self._recent[sender]
            self._muted_until[sender] = now + self.mute
            return FloodVerdict.WARN
        recent.append(now)
        return FloodVerdict.ANSWER

    @classmethod
    def for_page_turns(cls) -> FloodGate:
        """The bound for page turns: many more, and a pause of one window, never a mute."""
        return cls(limit=PAGE_LIMIT, window=FLOOD_WINDOW, mute=FLOOD_WINDOW)

    @property
    def tracked(self) -> int:
        """Senders the gate remembers (quiet ones are forgotten within a window or a mute)."""
        return len(self._recent) + len(self._muted_until)

    def _sweep(self, now: float) -> None:
        """Forget senders with nothing recent and no mute, at most once per window."""
        if now - self._swept_at < self.window:
            return
        self._swept_at = now
        for sender in [s for s, times in self._recent.items() if times[-1] <= now - self.window]:
            del self._recent[sender]
        for sender in [s for s, until in self._muted_until.items() if until <= now]:
            del self._muted_until[sender]
