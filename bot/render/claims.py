"""Pure formatting of claims: the reply to /claim, the board, /mine and version news."""

from __future__ import annotations

import html
from datetime import date

from bot.render.papers import paper_card, paper_link
from bot.texts import Html, escape, t, tn
from store.claims import Claim, ClaimOutcome, ClaimResult, ReleaseOutcome
from store.notes import Note
from store.papers import Paper


def _due(claim: Claim) -> str:
    return claim.due_on.isoformat() if claim.due_on else "—"


def _since(claim: Claim) -> str:
    return claim.claimed_at.date().isoformat()


def is_overdue(claim: Claim, today: date) -> bool:
    """An open claim whose due date (in the group's time zone) has passed."""
    return claim.status == "open" and claim.due_on is not None and claim.due_on < today


def claim_reply(result: ClaimResult, paper: Paper, notes: int = 0) -> Html:
    """The paper card with who presents it and the club's `notes` on it, where to read them;
    why nothing changed in one line (a repeated /claim on a held paper need not post the
    card again)."""
    claim = result.claim
    if claim is None:
        raise RuntimeError("expected claim is not None")
    if result.outcome is ClaimOutcome.ALREADY_YOURS:
        return t("claims.already_yours", since=_since(claim), due=_due(claim))
    if result.outcome is ClaimOutcome.TAKEN:
        return t("claims.taken", name=claim.holder, since=_since(claim), due=_due(claim))
    lines = [Html(""), t("claims.claimed", name=claim.holder, due=_due(claim))]
    if notes:
        lines.append(tn("claims.club_notes", notes, arxiv_id=paper.arxiv_id))
    return paper_card(paper, lines)


def button_toast(result: ClaimResult) -> str:
    """The short answer to a digest's claim button (plain text, under 200 characters)."""
    claim = result.claim
    if claim is None:
        raise RuntimeError("expected claim is not None")
    if result.outcome is ClaimOutcome.CLAIMED:
        text = t("claims.button_claimed", due=_due(claim))
    elif result.outcome is ClaimOutcome.ALREADY_YOURS:
        text = t("claims.button_yours", due=_due(claim))
    else:
        text = t("claims.button_taken", name=claim.holder, since=_since(claim))
    return html.unescape(text)[:200]


def release_reply(result: ClaimResult, title: str) -> Html:
    """What /unclaim did."""
    if result.outcome is ReleaseOutcome.NOT_CLAIMED or result.claim is None:
        return t("claims.not_claimed", title=title)
    if result.outcome is ReleaseOutcome.NOT_YOURS:
        return t("claims.not_yours", name=result.claim.holder, title=title)
    return t("claims.released", name=result.claim.holder, title=title)


def board(claims: list[Claim], today: date) -> Html:
    """Open claims by due date (overdue marked), then those done this week."""
    if not claims:
        return t("claims.board_empty")
    lines: list[str] = [t("claims.board_title")]
    for claim in claims:
        if claim.status != "open":
            continue
        key = "claims.board_overdue" if is_overdue(claim, today) else "claims.board_open"
        lines.append(t(key, name=claim.holder, title=_title(claim), due=_due(claim)))
    done = [claim for claim in claims if claim.status == "done"]
    if done:
        lines += ["", t("claims.board_done_title")]
        lines += [t("claims.board_done", name=c.holder, title=_title(c)) for c in done]
    return Html("\n".join(lines))


def _title(claim: Claim) -> Html:
    return Html(
        f'<a href="https://arxiv.org/abs/{escape(claim.arxiv_id)}">{escape(claim.paper_title)}</a>'
    )


def mine(
    claims: list[Claim], notes: list[Note], todays: dict[int, date], titles: dict[int, str]
) -> list[str]:
    """A member's claims and latest notes, as blocks for split_html; group names when several.

    `todays` is each group's local date: "overdue" is judged in the claim's own group."""
    many = len(titles) > 1

    def group(chat_id: int) -> Html:
        return t("claims.in_group", group=titles.get(chat_id, "")) if many else Html("")

    blocks: list[str] = []
    lines = [t("claims.mine_title")]
    for claim in claims:
        if claim.status == "done":
            key = "claims.mine_done"
        else:
            overdue = is_overdue(claim, todays[claim.chat_id])
            key = "claims.mine_overdue" if overdue else "claims.mine_line"
        lines.append(t(key, title=_title(claim), due=_due(claim), group=group(claim.chat_id)))
    if not claims:
        lines.append(t("claims.mine_none"))
    blocks.append("\n".join(lines))
    lines = [t("claims.mine_notes_title")]
    for note in notes:
        title = note.fields.title or note.heading or note.entry_key
        lines.append(
            t(
                "claims.mine_note",
                title=title,
                revision=note.revision,
                date=note.created_at.date().isoformat(),
                group=group(note.chat_id),
            )
        )
    if not notes:
        lines.append(t("claims.mine_notes_none"))
    blocks.append("\n".join(lines))
    return blocks


def new_version_message(claim: Claim, paper: Paper | None, version: int) -> Html:
    """Tell a claimant, in their group, that arXiv announced a new version of their paper."""
    link = paper_link(paper) if paper else escape(claim.arxiv_id)
    mention = Html(f'<a href="tg://user?id={claim.user_id}">{escape(claim.holder)}</a>')
    return t("claims.new_version", version=version, link=link, mention=mention, due=_due(claim))
