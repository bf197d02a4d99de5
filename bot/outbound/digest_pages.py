"""The digest as the delivery sends it: a stored part rendered (jobs.digest.posting.DigestPages),
and the chosen items packed into parts by their rendered length (jobs.digest.build.PartPacker)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from bot.outbound.posted_digests import digest_part
from bot.render.digest import PART_BUDGET, DigestEntry, block_lengths, digest_header
from jobs.digest.choose import Chosen, assign_parts
from jobs.sending import Message
from jobs.summaries.check import SUMMARY_LIMIT
from store.db import Database
from store.workers import CatalogWorkers


class DigestPages:
    """Rendering for one catalog."""

    def __init__(
        self, db: Database, catalog: CatalogWorkers | None = None, *, summaries: bool = False
    ) -> None:
        """`catalog`: read (and render, in the caller's language) in a reader thread;
        `summaries`: a summary may replace the gist after packing, so room is kept for one."""
        self.db, self.catalog, self.summaries = db, catalog, summaries

    async def part(self, chat_id: int, listing: date, part: int, *, late: bool) -> Message:
        if self.catalog is None:
            return digest_part(self.db, chat_id, listing, part, late=late)
        return await self.catalog.read(digest_part, chat_id, listing, part, late=late)

    def parts(
        self, listing: date, counts: Mapping[str, tuple[int, int]], chosen: Sequence[Chosen]
    ) -> list[int]:
        """Pack by the blocks the send renders (bot.render.digest.part_blocks), each at the
        longest it may be by then: a summary in place of the gist, the header's late note and
        its total (the sum of the categories' counts is at least the listing's size). Holders
        and wants change until the send, so the send renders again, the current state; the
        "claimed by" lines it may add are what PART_BUDGET leaves room for."""
        room = "x" * SUMMARY_LIMIT if self.summaries else None
        entries = [
            DigestEntry(n, c.paper, c.announce_type, c.ranked.reasons, summary=room)
            for n, c in enumerate(chosen, 1)
        ]
        total = sum(new + cross for new, cross in counts.values())
        header = digest_header(listing, counts, len(chosen), total, late=True)
        header_length, item_lengths = block_lengths(header, entries)
        return assign_parts(header_length, item_lengths, PART_BUDGET)
