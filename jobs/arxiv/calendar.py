"""arXiv's rhythm (pure): which listing the RSS feed carries at a moment, and which are real.

arXiv announces Sunday to Thursday at 20:00 US-Eastern; the listing that announcement makes is
dated the next day (Monday to Friday). rss.arxiv.org rebuilds its feeds around midnight Eastern,
so at any moment the feed carries the listing dated with today's Eastern date. Saturday and
Sunday listings are always empty, and so are holidays, which are learnt from the feed itself.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ARXIV_TZ = ZoneInfo("America/New_York")

# A weekday listing can still not happen (a holiday). No hand-kept list says which: a weekday
# whose feed has not carried its listing by this time (US-Eastern, on the listing's own day, two
# hours before the next announcement) had no announcement, and the watcher stops asking.
NO_ANNOUNCEMENT_AFTER = time(18, 0)


def current_listing(now: datetime) -> date:
    """The listing date the feed carries at `now`: today's date in US-Eastern time."""
    if now.tzinfo is None:
        raise ValueError("naive datetime: pass an aware one")
    return now.astimezone(ARXIV_TZ).date()


def is_announcement_listing(listing: date) -> bool:
    """Whether arXiv may announce papers for this listing date (Monday to Friday)."""
    return listing.weekday() < 5


def give_up_at(listing: date) -> datetime:
    """When a weekday listing that has not appeared counts as no announcement (a holiday)."""
    return datetime.combine(listing, NO_ANNOUNCEMENT_AFTER, tzinfo=ARXIV_TZ)


def listing_expected(listing: date, now: datetime) -> bool:
    """Whether the listing may still appear at `now`: a weekday, before its give-up time."""
    return is_announcement_listing(listing) and now < give_up_at(listing)


def listing_from_announcement(evening: date) -> date:
    """The listing an announcement made on `evening` carries: the next weekday."""
    listing = evening + timedelta(days=1)
    while listing.weekday() >= 5:
        listing += timedelta(days=1)
    return listing


def retry_delay(attempt: int, base: float, cap: float) -> float:
    """Exponential backoff for a feed that is late or broken: base, 2·base, 4·base … ≤ cap."""
    return float(min(cap, base * (2 ** max(0, attempt))))
