"""What members type on a Chinese keyboard, made plain before it is parsed (pure).

Full-width digits, letters and colons (２４０１．０２３８５, １０：００) become ASCII by NFKC;
sentence punctuation after a value (2401.02385。) is dropped; weekday names (周一, 星期一),
Chinese numbers (十四, 两) and durations (14天, 两周) are understood.
"""

from __future__ import annotations

import re
import unicodedata

# Left at the end of a value by habit; NFKC has already turned full-width ，：；！？ into ASCII.
TRAILING_PUNCTUATION = "。、.,;:!?…）)】」』\"'”’"

_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_WEEKDAY_DIGITS = {**_DIGITS, "日": 7, "天": 7}
_WEEKDAY = re.compile(r"(?:周|星期|礼拜)([一二三四五六日天1-7])")
_DURATION = re.compile(
    r"(?P<number>\d{1,4}|[零一二两三四五六七八九十百]{1,4})\s*(?:个)?\s*(?P<unit>天|日|周|星期|礼拜|个月|月)"
)


def plain(text: str) -> str:
    """NFKC, trimmed of spaces and trailing punctuation: `２４０１．０２３８５。` → `2401.02385`."""
    return unicodedata.normalize("NFKC", text).strip().rstrip(TRAILING_PUNCTUATION).strip()


def chinese_number(text: str) -> int | None:
    """`14`, `十四`, `二十`, `两`, `一百` → the number (0–999); None if it is not one."""
    if text.isdigit():
        return int(text)
    if not text or any(char not in _DIGITS and char not in "十百" for char in text):
        return None
    total, current = 0, 0
    for char in text:
        if char in _DIGITS:
            current = _DIGITS[char]
        else:
            total += (current or 1) * (100 if char == "百" else 10)
            current = 0
    return total + current


def chinese_weekday(text: str) -> int | None:
    """`周一`/`星期一`/`礼拜一` → 1 … `周日`/`星期天` → 7 (ISO); None otherwise."""
    match = _WEEKDAY.fullmatch(text)
    if match is None:
        return None
    day = match[1]
    return int(day) if day.isdigit() else _WEEKDAY_DIGITS[day]


def split_weekday(text: str) -> tuple[str, str] | None:
    """`周一10:00` (typed without a space) → (`周一`, `10:00`)."""
    match = _WEEKDAY.match(text)
    if match is None or match.end() == len(text):
        return None
    return text[: match.end()], text[match.end() :].strip()


def duration_days(text: str) -> int | None:
    """`14天`, `十四天`, `两周`, `2个星期`, `1个月` → days; None if it is not a duration."""
    match = _DURATION.fullmatch(text)
    if match is None:
        return None
    number = chinese_number(match["number"])
    if number is None:
        return None
    unit = match["unit"]
    if unit in ("天", "日"):
        return number
    if unit in ("周", "星期", "礼拜"):
        return number * 7
    return number * 30
