"""Dates and weekday names in the current language, with Babel's CLDR data.

The pattern of a day label is itself a message ("EEE d MMM" in English), so a translator sets
the order and words ("M月d日 EEE") in the catalog like any other text.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date, get_day_names

from bot.texts import t
from bot.texts.languages import catalog_locale, current_language


def weekday_name(iso_weekday: int) -> str:
    """Monday is 1: `Mon` / `周一`."""
    names = get_day_names("abbreviated", locale=catalog_locale(current_language.get()))
    return str(names[iso_weekday - 1])


def day_label(day: date) -> str:
    """`Wed 19 Aug` / `8月19日 周三`."""
    return format_date(day, t("date.day"), locale=catalog_locale(current_language.get()))
