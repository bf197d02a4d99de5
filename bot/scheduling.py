"""Helpers for JobQueue jobs: late starts still run once, and a named job is never doubled."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time
from typing import Any

from telegram.ext import JobQueue

from bot.commands import Callback
from bot.state import App, Context

# A job that starts late while the bot runs (busy loop, suspended machine) still runs, once,
# within this window; APScheduler's default grace is 1 s. It does NOT cover a restart: jobs are
# rebuilt at start and their next run counts from then, so each feature's on_startup catches up
# what it missed itself (the digest and reminder handlers use this same window for that).
MISFIRE_GRACE_SECONDS = 6 * 3600
JOB_KWARGS: dict[str, Any] = {"misfire_grace_time": MISFIRE_GRACE_SECONDS, "coalesce": True}


def replace_daily_job(
    job_queue: JobQueue[Context],
    name: str,
    callback: Any,
    at: time,
    *,
    days: Sequence[int] = (0, 1, 2, 3, 4, 5, 6),
    data: object = None,
    chat_id: int | None = None,
) -> None:
    """(Re)schedule a daily job at a tz-aware time; days count from 0 = Sunday, as PTB does."""
    if at.tzinfo is None:
        raise ValueError("a job time must carry its time zone")
    for job in job_queue.get_jobs_by_name(name):
        job.schedule_removal()
    job_queue.run_daily(
        callback,
        at,
        days=tuple(days),
        data=data,
        name=name,
        chat_id=chat_id,
        job_kwargs=JOB_KWARGS,
    )


def reschedule_group(application: App, chat_id: int) -> None:
    """A group's settings or id changed: every feature rebuilds (or drops) that group's jobs."""
    for feature in application.bot_data.features:
        if feature.on_group_changed is not None:
            feature.on_group_changed(application, chat_id)


__all__ = [
    "JOB_KWARGS",
    "MISFIRE_GRACE_SECONDS",
    "Callback",
    "replace_daily_job",
    "reschedule_group",
]
