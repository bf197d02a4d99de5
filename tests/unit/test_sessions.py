"""Sessions: what admins type (English and Chinese), the dates a weekly plan makes with its
cancelled and extra days, and which meeting a claim lands on."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.config import ConfigError, load_settings
from jobs.sessions.agenda import agenda_time
from store.db import open_db
from store.groups import ensure_group
from store.parse.sessions import Action, SessionCommand, parse_session_args
from store.sessions import (
    add_extra_session,
    cancel_session,
    next_sessions,
    session_for_due,
    session_schedule,
    set_plan_field,
    set_weekly,
)

TODAY = date(2026, 12, 7)  # a Monday
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("every wed 20:00 Room 2", SessionCommand(Action.WEEKLY, 3, "20:00", "Room 2")),
        ("every Wednesday 8:30 https://meet.example.org/abc",
         SessionCommand(Action.WEEKLY, 3, "08:30", "https://meet.example.org/abc")),
        ("每周三 20:00 腾讯会议 123-456",
         SessionCommand(Action.WEEKLY, 3, "20:00", "腾讯会议 123-456")),
        ("每周三20:00 腾讯会议", SessionCommand(Action.WEEKLY, 3, "20:00", "腾讯会议")),
        ("每星期五 １９：３０", SessionCommand(Action.WEEKLY, 5, "19:30", "")),
        ("cancel 2026-12-09", SessionCommand(Action.CANCEL, on_date=date(2026, 12, 9))),
        ("取消 12月9日", SessionCommand(Action.CANCEL, on_date=date(2026, 12, 9))),
        ("cancel 1/6", SessionCommand(Action.CANCEL, on_date=date(2027, 1, 6))),
        ("cancel next", SessionCommand(Action.CANCEL)),
        ("取消 下次", SessionCommand(Action.CANCEL)),
        ("extra 2026-12-11 18:00 Lab",
         SessionCommand(Action.EXTRA, at="18:00", place="Lab", on_date=date(2026, 12, 11))),
        ("加开 12月11日 18:00",
         SessionCommand(Action.EXTRA, at="18:00", on_date=date(2026, 12, 11))),
        ("off", SessionCommand(Action.OFF)),
        ("关闭", SessionCommand(Action.OFF)),
        ("on", SessionCommand(Action.ON)),
        ("slots 3", SessionCommand(Action.SLOTS, slots=3)),
        ("ics", SessionCommand(Action.CALENDAR)),
        ("every wed 25:00", None),
        ("every someday 20:00", None),
        ("cancel tomorrowish", None),
        ("slots 0", None),
        ("dance", None),
    ],
)  # fmt: skip
def test_session_commands_are_understood(typed: str, expected: SessionCommand | None) -> None:
    assert parse_session_args(typed.split(), TODAY) == expected


def test_weekly_sessions_with_a_cancelled_and_an_extra_day() -> None:
    db = open_db(None)
    ensure_group(db, -100, "Club", "supergroup", "Asia/Shanghai", NOW)
    assert session_schedule(db, -100) is not None
    set_weekly(db, -100, 3, "20:00", "腾讯会议", NOW)
    cancel_session(db, -100, date(2026, 12, 16), NOW)
    add_extra_session(db, -100, date(2026, 12, 18), "18:00", "", NOW)
    schedule = session_schedule(db, -100)
    assert schedule is not None and schedule.active
    sessions = next_sessions(schedule, NOW, 4)
    assert [(s.on_date, s.at, s.extra) for s in sessions] == [
        (date(2026, 12, 9), "20:00", False),
        (date(2026, 12, 18), "18:00", True),
        (date(2026, 12, 23), "20:00", False),
        (date(2026, 12, 30), "20:00", False),
    ]
    assert sessions[1].place == "腾讯会议"  # an extra day without a place keeps the usual one
    assert sessions[0].starts == datetime(2026, 12, 9, 12, 0, tzinfo=UTC)
    # A claim lands on the first meeting on or after its due date; a cancelled week moves it.
    assert session_for_due(schedule, date(2026, 12, 9)).on_date == date(2026, 12, 9)  # type: ignore[union-attr]
    assert session_for_due(schedule, date(2026, 12, 10)).on_date == date(2026, 12, 18)  # type: ignore[union-attr]
    set_plan_field(db, -100, NOW, enabled=0)
    off = session_schedule(db, -100)
    assert off is not None and not off.active and next_sessions(off, NOW, 1) == []


def test_a_meeting_that_has_started_is_not_the_next_one() -> None:
    db = open_db(None)
    ensure_group(db, -100, "Club", "supergroup", "Europe/Berlin", NOW)
    set_weekly(db, -100, 1, "10:00", "", NOW)  # Mondays 10:00 Berlin = 09:00 UTC
    schedule = session_schedule(db, -100)
    assert schedule is not None
    assert next_sessions(schedule, NOW, 1)[0].on_date == date(2026, 12, 14)


def test_the_agenda_check_runs_its_lead_before_the_regular_meeting() -> None:
    assert agenda_time("20:00", "Asia/Shanghai", timedelta(hours=24)).strftime("%H:%M") == "20:00"
    assert agenda_time("20:00", "Asia/Shanghai", timedelta(hours=36)).strftime("%H:%M") == "08:00"
    token = {"TELEGRAM_BOT_TOKEN": "123456:" + "A" * 35}
    assert (
        load_settings({**token, "PAPERCLUB_AGENDA_HOURS": "36"}, "/nonexistent").agenda_hours == 36
    )
    with pytest.raises(ConfigError, match="PAPERCLUB_AGENDA_HOURS"):
        load_settings({**token, "PAPERCLUB_AGENDA_HOURS": "200"}, "/nonexistent")
