"""arXiv's rhythm (pure): which listing the RSS feed carries at a moment, and which are real.

arXiv announces Sunday to Thursday at 20:00 US-Eastern; the listing that announcement makes is
dated the next day (Monday to Friday). rss.arxiv.org rebuilds its feeds around midnight Eastern,
so at any moment the feed carries the listing dated with today's Eastern date. Saturday and
Sunday listings are always empty, and so are holidays.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

ARXIV_TZ = ZoneInfo("America/New_York")

# Weekday listings that did not happen (empty feeds on a weekday), as seen in the recorded feeds
# of shared/data (SOURCES.md). An unknown holiday is handled at run time: the watcher retries,
# and the digest waits, until the next listing is due.
KNOWN_NO_LISTING: frozenset[date] = frozenset(
    {
        date(2023, 12, 26),
        date(2023, 12, 28),
        date(2024, 1, 16),
        date(2024, 7, 5),
        date(2024, 12, 26),
        date(2025, 1, 2),
    }
)


def current_listing(now: datetime) -> date:
    """The listing date the feed carries at `now`: today's date in US-Eastern time."""
    if now.tzinfo is None:
        raise ValueError("naive datetime: pass an aware one")
    return now.astimezone(ARXIV_TZ).date()


def is_announcement_listing(listing: date) -> bool:
    """Whether arXiv announced papers for this listing date (Mon–Fri, not a known holiday)."""
    return listing.weekday() < 5 and listing not in KNOWN_NO_LISTING


def listing_from_announcement(evening: date) -> date:
    """The listing an announcement made on `evening` carries: the next weekday."""
    listing = evening + timedelta(days=1)
    while listing.weekday() >= 5:
        listing += timedelta(days=1)
    return listing


def retry_delay(attempt: int, base: float, cap: float) -> float:
    """Exponential backoff for a feed that is late or broken: base, 2·base, 4·base … ≤ cap."""
    return float(min(cap, base * (2 ** max(0, attempt))))
