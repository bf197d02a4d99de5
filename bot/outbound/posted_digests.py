"""A posted digest message, rendered from the ledger and the current open claims, so a claim
made from its button shows as "claimed by …" after an edit."""

from __future__ import annotations

import logging
from datetime import date

from telegram import Bot

from bot.outbound.sender import TelegramSender
from bot.render.digest import DigestEntry, digest_header, render_part
from jobs.sending import Message, Status
from store.db import Database
from store.digests import claim_holders, digest_messages_with, digest_of_message, get_digest
from store.group_buttons import not_for_us_on
from store.groups import get_group
from store.listing_facts import counted_once, cross_listed, listing_size
from store.papers import get_papers
from store.summaries import get_summaries, summaries_enabled
from store.wants import NOT_FOR_US, want_counts
from store.workers import CatalogWorkers

log = logging.getLogger(__name__)


def digest_part(
    db: Database, chat_id: int, listing: date, part: int, *, late: bool = False
) -> Message:
    """Render one stored part (text and buttons) from the ledger and the current open claims;
    only this part's papers are loaded, not the listing."""
    record = get_digest(db, chat_id, listing)
    group = get_group(db, chat_id)
    if record is None or group is None:
        raise LookupError(f"no digest of {listing} in the ledger for group {chat_id}")
    items = [item for item in record.items if item.part == part]
    ids = [item.arxiv_id for item in items]
    papers = get_papers(db, ids)
    holders = claim_holders(db, chat_id, ids)
    wanted = want_counts(db, chat_id, ids)
    thumbs_down = not_for_us_on(db, chat_id)
    declined = want_counts(db, chat_id, ids, NOT_FOR_US) if thumbs_down else {}
    crossed = cross_listed(db, listing, group.categories, ids)
    summaries: dict[str, str] = {}
    if summaries_enabled(db, chat_id):
        keys = [(p.arxiv_id, p.version or 0) for p in papers.values()]
        summaries = get_summaries(db, keys, group.language)
    entries = [
        DigestEntry(
            item.rank,
            papers[item.arxiv_id],
            "cross" if item.arxiv_id in crossed else "new",
            item.reasons,
            holders.get(item.arxiv_id),
            wanted.get(item.arxiv_id, 0),
            summaries.get(item.arxiv_id),
            declined.get(item.arxiv_id, 0),
        )
        for item in items
        if item.arxiv_id in papers
    ]
    header = (
        digest_header(
            listing,
            counted_once(db, listing, group.categories),
            len(record.items),
            listing_size(db, listing, group.categories),
            late=late,
        )
        if part == 0
        else None
    )
    return render_part(header, entries, not_for_us=thumbs_down)


def paper_item_parts(db: Database, chat_id: int, arxiv_id: str) -> list[tuple[int, Message]]:
    """Every posted digest message of the group that holds the paper, rendered anew:
    (message id, message). One read, in a catalog worker."""
    parts = []
    for message_id in digest_messages_with(db, chat_id, arxiv_id):
        found = digest_of_message(db, chat_id, message_id)
        if found is not None:
            parts.append((message_id, digest_part(db, chat_id, found[0], found[1])))
    return parts


async def refresh_paper_items(
    bot: Bot, catalog: CatalogWorkers, chat_id: int, arxiv_id: str
) -> None:
    """A paper was claimed or released: re-render every digest message in the group holding it,
    so its button goes (or comes back) however the claim was made. A message Telegram will not
    edit any more (deleted) is logged and skipped: the claim itself stands."""
    sender = TelegramSender(bot)  # the one place Telegram's errors become outcomes
    for message_id, message in await catalog.read(paper_item_parts, chat_id, arxiv_id):
        delivery = await sender.edit(chat_id, message_id, message)
        if delivery.status is not Status.SENT:  # unchanged (a double press) counts as sent
            log.warning("could not refresh %s in %s: %s", message_id, chat_id, delivery.detail)
