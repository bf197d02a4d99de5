"""What admins type after /session (pure): a weekly meeting, a cancelled or extra date, off,
the calendar file; English and Chinese (`every wed 20:00 Room 2`, `每周三 20:00 腾讯会议 …`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum

from store.parse.typed_input import chinese_weekday, plain

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SLOTS_MAX = 12
_TIME = re.compile(r"([01]?\d|2[0-3])[:.h]([0-5]\d)")
_EVERY_ZH = re.compile(r"每(?:个)?((?:周|星期|礼拜)[一二三四五六日天1-7])\s*(.*)", re.S)
_MONTH_DAY = re.compile(r"(\d{1,2})\s*(?:月|-|/)\s*(\d{1,2})\s*(?:日|号)?")
_NEXT = ("next", "下次", "下周", "下一次")


class Action(Enum):
    """What the admin asked /session to do."""

    WEEKLY = "weekly"
    CANCEL = "cancel"
    EXTRA = "extra"
    OFF = "off"
    ON = "on"
    SLOTS = "slots"
    CALENDAR = "ics"


@dataclass(frozen=True)
class SessionCommand:
    """One parsed /session change; `on_date` None with CANCEL means the next session."""

    action: Action
    weekday: int = 0  # ISO, for WEEKLY
    at: str = ""  # "HH:MM"
    place: str = ""
    on_date: date | None = None
    slots: int = 0


def parse_clock(text: str) -> str | None:
    """`20:00`, `8.30`, `２０：００` → "HH:MM"; else None."""
    match = _TIME.fullmatch(plain(text))
    return f"{int(match[1]):02}:{match[2]}" if match else None


def parse_weekday(text: str) -> int | None:
    """`wed`, `Wednesday`, `周三`, `星期三` → ISO weekday (Monday 1); else None."""
    word = plain(text).lower()
    if (day := chinese_weekday(word)) is not None:
        return day
    for number, name in enumerate(DAY_NAMES, 1):
        if len(word) >= 3 and name.startswith(word[:3]) and word.isalpha():
            return number
    return None


def parse_day(text: str, today: date) -> date | None:
    """`2026-12-09`, `12-09`, `12/9`, `12月9日` → that date (a month and day: its next time
    on or after today); else None."""
    text = plain(text)
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    match = _MONTH_DAY.fullmatch(text)
    if match is None:
        return None
    for year in (today.year, today.year + 1):
        try:
            day = date(year, int(match[1]), int(match[2]))
        except ValueError:
            return None
        if day >= today:
            return day
    return None


def parse_session_args(args: Sequence[str], today: date) -> SessionCommand | None:
    """The words after /session; None when they are not a change this command knows."""
    words = [plain(word) for word in args if plain(word)]
    if not words:
        return None
    head = words[0].lower()
    if zh := _EVERY_ZH.fullmatch(head):  # 每周三 or 每周三20:00 typed together
        words = [zh[1], *([zh[2]] if zh[2] else []), *words[1:]]
        return _weekly(words)
    if head in ("every", "weekly", "每周") and len(words) >= 3:
        return _weekly(words[1:])
    if head in ("off", "关闭", "停止") and len(words) == 1:
        return SessionCommand(Action.OFF)
    if head in ("on", "开启", "恢复") and len(words) == 1:
        return SessionCommand(Action.ON)
    if head in ("ics", "calendar", "日历") and len(words) == 1:
        return SessionCommand(Action.CALENDAR)
    if head in ("slots", "名额") and len(words) == 2 and words[1].isdigit():
        slots = int(words[1])
        return SessionCommand(Action.SLOTS, slots=slots) if 1 <= slots <= SLOTS_MAX else None
    if head in ("cancel", "取消") and len(words) == 2:
        if words[1].lower() in _NEXT:
            return SessionCommand(Action.CANCEL)
        day = parse_day(words[1], today)
        return SessionCommand(Action.CANCEL, on_date=day) if day else None
    if head in ("extra", "加开", "加场") and len(words) >= 3:
        day, at = parse_day(words[1], today), parse_clock(words[2])
        if day is None or at is None:
            return None
        return SessionCommand(Action.EXTRA, at=at, place=" ".join(words[3:]), on_date=day)
    return None


def _weekly(words: Sequence[str]) -> SessionCommand | None:
    """`wed 20:00 Room 2` (or `周三 20:00 腾讯会议 123`) → a weekly meeting."""
    if len(words) < 2:
        return None
    day, at = parse_weekday(words[0]), parse_clock(words[1])
    if day is None or at is None:
        return None
    return SessionCommand(Action.WEEKLY, weekday=day, at=at, place=" ".join(words[2:]))
