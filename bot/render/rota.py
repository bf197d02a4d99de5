"""Pure formatting of the rota and of swaps: the turn list, an ask and its buttons, the paper
choice after a take, a swap offer and its outcome."""

from __future__ import annotations

import html
from collections.abc import Sequence

from bot.render.reminders import mention, paper_ref
from bot.render.sessions import when
from bot.texts import Html, t
from bot.texts.dates import day_label
from jobs.sending import Buttons
from store.rota import RotaMember
from store.sessions import Session
from store.swaps import SwapSide
from store.wants import Wanted

PAPER_CHOICES = 3
BUTTON_TITLE = 40  # characters of a title on a button


def rota_list(members: Sequence[RotaMember]) -> Html:
    """`/rota`: the members in turn order, the next one first."""
    if not members:
        return t("rota.empty")
    lines = [t("rota.title")]
    lines.extend(t("rota.line", number=n, name=m.name) for n, m in enumerate(members, 1))
    return Html("\n".join(lines))


def ask_text(member: RotaMember, session: Session, group_title: str | None) -> Html:
    """The ask: privately (naming the group) or in the group (mentioning the member)."""
    if group_title is not None:
        return t("rota.ask_private", group=group_title, when=when(session))
    return t("rota.ask", member=mention(member.user_id, member.name), when=when(session))


def ask_buttons(ask_id: int) -> Buttons:
    take = (str(t("rota.take")), f"rota:take:{ask_id}")
    return ((take, (str(t("rota.pass")), f"rota:pass:{ask_id}")),)


def taken(
    user_id: int,
    name: str,
    session: Session,
    ask_id: int,
    wanted: Sequence[Wanted],
    group_title: str | None = None,
) -> tuple[Html, Buttons]:
    """After a take: which paper, the most wanted unclaimed as buttons; taken privately, the
    hint names the group, since a /claim is sent there."""
    who, day = mention(user_id, name), session.on_date.isoformat()
    key = "rota.taken" if group_title is None else "rota.taken_private"
    values = {"member": who, "when": when(session), "day": day}
    if group_title is not None:
        values["group"] = group_title
    if not wanted:
        return t(f"{key}_no_wants", **values), ()
    rows = tuple(  # a button's label is plain text: the title as written, not escaped
        ((html.unescape(t("rota.paper_button", votes=w.votes, title=_short(w.title))),
          f"rota:paper:{ask_id}:{w.arxiv_id}"),)
        for w in wanted[:PAPER_CHOICES]
    )  # fmt: skip
    return t(key, **values), rows


def _short(title: str) -> str:
    return title if len(title) <= BUTTON_TITLE else title[: BUTTON_TITLE - 1] + "…"


def swap_values(mine: SwapSide, theirs: SwapSide) -> dict[str, Html]:
    """The names, papers and meetings a swap offer and its outcome mention."""
    return {
        "me": mention(mine.user_id, mine.name),
        "them": mention(theirs.user_id, theirs.name),
        "my_paper": paper_ref(mine.arxiv_id, mine.title),
        "their_paper": paper_ref(theirs.arxiv_id, theirs.title),
        "my_when": Html(day_label(mine.session_on)),
        "their_when": Html(day_label(theirs.session_on)),
    }


def swap_buttons(offer_id: int) -> Buttons:
    return (
        ((str(t("swap.agree")), f"swap:yes:{offer_id}"),
         (str(t("swap.refuse")), f"swap:no:{offer_id}")),
    )  # fmt: skip
