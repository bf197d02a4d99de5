"""Chinese keyboards understood (issue 10): full-width ids and numbers, a trailing 。, weekday
names, durations and time zones as members type them (pure parsing, table-driven)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.handlers.claims import parse_due
from jobs.reminders.plan import ReminderChange, parse_reminder_args
from store.parse.ids import parse_arxiv_id
from store.parse.settings import parse_digest_size, parse_digest_time, parse_timezone
from store.parse.typed_input import chinese_number, duration_days, plain
from store.parse.zones import zone_label

TODAY = date(2026, 11, 21)


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("２４０１．０２３８５", "2401.02385"),  # full-width digits and dot
        ("2401.02385。", "2401.02385"),  # a sentence's full stop
        ("2401.02385，", "2401.02385"),
        ("arXiv：2401.02385v2", "2401.02385v2"),  # full-width colon
        ("（2401.02385）", "2401.02385"),
        ("hep-th/9901001。", "hep-th/9901001"),
    ],
)
def test_ids_typed_on_a_chinese_keyboard(typed: str, canonical: str) -> None:
    assert str(parse_arxiv_id(typed)) == canonical


@pytest.mark.parametrize(
    ("text", "number"),
    [("14", 14), ("十四", 14), ("十", 10), ("二十", 20), ("两", 2), ("一百", 100), ("周", None)],
)
def test_chinese_numbers(text: str, number: int | None) -> None:
    assert chinese_number(text) == number


@pytest.mark.parametrize(
    ("text", "days"),
    [("14天", 14), ("十四天", 14), ("两周", 14), ("2周", 14), ("三个星期", 21), ("1个月", 30)],
)
def test_durations(text: str, days: int) -> None:
    assert duration_days(text) == days


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("14天", date(2026, 12, 5)),
        ("１４天", date(2026, 12, 5)),
        ("两周", date(2026, 12, 5)),
        ("１４ｄ", date(2026, 12, 5)),
        ("２０２６－１２－０１", date(2026, 12, 1)),
        ("2026-12-01。", date(2026, 12, 1)),
    ],
)
def test_due_dates_typed_in_chinese(text: str, due: date) -> None:
    assert parse_due(text, TODAY) == due


@pytest.mark.parametrize(
    ("args", "change"),
    [
        (["周一", "10:00"], ReminderChange(day=1, time="10:00", enabled=True)),
        (["星期五", "18：30"], ReminderChange(day=5, time="18:30", enabled=True)),
        (["星期天", "９:００"], ReminderChange(day=7, time="09:00", enabled=True)),
        (["礼拜三", "8:00"], ReminderChange(day=3, time="08:00", enabled=True)),
        (["周一10:00"], ReminderChange(day=1, time="10:00", enabled=True)),
        (["Mon", "10:00"], ReminderChange(day=1, time="10:00", enabled=True)),
        (["周八", "10:00"], None),
    ],
)
def test_reminder_days_in_chinese(args: list[str], change: ReminderChange | None) -> None:
    assert parse_reminder_args(args) == change


@pytest.mark.parametrize(
    ("typed", "zone", "label"),
    [
        ("UTC+8", "Etc/GMT-8", "UTC+8"),
        ("utc+08:00", "Etc/GMT-8", "UTC+8"),
        ("ＵＴＣ＋８", "Etc/GMT-8", "UTC+8"),
        ("GMT-5", "Etc/GMT+5", "UTC-5"),
        ("UTC+0", "UTC", "UTC"),
        ("北京", "Asia/Shanghai", "Asia/Shanghai"),
        ("上海。", "Asia/Shanghai", "Asia/Shanghai"),
        ("东京", "Asia/Tokyo", "Asia/Tokyo"),
        ("tokyo", "Asia/Tokyo", "Asia/Tokyo"),
        ("Beijing", "Asia/Shanghai", "Asia/Shanghai"),
        ("asia/shanghai", "Asia/Shanghai", "Asia/Shanghai"),
        ("UTC+15", None, None),
        ("火星", None, None),
    ],
)
def test_time_zones_by_offset_and_city(typed: str, zone: str | None, label: str | None) -> None:
    assert parse_timezone(typed) == zone
    if zone is not None:
        assert zone_label(zone) == label


def test_full_width_numbers_in_settings() -> None:
    assert parse_digest_time("０８：３０") == "08:30"
    assert parse_digest_size("１５") == 15
    assert plain("  ＃ｔａｇ。 ") == "#tag"
