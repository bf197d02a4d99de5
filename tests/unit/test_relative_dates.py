"""Due dates as members say them (issue 22: 下周三 was refused)."""

from __future__ import annotations

from datetime import date

import pytest

from store.parse.relative_dates import relative_date

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("明天", date(2026, 11, 24)),
        ("tomorrow", date(2026, 11, 24)),
        ("后天", date(2026, 11, 25)),
        ("周三", date(2026, 11, 25)),
        ("wed", date(2026, 11, 25)),
        ("周一", date(2026, 11, 30)),  # a weekday alone is the next one, never today
        ("下周三", date(2026, 12, 2)),
        ("下星期三", date(2026, 12, 2)),
        ("next wed", date(2026, 12, 2)),
        ("next wednesday", date(2026, 12, 2)),
        ("本周五", date(2026, 11, 27)),
        ("this fri", date(2026, 11, 27)),
        ("next", None),
        ("2026-12-01", None),
        ("soon", None),
    ],
)
def test_relative_dates_from_a_monday(text: str, due: date | None) -> None:
    assert relative_date(text, MONDAY) == due
