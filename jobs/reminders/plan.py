"""What a weekly reminder says and when claims need a nudge or a release (pure: data + now in)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from store.parse.typed_input import chinese_weekday, plain, split_weekday
from store.reminders import OpenClaim, Pick, ReminderSettings, WeekNote

NUDGE_DAYS = 2  # nudge the claimant this many days before the due date
RELEASE_AFTER_DAYS = 7  # release a claim more than this many days overdue
PICKS_SHOWN = 5
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = re.compile(r"([01]?\d|2[0-3])[:.h]([0-5]\d)")


@dataclass(frozen=True)
class ReminderChange:
    """What `/reminder ...` asked for; None fields stay as they are."""

    day: int | None = None
    time: str | None = None
    enabled: bool | None = None
    poll: bool | None = None


@dataclass(frozen=True)
class ClaimLine:
    """One open claim in the reminder, with how overdue it is (0 if not)."""

    claim: OpenClaim
    overdue_days: int


@dataclass(frozen=True)
class MemberClaims:
    """A member's open claims."""

    user_id: int
    name: str
    claims: tuple[ClaimLine, ...]


@dataclass(frozen=True)
class WeeklyReminder:
    """Everything the weekly message shows."""

    members: tuple[MemberClaims, ...]
    notes: tuple[WeekNote, ...]
    picks: tuple[Pick, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.members or self.notes or self.picks)


def parse_reminder_args(args: Sequence[str]) -> ReminderChange | None:
    """`Mon 10:00`, `monday 9:30`, `周一 10:00`, `off`, `on`, `poll on|off`; None when it is
    none of them."""
    words = [plain(w).lower() for w in args]
    if len(words) == 1 and (parts := split_weekday(words[0])):  # 周一10:00
        words = list(parts)
    if words in (["off"], ["on"]):
        return ReminderChange(enabled=words == ["on"])
    if len(words) == 2 and words[0] == "poll" and words[1] in ("on", "off"):
        return ReminderChange(poll=words[1] == "on")
    if len(words) != 2:
        return None
    match = _TIME.fullmatch(words[1])
    day = chinese_weekday(words[0])
    if day is None:
        day = next((n for n, name in enumerate(DAY_NAMES, 1) if words[0].startswith(name)), None)
        if day is None or not DAY_NAMES[day - 1].startswith(words[0][:3]):
            return None
    if match is None:
        return None
    return ReminderChange(day=day, time=f"{int(match[1]):02}:{match[2]}", enabled=True)


def local_now(settings: ReminderSettings, now: datetime) -> datetime:
    """`now` in the group's time zone."""
    return now.astimezone(ZoneInfo(settings.timezone))


def week_key(settings: ReminderSettings, now: datetime) -> str:
    """The ISO week of the group's local date: one reminder per group per week."""
    year, week, _ = local_now(settings, now).isocalendar()
    return f"{year}-W{week:02}"


def job_time(settings: ReminderSettings) -> time:
    """The daily check's local time (the reminder's time), tz-aware so DST is followed."""
    hour, minute = (int(part) for part in settings.time.split(":"))
    return time(hour, minute, tzinfo=ZoneInfo(settings.timezone))


def last_reminder_moment(settings: ReminderSettings, now: datetime) -> datetime:
    """The latest scheduled reminder moment at or before `now` (local wall time, DST-aware)."""
    local = local_now(settings, now)
    back = (local.isoweekday() - settings.day) % 7
    moment = datetime.combine(local.date() - timedelta(days=back), job_time(settings))
    return moment if moment <= local else moment - timedelta(days=7)


def reminder_due(settings: ReminderSettings, now: datetime, window: timedelta) -> bool:
    """Whether the weekly reminder is due: enabled, and its moment passed < `window` ago."""
    if not settings.enabled:
        return False
    return now - last_reminder_moment(settings, now) < window


def days_left(claim: OpenClaim, today: date) -> int | None:
    """Days until the claim is due (negative when overdue), None without a due date."""
    return (claim.due_on - today).days if claim.due_on else None


def claims_due_soon(claims: Sequence[OpenClaim], today: date) -> list[OpenClaim]:
    """Claims due within NUDGE_DAYS days (today included), for the claimant's nudge."""
    return [
        c for c in claims if (left := days_left(c, today)) is not None and 0 <= left <= NUDGE_DAYS
    ]


def claims_to_release(claims: Sequence[OpenClaim], today: date) -> list[OpenClaim]:
    """Claims more than RELEASE_AFTER_DAYS days overdue."""
    return [
        c
        for c in claims
        if (left := days_left(c, today)) is not None and -left > RELEASE_AFTER_DAYS
    ]


def claims_to_warn(claims: Sequence[OpenClaim], today: date) -> list[OpenClaim]:
    """Claims released tomorrow (exactly RELEASE_AFTER_DAYS days overdue): their presenter's
    last chance."""
    return [c for c in claims if days_left(c, today) == -RELEASE_AFTER_DAYS]


def build_weekly_reminder(
    claims: Sequence[OpenClaim], notes: Sequence[WeekNote], picks: Sequence[Pick], today: date
) -> WeeklyReminder:
    """Group open claims by member (overdue flagged), with this week's notes and best picks."""
    by_member: dict[int, list[ClaimLine]] = {}
    names: dict[int, str] = {}
    for claim in claims:
        left = days_left(claim, today)
        by_member.setdefault(claim.user_id, []).append(
            ClaimLine(claim, -left if left is not None and left < 0 else 0)
        )
        names[claim.user_id] = claim.name
    members = tuple(
        MemberClaims(user_id, names[user_id], tuple(lines)) for user_id, lines in by_member.items()
    )
    return WeeklyReminder(members, tuple(notes), tuple(picks[:PICKS_SHOWN]))
