"""Due dates said the way members say them (pure): 明天, 后天, 周三, 下周三, tomorrow, wed,
next wed.

A weekday alone is the next one after today; 下周三 and "next wed" are the Wednesday of next
week (Monday to Sunday), so on a Monday "next wed" is nine days away, as 下周三 is.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from store.parse.typed_input import chinese_weekday

_DAYS_FROM_TODAY = {"今天": 0, "today": 0, "明天": 1, "tomorrow": 1, "后天": 2, "大后天": 3}
_ENGLISH_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_ENGLISH_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NEXT_WEEK = re.compile(r"(?:下个?|next\s+)(?P<day>.+)")
_THIS_WEEK = re.compile(r"(?:这|本|this\s+)(?P<day>.+)")


def _weekday(text: str) -> int | None:
    """1 (Monday) … 7 (Sunday) for 周三/星期三/wed/wednesday; None otherwise."""
    if (day := chinese_weekday(text)) is not None:
        return day
    for number, (short, name) in enumerate(zip(_ENGLISH_DAYS, _ENGLISH_NAMES, strict=True), 1):
        if text in (short, name) or (len(text) >= 3 and name.startswith(text)):
            return number
    return None


def relative_date(text: str, today: date) -> date | None:
    """The date `text` names relative to `today` (lower-cased, plain), or None if it names none."""
    text = " ".join(text.split())
    if text in _DAYS_FROM_TODAY:
        return today + timedelta(days=_DAYS_FROM_TODAY[text])
    monday = today - timedelta(days=today.weekday())
    if (match := _NEXT_WEEK.fullmatch(text)) and (day := _weekday(match["day"])):
        return monday + timedelta(days=7 + day - 1)
    if (match := _THIS_WEEK.fullmatch(text)) and (day := _weekday(match["day"])):
        return monday + timedelta(days=day - 1)
    if (day := _weekday(text)) is not None:
        return today + timedelta(days=(day - today.isoweekday() - 1) % 7 + 1)
    return None
