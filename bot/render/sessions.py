"""Pure formatting of the meetings: the next one, an agenda, the most wanted papers."""

from __future__ import annotations

from collections.abc import Sequence

from bot.render.reminders import mention, paper_ref
from bot.texts import Html, escape, t, tn
from bot.texts.dates import day_label, weekday_name
from jobs.sessions.agenda import Agenda
from store.agenda import Slot
from store.parse.zones import zone_label
from store.sessions import Schedule, Session
from store.wants import Wanted


def when(session: Session) -> Html:
    """`Wed 9 Dec 20:00` / `12月9日 周三 20:00`, marked when it is an extra meeting."""
    label = t("session.when", day=day_label(session.on_date), time=session.at)
    return Html(label + t("session.extra")) if session.extra else label


def overview(schedule: Schedule, agenda: Agenda | None) -> Html:
    """What /session shows: the next meeting, where, who presents what, and the rule."""
    plan = schedule.plan
    if plan is None:
        return t("session.none")
    if not plan.enabled:
        return t("session.is_off")
    lines: list[str] = []
    if agenda is not None:
        lines.append(t("session.next", when=when(agenda.session)))
        if agenda.session.place:
            lines.append(t("session.place", place=agenda.session.place))
        lines.extend(slot_lines(agenda))
    rule = t(
        "session.regular",
        day=weekday_name(plan.weekday),
        time=plan.at,
        zone=zone_label(schedule.zone),
    )
    lines.append("")
    lines.append(t("session.rule_line", rule=rule, slots=tn("session.slots", plan.slots)))
    return Html("\n".join(lines))


def slot_lines(agenda: Agenda) -> list[Html]:
    """One line per claimed paper, then each open slot with the most wanted unclaimed paper
    that could fill it, then how to take one."""
    lines = [
        t(
            "agenda.slot",
            number=number,
            paper=paper_ref(slot.arxiv_id, slot.title),
            presenter=mention(slot.user_id, slot.presenter),
            note=t("agenda.note_in") if slot.has_note else t("agenda.no_note"),
        )
        for number, slot in enumerate(agenda.slots, 1)
    ]
    if not agenda.slots:
        lines.append(t("agenda.nothing_claimed"))
    first_open = len(agenda.slots) + 1
    for number, wanted in enumerate(agenda.wanted[: agenda.open_slots], first_open):
        lines.append(
            t("agenda.open_slot", number=number, paper=paper_ref(wanted.arxiv_id, wanted.title),
              arxiv_id=wanted.arxiv_id, votes=wanted.votes)
        )  # fmt: skip
    if agenda.open_slots:
        lines.append(tn("agenda.open", agenda.open_slots))
    return lines


def agenda_text(agenda: Agenda) -> Html:
    """The agenda, as /agenda shows it and as it is posted before the meeting."""
    lines: list[str] = [t("agenda.title", when=when(agenda.session))]
    if agenda.session.place:
        lines.append(t("session.place", place=agenda.session.place))
    lines.extend(slot_lines(agenda))
    more = agenda.wanted[agenda.open_slots :]  # those not already offered for an open slot
    if more:
        lines.extend(["", t("agenda.wanted")])
        lines.extend(
            t("agenda.wanted_line", paper=paper_ref(w.arxiv_id, w.title), arxiv_id=w.arxiv_id,
              votes=w.votes)
            for w in more
        )  # fmt: skip
    return Html("\n".join(lines))


def archive_text(session: Session, slots: Sequence[Slot]) -> Html:
    """After a meeting: who presented what, and where each note is (`/notes <id>`)."""
    lines: list[str] = [t("archive.title", when=when(session))]
    for number, slot in enumerate(slots, 1):
        note = t("archive.note", arxiv_id=slot.arxiv_id) if slot.has_note else t("agenda.no_note")
        lines.append(
            t("archive.slot", number=number, paper=paper_ref(slot.arxiv_id, slot.title),
              presenter=escape(slot.presenter), note=note)
        )  # fmt: skip
    if not slots:
        lines.append(t("archive.nothing"))
    return Html("\n".join(lines))


def top_text(wanted: Sequence[Wanted], period: str) -> Html:
    """`/top`: the most wanted unclaimed papers of a period."""
    if not wanted:
        return t("top.empty")
    lines = [t("top.title", period=t(f"top.{period}"))]
    lines.extend(
        t("top.line", number=number, paper=paper_ref(w.arxiv_id, w.title), arxiv_id=w.arxiv_id,
          votes=w.votes)
        for number, w in enumerate(wanted, 1)
    )  # fmt: skip
    return Html("\n".join(lines))
