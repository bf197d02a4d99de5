"""Validate what admins (in chat) and operators (on the CLI) type for a group's settings (pure).
Each parser returns the canonical value, or None when the input is not acceptable."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import time
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from store.parse.typed_input import plain
from store.parse.zones import named_zone

DIGEST_SIZE_MIN, DIGEST_SIZE_MAX = 1, 50
KEYWORD_MAX_LENGTH = 60
KEYWORDS_MAX = 50
_TIME = re.compile(r"^(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})$")


SWITCH = {"on": True, "off": False, "开": True, "开启": True, "关": False, "关闭": False}


def parse_switch(args: Sequence[str]) -> bool | None:
    """An on/off setting's one word (English or Chinese): True, False, or None when it is not."""
    return SWITCH.get(args[0].lower()) if len(args) == 1 else None


def parse_digest_time(text: str) -> str | None:
    """`8:30`, `08:30` → "08:30"; `25:00`, `noon` → None."""
    match = _TIME.match(plain(text))
    if match is None:
        return None
    hour, minute = int(match["hour"]), int(match["minute"])
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def digest_clock(value: str, timezone: str) -> time:
    """A stored "HH:MM" in the group's zone as a tz-aware time for the JobQueue."""
    hour, minute = (int(part) for part in value.split(":"))
    return time(hour, minute, tzinfo=ZoneInfo(timezone))


@cache
def _zones() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def parse_timezone(text: str) -> str | None:
    """An IANA zone name (case-insensitive: `asia/shanghai` → "Asia/Shanghai"), a city (北京,
    tokyo) or an offset (UTC+8); else None."""
    text = plain(text)
    name = _zones().get(text.lower()) or named_zone(text)
    if name is None:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def parse_digest_size(text: str) -> int | None:
    """A whole number of papers within the limits; `0`, `500`, `ten` → None."""
    value = plain(text)
    if not value.isdigit():
        return None
    size = int(value)
    return size if DIGEST_SIZE_MIN <= size <= DIGEST_SIZE_MAX else None


def split_keywords(text: str) -> list[str] | None:
    """Comma-separated keywords (also `，` and `、`), whitespace tidied; None if any is bad."""
    words = [" ".join(part.split()) for part in re.split(r"[,，、;\n]", text)]
    words = [word for word in words if word]
    if not words:
        return None
    for word in words:
        core = word.removeprefix("-").strip()
        if not core or len(word) > KEYWORD_MAX_LENGTH:
            return None
    return words


def add_keywords(existing: Sequence[str], new: Sequence[str]) -> list[str] | None:
    """The list with `new` appended (case-insensitive duplicates skipped); None if too many."""
    result = list(existing)
    seen = {word.lower() for word in result}
    for word in new:
        if word.lower() not in seen:
            result.append(word)
            seen.add(word.lower())
    return result if len(result) <= KEYWORDS_MAX else None


def remove_keywords(existing: Sequence[str], gone: Sequence[str]) -> tuple[list[str], list[str]]:
    """The list without `gone` (case-insensitive), and those of `gone` that were not there."""
    wanted = {word.lower() for word in gone}
    kept = [word for word in existing if word.lower() not in wanted]
    present = {word.lower() for word in existing}
    return kept, [word for word in gone if word.lower() not in present]
