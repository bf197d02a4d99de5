"""News of a new arXiv version, told to each claimant in their group (the feed watcher calls it
through bot/outbound/work.py)."""

from __future__ import annotations

import logging
from functools import partial

from bot.frame.services import Services
from bot.render import claims as claims_format
from bot.texts import DEFAULT_LANGUAGE, speaking
from jobs.sending import Message, Sender, until_settled
from store.member_views import claims_on_new_versions

log = logging.getLogger(__name__)


async def notify_new_versions(
    sender: Sender, services: Services, replaced: list[tuple[str, int]]
) -> int:
    """Tell each claimant, in their group, that arXiv announced a new version; returns sent.
    A group that cannot be told is logged and skipped (the watcher's other work goes on)."""
    versions = dict(replaced)
    sent = 0
    for held, paper, group in await services.catalog.read(claims_on_new_versions, versions):
        with speaking(group.language if group else DEFAULT_LANGUAGE):  # the group's language
            text = claims_format.new_version_message(held, paper, versions[held.arxiv_id])
        delivery = await until_settled(
            partial(sender.send, held.chat_id, Message(text, paper=held.arxiv_id)),
            f"new-version notice to {held.chat_id}",
        )
        if not delivery.ok:
            log.error(
                "could not tell %s about %s: %s", held.chat_id, held.arxiv_id, delivery.detail
            )
            continue
        sent += 1
    return sent
