"""The rota's ask as the rota asker sends it: jobs.sessions.rota.RotaTexts over the pure
formatting in bot/render/rota.py (in the group, the group's language: the job's place sets it;
privately, the member's own, as their nudges are)."""

from __future__ import annotations

from bot.render.rota import ask_buttons, ask_text
from bot.texts import speaking
from bot.texts.languages import language_or_default
from jobs.sending import Message
from store.rota import RotaMember
from store.sessions import Session


class RotaMessages:
    """An ask with its take and pass buttons."""

    def ask(
        self, member: RotaMember, session: Session, ask_id: int, group_title: str | None
    ) -> Message:
        if group_title is None:
            return Message(ask_text(member, session, None), ask_buttons(ask_id))
        with speaking(language_or_default(member.language_code)):  # a private chat: theirs
            return Message(ask_text(member, session, group_title), ask_buttons(ask_id))
