"""jobs.schedule.Timer over PTB's JobQueue: late starts still run once, a name is never
doubled, and a group's job runs with that group as the current place (bot/frame/here.py)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import time
from typing import Any

from telegram.ext import JobQueue

from bot.frame.state import Context
from jobs.schedule import MISFIRE_GRACE_SECONDS, Run

JOB_KWARGS: dict[str, Any] = {"misfire_grace_time": MISFIRE_GRACE_SECONDS, "coalesce": True}
EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)  # PTB counts from 0 = Sunday


class JobQueueTimer:
    """Named jobs on the application's job queue."""

    def __init__(
        self,
        queue: JobQueue[Context],
        place: Callable[[int | None], AbstractAsyncContextManager[None]],
    ) -> None:
        """`place(chat_id)` makes a job's group (and language) current for its run only; a
        chat-less job (chat_id None) runs in the neutral place, whatever APScheduler captured."""
        self.queue = queue
        self.place = place

    def _callback(self, run: Run) -> Callable[[Context], Any]:
        async def callback(context: Context) -> None:
            job = context.job
            async with self.place(job.chat_id if job is not None else None):
                await run()

        return callback

    def daily(self, name: str, at: time, run: Run, *, chat_id: int | None = None) -> None:
        self.cancel(name)
        self.queue.run_daily(
            self._callback(run),
            at,
            days=EVERY_DAY,
            name=name,
            chat_id=chat_id,
            job_kwargs=JOB_KWARGS,
        )

    def once(self, name: str, delay: float, run: Run, *, chat_id: int | None = None) -> None:
        if not self.has(name):
            self.queue.run_once(
                self._callback(run), delay, name=name, chat_id=chat_id, job_kwargs=JOB_KWARGS
            )

    def every(self, name: str, seconds: float, run: Run) -> None:
        self.cancel(name)
        self.queue.run_repeating(
            self._callback(run), seconds, first=seconds, name=name, job_kwargs=JOB_KWARGS
        )

    def cancel(self, name: str) -> None:
        for job in self.queue.get_jobs_by_name(name):
            job.schedule_removal()

    def has(self, name: str) -> bool:
        return bool(self.queue.get_jobs_by_name(name))
