"""The digest as Telegram messages (pure): a header with counts per category, then numbered
items with their reasons and gist, split only between items, each message under 4096."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot.render.lists import clauses
from bot.render.papers import gist, paper_link, short_authors, shorten
from bot.texts import Html, escape, t, tn
from bot.texts.dates import day_label
from jobs.sending import Button, Buttons, Message, utf16_len
from store.papers import Paper
from store.reasons import Reason

PART_BUDGET = 3800  # under 4096, with room for "claimed by …" lines added on re-render
REASON_TITLE_LIMIT = 90
BUTTONS_PER_ROW = 5
KEYBOARD_MAX = 100  # buttons Telegram takes in one inline keyboard
GROUP_REASONS = {
    "claimed": "digest.reason_group_claimed",
    "noted": "digest.reason_group_noted",
    "wanted": "digest.reason_group_wanted",
}


@dataclass(frozen=True)
class DigestEntry:
    """One numbered item as shown: the paper, how it was announced, why, and who holds it."""

    number: int
    paper: Paper
    announce_type: str  # new | cross
    reasons: tuple[Reason, ...] = ()
    claimed_by: str | None = None
    wants: int = 0  # members who pressed its 👍
    summary: str | None = None  # the machine summary in the group's language, when made
    not_for_us: int = 0  # members who pressed its 👎 (shown only where the group has it on)


def digest_header(
    listing: date,
    counts: Mapping[str, tuple[int, int]],
    shown: int,
    total: int,
    *,
    late: bool = False,
) -> Html:
    """Listing date, how many papers and where, each counted once (`counts` add up to
    `total`), how many are shown (and a note when late)."""
    lines = [t("digest.title", date=day_label(listing))]
    if len(counts) > 1:  # where a paper listed in several categories counts
        lines.append(tn("digest.counted_once", total))
    for category, (new, cross) in counts.items():
        lines.append(t("digest.count_line", category=category, new=new, cross=cross))
    lines.append(t("digest.shown", shown=shown, total=total))
    if late:
        lines.append(t("digest.late_note"))
    return Html("\n".join(lines))


def reason_text(reason: Reason) -> Html:
    """One reason as a short phrase: the keywords matched, the title of the catalog paper it
    is closest to (digests stored before titles carry its arXiv id there), or arXiv's order."""
    if reason.kind == "match":
        return t("digest.reason_match", terms=reason.value)
    if reason.kind == "order":
        return t("digest.reason_order")
    if reason.kind == "group":  # like what the group claimed, noted or wanted
        return t(GROUP_REASONS.get(reason.value, "digest.reason_group_claimed"))
    if reason.kind == "meaning":  # the semantic ranker: close in meaning to a keyword phrase
        return t("digest.reason_meaning", terms=reason.value)
    key = "digest.reason_close_notes" if reason.notes else "digest.reason_close_claim"
    return t(key, title=shorten(reason.value, REASON_TITLE_LIMIT))


def digest_item(entry: DigestEntry) -> Html:
    """Numbered linked title; authors, category and the id to type in /claim; reasons, gist."""
    paper = entry.paper
    meta_key = "digest.meta_cross" if entry.announce_type == "cross" else "digest.meta"
    lines = [
        t("digest.item_title", number=entry.number, link=paper_link(paper)),
        t(
            meta_key,
            authors=short_authors(paper.authors),
            category=paper.primary_category,
            arxiv_id=paper.arxiv_id,
        ),
    ]
    if entry.reasons:
        reasons = clauses(reason_text(reason) for reason in entry.reasons)
        lines.append(Html(f"<i>{reasons}</i>"))
    if entry.summary:  # checked plain text (jobs/summaries/check.py), escaped by t()
        lines.append(t("digest.summary", summary=entry.summary))
    elif first := gist(paper.abstract):
        lines.append(escape(first))
    if entry.claimed_by:
        lines.append(t("digest.claimed_by", name=entry.claimed_by))
    return Html("\n".join(lines))


def part_blocks(header: Html | None, entries: Sequence[DigestEntry]) -> list[Html]:
    """A part's blocks as sent: the header (first part only), then its items. The packer
    measures these very blocks, so what it measures is what is sent."""
    return ([header] if header else []) + [digest_item(entry) for entry in entries]


def block_lengths(header: Html, entries: Sequence[DigestEntry]) -> tuple[int, list[int]]:
    """The header's and each item's length as Telegram counts it (UTF-16 code units), for
    packing; the blank line between blocks is counted by the packer."""
    header_length, *items = (utf16_len(block) for block in part_blocks(header, entries))
    return header_length, items


def _counted(key: str, number: int, count: int) -> str:
    """A 👍 or 👎 label: the item's number, and how many pressed it when any did."""
    return t(f"{key}_count" if count else key, number=number, count=count)


def part_buttons(entries: Sequence[DigestEntry], *, not_for_us: bool = False) -> Buttons:
    """A "Claim N" button (`claim:<id>`), a 👍 N button (`want:<id>`, with how many want it)
    and, where the group turned it on, a 👎 N button (`nfu:<id>`, "not for us") for every item
    nobody holds yet: claim buttons first, then the wants, then the 👎. The 👎 rows are left
    out of a part so long that they would pass Telegram's keyboard limit. Data stay within
    Telegram's 64 bytes (an arXiv id has about 20 characters). Plain rows, the sender's own
    type: they become Telegram's keyboard only when sent."""
    open_entries = [entry for entry in entries if not entry.claimed_by]
    if not open_entries:
        return ()
    kinds: list[list[Button]] = [
        [
            (t("digest.claim_button", number=e.number), f"claim:{e.paper.arxiv_id}")
            for e in open_entries
        ],
        [
            (_counted("want.button", e.number, e.wants), f"want:{e.paper.arxiv_id}")
            for e in open_entries
        ],
    ]
    if not_for_us and 3 * len(open_entries) <= KEYBOARD_MAX:
        kinds.append(
            [
                (_counted("not_for_us.button", e.number, e.not_for_us), f"nfu:{e.paper.arxiv_id}")
                for e in open_entries
            ]
        )
    return tuple(
        tuple(buttons[i : i + BUTTONS_PER_ROW])
        for buttons in kinds
        for i in range(0, len(buttons), BUTTONS_PER_ROW)
    )


def render_part(
    header: Html | None, entries: Sequence[DigestEntry], *, not_for_us: bool = False
) -> Message:
    """One message of the digest: the header (first part only) and its items, with buttons
    (the 👎 row too when the group has it on)."""
    text = Html("\n\n".join(part_blocks(header, entries)))
    return Message(text, part_buttons(entries, not_for_us=not_for_us))
