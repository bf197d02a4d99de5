"""One schedule abstraction for per-group daily work (the digest, the reminders): a job per
group at its local time, rebuilt at start and after a settings change, reconciled every few
minutes with changes made elsewhere (`paperclub group`), and caught up once after a restart."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, time
from typing import Protocol

log = logging.getLogger(__name__)

# A job that starts late while the bot runs (busy loop, suspended machine) still runs, once,
# within this window; APScheduler's default grace is 1 s. It does NOT cover a restart: jobs are
# rebuilt at start and their next run counts from then, so GroupSchedule.start catches up what
# a stop made it miss (each kind says what "missed" means, within this same window).
MISFIRE_GRACE_SECONDS = 6 * 3600
RECONCILE_SECONDS = 600  # settings changed by `paperclub group` reach the jobs within this
CATCH_UP_DELAY = 1.0  # seconds after start: let the bot finish starting first

Run = Callable[[], Awaitable[None]]


class Timer(Protocol):
    """The job queue, as scheduled work sees it (jobs are named; a name is never doubled)."""

    def daily(self, name: str, at: time, run: Run, *, chat_id: int | None = None) -> None:
        """Run every day at the tz-aware `at`, replacing any job of that name."""
        ...

    def once(self, name: str, delay: float, run: Run, *, chat_id: int | None = None) -> None:
        """Run once after `delay` seconds, unless a job of that name is already waiting."""
        ...

    def every(self, name: str, seconds: float, run: Run) -> None:
        """Run every `seconds` (the first time after `seconds`)."""
        ...

    def cancel(self, name: str) -> None:
        """Drop the jobs of that name."""
        ...

    def has(self, name: str) -> bool:
        """Whether a job of that name is scheduled."""
        ...


@dataclass(frozen=True)
class Plan:
    """When one group's job runs: a tz-aware local time (its zone and clock, for comparing)."""

    at: time

    @property
    def signature(self) -> tuple[str, str]:
        return str(self.at.tzinfo), self.at.strftime("%H:%M")


class GroupSchedule:
    """The daily jobs of one kind, one per active group."""

    def __init__(
        self,
        kind: str,
        timer: Timer,
        plans: Callable[[], Awaitable[Mapping[int, Plan]]],
        run: Callable[[int], Awaitable[None]],
        missed: Callable[[int, Plan, datetime], Awaitable[bool]],
    ) -> None:
        """`plans` reads every active group's plan; `run` does a group's work; `missed` says
        whether a (re)start at a moment skipped a run of that group (both read the catalog
        through its readers: awaited, never on the loop's own connection)."""
        self.kind = kind
        self.timer = timer
        self._plans = plans
        self._run = run
        self._missed = missed
        self._scheduled: dict[int, tuple[str, str]] = {}
        # one change at a time: a rebuild's read of the plans must not be overtaken by a later
        # change's cancel (a group just left would get its job back)
        self._changing = asyncio.Lock()

    def job_name(self, chat_id: int) -> str:
        """The group's daily job (tests and the status view look it up by name)."""
        return f"{self.kind}:{chat_id}"

    async def start(self, now: datetime) -> None:
        """Schedule every active group, catch up runs a stop missed, keep in step from now."""
        for chat_id, plan in (await self._plans()).items():
            self._schedule(chat_id, plan)
            if await self._missed(chat_id, plan, now):
                log.info("%s of %s missed while stopped: running it now", self.kind, chat_id)
                self.timer.once(
                    f"{self.kind}-late:{chat_id}",
                    CATCH_UP_DELAY,
                    self._runner(chat_id),
                    chat_id=chat_id,
                )
        self.timer.every(f"{self.kind}-reconcile", RECONCILE_SECONDS, self.reconcile)

    async def rebuild(self, chat_id: int) -> None:
        """The group's settings or id changed: reschedule its job, or drop it if it is gone."""
        async with self._changing:
            await self._rebuild(chat_id)

    async def _rebuild(self, chat_id: int) -> None:
        plan = (await self._plans()).get(chat_id)
        if plan is None:
            self.timer.cancel(self.job_name(chat_id))
            self._scheduled.pop(chat_id, None)
        else:
            self._schedule(chat_id, plan)

    async def ensure(self, chat_id: int) -> None:
        """A group the bot has just met gets its job without waiting for the reconcile."""
        async with self._changing:
            if chat_id not in self._scheduled:
                await self._rebuild(chat_id)

    async def reconcile(self) -> None:
        """Follow changes made outside this process (new groups, times, zones, groups left)."""
        async with self._changing:
            plans = await self._plans()
            for chat_id in set(self._scheduled) | set(plans):
                plan = plans.get(chat_id)
                if plan is None or self._scheduled.get(chat_id) != plan.signature:
                    await self._rebuild(chat_id)

    def _schedule(self, chat_id: int, plan: Plan) -> None:
        if plan.at.tzinfo is None:
            raise ValueError("a job time must carry its time zone")
        self.timer.daily(self.job_name(chat_id), plan.at, self._runner(chat_id), chat_id=chat_id)
        self._scheduled[chat_id] = plan.signature

    def _runner(self, chat_id: int) -> Run:
        async def run() -> None:
            await self._run(chat_id)

        return run
