"""Reading command arguments: parse, or tell the member plainly what was wrong."""

from __future__ import annotations

from telegram import Message

from bot.formatting import invalid_id_message
from store.ids import ArxivId, InvalidArxivId, parse_arxiv_id


async def arxiv_id_or_explain(message: Message, text: str) -> ArxivId | None:
    """The id in `text`, or None after replying why it is not one and which forms work."""
    try:
        return parse_arxiv_id(text)
    except InvalidArxivId as error:
        await message.reply_text(invalid_id_message(error))
        return None
