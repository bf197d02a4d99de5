"""Reminder timing and claim rules (pure): /reminder parsing, DST-correct moments, due dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from jobs.reminders.plan import (
    ReminderChange,
    claims_due_soon,
    claims_to_release,
    job_time,
    last_reminder_moment,
    parse_reminder_args,
    reminder_due,
    week_key,
)
from store.reminders import OpenClaim, ReminderSettings

BERLIN = ReminderSettings(chat_id=-1, timezone="Europe/Berlin", day=1, time="10:00")


@pytest.mark.parametrize(
    ("args", "change"),
    [
        ("Mon 10:00", ReminderChange(day=1, time="10:00", enabled=True)),
        ("monday 9:30", ReminderChange(day=1, time="09:30", enabled=True)),
        ("Fri 18.05", ReminderChange(day=5, time="18:05", enabled=True)),
        ("sun 23:59", ReminderChange(day=7, time="23:59", enabled=True)),
        ("off", ReminderChange(enabled=False)),
        ("ON", ReminderChange(enabled=True)),
        ("poll on", ReminderChange(poll=True)),
        ("poll off", ReminderChange(poll=False)),
        ("Mon 24:00", None),
        ("Mon", None),
        ("10:00", None),
        ("Mox 10:00", None),
        ("poll maybe", None),
        ("Mon 10:00 extra", None),
    ],
)
def test_parse_reminder_args(args: str, change: ReminderChange | None) -> None:
    assert parse_reminder_args(args.split()) == change


def test_monday_ten_is_ten_local_on_both_sides_of_the_dst_change() -> None:
    # Europe/Berlin leaves summer time on Sunday 2026-10-25.
    before = last_reminder_moment(BERLIN, datetime(2026, 10, 20, 12, tzinfo=UTC))
    after = last_reminder_moment(BERLIN, datetime(2026, 10, 27, 12, tzinfo=UTC))
    assert before.astimezone(UTC) == datetime(2026, 10, 19, 8, tzinfo=UTC)
    assert after.astimezone(UTC) == datetime(2026, 10, 26, 9, tzinfo=UTC)
    assert job_time(BERLIN).tzinfo is not None


def test_reminder_is_due_once_a_week_within_the_late_window() -> None:
    window = timedelta(hours=6)
    monday_10 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
    assert reminder_due(BERLIN, monday_10, window)
    assert reminder_due(BERLIN, monday_10 + timedelta(hours=5), window)
    assert not reminder_due(BERLIN, monday_10 + timedelta(hours=7), window)
    assert not reminder_due(BERLIN, monday_10 - timedelta(minutes=1), window)
    assert not reminder_due(BERLIN, monday_10 + timedelta(days=1), window)
    off = ReminderSettings(chat_id=-1, timezone="Europe/Berlin", enabled=False)
    assert not reminder_due(off, monday_10, window)
    assert week_key(BERLIN, monday_10) == "2026-W48"


def _claim(claim_id: int, due: date | None) -> OpenClaim:
    return OpenClaim(claim_id, -1, f"2401.0000{claim_id}", "T", 7, "Ada", due, False)


def test_due_soon_and_release_windows() -> None:
    today = date(2026, 11, 23)
    claims = [
        _claim(1, today + timedelta(days=3)),
        _claim(2, today + timedelta(days=2)),
        _claim(3, today),
        _claim(4, today - timedelta(days=7)),
        _claim(5, today - timedelta(days=8)),
        _claim(6, None),
    ]
    assert [c.id for c in claims_due_soon(claims, today)] == [2, 3]
    assert [c.id for c in claims_to_release(claims, today)] == [5]
