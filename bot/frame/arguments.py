"""Reading command arguments: parse the id, find the paper, or tell the member plainly why not."""

from __future__ import annotations

import logging

from telegram import Message

from bot.frame.services import Services
from bot.frame.update_order import let_chat_go_on
from bot.render.papers import invalid_id_message
from bot.texts import t
from jobs.arxiv.api import ArxivBroken, ArxivUnavailable, find_paper
from store.papers import Paper
from store.parse.ids import ArxivId, InvalidArxivId, parse_arxiv_id

log = logging.getLogger(__name__)


async def arxiv_id_or_explain(message: Message, text: str) -> ArxivId | None:
    """The id in `text`, or None after replying why it is not one and which forms work."""
    try:
        return parse_arxiv_id(text)
    except InvalidArxivId as error:
        await message.reply_text(invalid_id_message(error))
        return None


async def paper_or_explain(message: Message, services: Services, arxiv_id: ArxivId) -> Paper | None:
    """The paper from the store or arXiv; on failure the member has been told why."""
    try:
        paper = await find_paper(
            services.catalog,
            services.arxiv,
            arxiv_id,
            services.clock(),
            before_fetch=let_chat_go_on,
        )
    except ArxivBroken as exc:
        log.warning("arXiv lookup of %s failed: %s", arxiv_id, exc)
        await message.reply_text(t("paper.broken_answer", arxiv_id=str(arxiv_id)))
        return None
    except ArxivUnavailable as exc:
        log.warning("arXiv lookup of %s failed: %s", arxiv_id, exc)
        await message.reply_text(t("paper.unavailable"))
        return None
    if paper is None:
        await message.reply_text(t("paper.not_found", arxiv_id=str(arxiv_id)))
    return paper
