"""The digest parts Telegram confirmed, recorded in the ledger through the catalog's one writer.

A record that outlasts its wait (another process holds the write lock) is kept here, in memory,
and written again before anything more of that digest is sent, and at the stop with the
writer's full wait: a part is recorded once and never sent twice. Writing a record again is
harmless (store.digests.record_part_sent never moves the count back)."""

from __future__ import annotations

import logging
from datetime import date, datetime

from store.db import CatalogWriteError
from store.digests import record_part_sent
from store.workers import CatalogSlow, CatalogWorkers

log = logging.getLogger(__name__)

LEDGER_WAIT = 2.0  # seconds a part's record may take before it is kept for later


class PartRecords:
    """At most one kept record per digest: nothing more of it is sent until it is written."""

    def __init__(self, catalog: CatalogWorkers) -> None:
        self.catalog = catalog
        self.wait = LEDGER_WAIT
        self._kept: dict[tuple[int, date], tuple[int, int | None, datetime]] = {}

    async def record(
        self, chat_id: int, listing: date, part: int, message_id: int | None, now: datetime
    ) -> bool:
        """Record a confirmed part; False: it is kept, to be written before the next part."""
        self._kept[chat_id, listing] = (part, message_id, now)
        return await self.write_kept(chat_id, listing)

    async def write_kept(self, chat_id: int, listing: date) -> bool:
        """Write the digest's kept record, if any, within the wait; False: still kept."""
        kept = self._kept.get((chat_id, listing))
        if kept is None:
            return True
        part, message_id, at = kept
        try:
            await self.catalog.write_within(
                self.wait, record_part_sent, chat_id, listing, part, message_id, at
            )
        except (CatalogSlow, CatalogWriteError) as exc:
            log.warning(
                "digest part %d for %s sent but not recorded yet (%s); kept, written before "
                "the next part",
                part,
                chat_id,
                exc,
            )
            return False
        if self._kept.get((chat_id, listing)) == kept:
            del self._kept[chat_id, listing]
        return True

    async def write_all(self) -> None:
        """At the stop: every kept record, each given the writer's full wait, so a part that
        was sent is not sent again after the restart."""
        self.wait = self.catalog.write_timeout
        for chat_id, listing in list(self._kept):
            await self.write_kept(chat_id, listing)
