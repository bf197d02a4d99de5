"""The bot's "reply with your note" prompts: a reply to one of them is the prompted member's
note on the paper (with --replace, it replaces their note instead of adding to it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from store.clock import to_text


@dataclass(frozen=True)
class Prompt:
    """The bot asked a member for a note on a paper; their reply to that message is the note."""

    chat_id: int
    prompt_message_id: int
    user_id: int
    arxiv_id: str
    replace: bool = False  # the reply replaces the member's note instead of adding to it


def add_prompt(
    db: Database,
    chat_id: int,
    prompt_message_id: int,
    user_id: int,
    arxiv_id: str,
    now: datetime,
    *,
    replace: bool = False,
) -> None:
    """Remember that a reply to this bot message is the member's note on the paper."""
    db.table("note_prompts").upsert(
        {
            "chat_id": chat_id,
            "prompt_message_id": prompt_message_id,
            "user_id": user_id,
            "arxiv_id": arxiv_id,
            "created_at": to_text(now),
            "replace": int(replace),
        },
        pk=("chat_id", "prompt_message_id"),
    )


def place_prompt(db: Database, chat_id: int, pending_id: int, prompt_message_id: int) -> None:
    """The prompt stored before sending now has its message id: replies to it are the note."""
    with db.conn:
        db.execute(
            "update note_prompts set prompt_message_id = ? "
            "where chat_id = ? and prompt_message_id = ?",
            [prompt_message_id, chat_id, pending_id],
        )


def get_prompt(db: Database, chat_id: int, prompt_message_id: int) -> Prompt | None:
    """The prompt a message replies to, if the bot asked for a note there."""
    rows = list(
        db.table("note_prompts").rows_where(
            "chat_id = ? and prompt_message_id = ?", [chat_id, prompt_message_id], limit=1
        )
    )
    if not rows:
        return None
    row = rows[0]
    return Prompt(
        row["chat_id"],
        row["prompt_message_id"],
        row["user_id"],
        row["arxiv_id"],
        bool(row.get("replace")),
    )


def drop_prompt(db: Database, chat_id: int, prompt_message_id: int) -> None:
    """The note arrived: the prompt is used up."""
    with db.conn:
        db.execute(
            "delete from note_prompts where chat_id = ? and prompt_message_id = ?",
            [chat_id, prompt_message_id],
        )
