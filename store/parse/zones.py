"""Time zones as members name them: `UTC+8`, `GMT-5`, a city in Chinese (北京, 东京) or
English (`tokyo`, `beijing`), besides IANA names (pure)."""

from __future__ import annotations

import re
from functools import cache
from zoneinfo import available_timezones

# Cities members name that are not (or not only) the last part of an IANA name.
CITY_ZONES = {
    "北京": "Asia/Shanghai",
    "上海": "Asia/Shanghai",
    "广州": "Asia/Shanghai",
    "深圳": "Asia/Shanghai",
    "杭州": "Asia/Shanghai",
    "南京": "Asia/Shanghai",
    "苏州": "Asia/Shanghai",
    "成都": "Asia/Shanghai",
    "武汉": "Asia/Shanghai",
    "西安": "Asia/Shanghai",
    "天津": "Asia/Shanghai",
    "重庆": "Asia/Shanghai",
    "合肥": "Asia/Shanghai",
    "中国": "Asia/Shanghai",
    "beijing": "Asia/Shanghai",
    "china": "Asia/Shanghai",
    "香港": "Asia/Hong_Kong",
    "澳门": "Asia/Macau",
    "台北": "Asia/Taipei",
    "东京": "Asia/Tokyo",
    "首尔": "Asia/Seoul",
    "新加坡": "Asia/Singapore",
    "吉隆坡": "Asia/Kuala_Lumpur",
    "曼谷": "Asia/Bangkok",
    "迪拜": "Asia/Dubai",
    "莫斯科": "Europe/Moscow",
    "伦敦": "Europe/London",
    "巴黎": "Europe/Paris",
    "柏林": "Europe/Berlin",
    "苏黎世": "Europe/Zurich",
    "阿姆斯特丹": "Europe/Amsterdam",
    "纽约": "America/New_York",
    "波士顿": "America/New_York",
    "匹兹堡": "America/New_York",
    "芝加哥": "America/Chicago",
    "西雅图": "America/Los_Angeles",
    "旧金山": "America/Los_Angeles",
    "硅谷": "America/Los_Angeles",
    "洛杉矶": "America/Los_Angeles",
    "多伦多": "America/Toronto",
    "温哥华": "America/Vancouver",
    "蒙特利尔": "America/Toronto",
    "悉尼": "Australia/Sydney",
    "墨尔本": "Australia/Melbourne",
    "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "boston": "America/New_York",
}
_OFFSET = re.compile(r"(?:utc|gmt)?\s*(?P<sign>[+-])\s*(?P<hours>\d{1,2})(?::?00)?")


@cache
def _by_city() -> dict[str, str]:
    """`tokyo` → Asia/Tokyo, for every IANA city whose name is not shared by two zones."""
    seen: dict[str, list[str]] = {}
    for name in available_timezones():
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/")):
            city = name.rsplit("/", 1)[1].lower().replace("_", " ")
            seen.setdefault(city, []).append(name)
    return {city: names[0] for city, names in seen.items() if len(names) == 1}


def offset_zone(text: str) -> str | None:
    """`UTC+8`, `GMT-5`, `+08:00` → the fixed-offset zone (Etc/GMT-8: POSIX signs are reversed)."""
    match = _OFFSET.fullmatch(text.strip().lower())
    if match is None:
        return None
    hours = int(match["hours"])
    if hours == 0:
        return "UTC"
    if hours > 14 or (match["sign"] == "-" and hours > 12):
        return None
    return f"Etc/GMT{'-' if match['sign'] == '+' else '+'}{hours}"


def named_zone(text: str) -> str | None:
    """A zone for a city name or an offset; None when it is neither."""
    key = text.strip().lower().replace("_", " ")
    return CITY_ZONES.get(key) or _by_city().get(key) or offset_zone(key)


def zone_label(zone: str) -> str:
    """How a zone reads to members: `Etc/GMT-8` as `UTC+8`, others as they are."""
    match = re.fullmatch(r"Etc/GMT([+-])(\d{1,2})", zone)
    if match is None:
        return zone
    return f"UTC{'-' if match[1] == '+' else '+'}{match[2]}"
