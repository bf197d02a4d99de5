"""The shape of the scheduled work the handlers call (wired in bot/outbound/work.py): only jobs'
types, so the frame can name it without importing the outbound layer above it."""

from __future__ import annotations

from dataclasses import dataclass

from jobs.arxiv.backfill import MetadataBackfill
from jobs.arxiv.watcher import FeedWatcher
from jobs.digest.build import DigestBuilder
from jobs.digest.delivery import DigestDelivery
from jobs.reminders.runner import ReminderRunner
from jobs.schedule import GroupSchedule
from jobs.sessions.agenda import AgendaRunner
from jobs.summaries.listing import ListingSummaries


@dataclass(frozen=True)
class ScheduledWork:
    """Everything that runs on a clock, for the features to start and the handlers to call."""

    watcher: FeedWatcher
    builder: DigestBuilder
    digests: DigestDelivery
    digest_schedule: GroupSchedule
    reminders: ReminderRunner
    reminder_schedule: GroupSchedule
    backfill: MetadataBackfill
    agenda: AgendaRunner
    agenda_schedule: GroupSchedule
    summaries: ListingSummaries | None = None  # None: no provider configured

    @property
    def schedules(self) -> tuple[GroupSchedule, ...]:
        return self.digest_schedule, self.reminder_schedule, self.agenda_schedule
