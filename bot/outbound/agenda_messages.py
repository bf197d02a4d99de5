"""The agenda as the agenda runner posts it: jobs.sessions.agenda.AgendaTexts over the pure
formatting in bot/render/sessions.py (in the group's language: the job's place sets it)."""

from __future__ import annotations

from bot.render.papers import split_html
from bot.render.sessions import agenda_text
from jobs.sending import Message
from jobs.sessions.agenda import Agenda


class AgendaMessages:
    """The posted agenda, split below Telegram's limit."""

    def agenda(self, agenda: Agenda) -> list[Message]:
        return [Message(part) for part in split_html([agenda_text(agenda)])]
