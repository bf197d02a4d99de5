"""The agenda as the agenda runner posts it: jobs.sessions.agenda.AgendaTexts over the pure
formatting in bot/render/sessions.py (in the group's language: the job's place sets it)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.render.papers import split_html
from bot.render.sessions import agenda_text, archive_text
from jobs.sending import Message
from jobs.sessions.agenda import Agenda
from store.agenda import Slot
from store.sessions import Session


class AgendaMessages:
    """The posted agenda and archive entry, split below Telegram's limit."""

    def agenda(self, agenda: Agenda) -> list[Message]:
        return [Message(part) for part in split_html([agenda_text(agenda)])]

    def archive(self, session: Session, slots: Sequence[Slot]) -> list[Message]:
        return [Message(part) for part in split_html([archive_text(session, slots)])]
