"""How time is written to the catalog: ISO 8601 strings in UTC, so they sort as text."""

from __future__ import annotations

from datetime import UTC, datetime


def to_text(moment: datetime) -> str:
    """Store a tz-aware moment as UTC ISO text; a naive one is refused, never guessed."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware one (now is always given in UTC)")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def from_text(text: str | None) -> datetime | None:
    """Read back a stored moment (aware, UTC)."""
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
