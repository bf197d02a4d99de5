"""The long-lived objects handlers and jobs share, built once and kept in the typed state."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.config import Settings
from bot.frame.throttle import FloodGate
from jobs.arxiv.api import ArxivApi
from jobs.arxiv.pacer import Pacer
from store.db import Database
from store.workers import CatalogWorkers


def utc_now() -> datetime:
    """The real clock; tests pass their own."""
    return datetime.now(UTC)


@dataclass
class Services:
    """Settings, the catalog, the arXiv clients (sharing one pacer), the clock and the flood
    throttle's bookkeeping (page turns apart). Commands, hooks and scheduled jobs use the
    catalog through `catalog` (worker threads, off the event loop); `db`, the loop's own
    connection, serves only start-up wiring."""

    settings: Settings
    db: Database
    catalog: CatalogWorkers
    pacer: Pacer
    arxiv: ArxivApi
    clock: Callable[[], datetime] = field(default=utc_now)
    flood: FloodGate = field(default_factory=FloodGate)
    page_turns: FloodGate = field(default_factory=FloodGate.for_page_turns)  # not a flood


def build_services(
    settings: Settings,
    db: Database,
    *,
    pacer: Pacer | None = None,
    clock: Callable[[], datetime] = utc_now,
    flood: FloodGate | None = None,
) -> Services:
    """Wire the services from settings; tests pass a faster pacer, their own clock and a
    flood throttle with the limits they test."""
    pacer = pacer or Pacer()
    return Services(
        settings=settings,
        db=db,
        catalog=CatalogWorkers(db),
        pacer=pacer,
        arxiv=ArxivApi(settings.arxiv_api_url, pacer, settings.arxiv_lookup_seconds / 2),
        clock=clock,
        flood=flood or FloodGate(),
    )
