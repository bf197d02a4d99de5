"""Digest parts are packed by the very blocks the send renders, measured as Telegram measures
(UTF-16 code units, issue 17): titles full of emoji (two units each) never push a part past
the budget, and no fudge leaves a part short of room its next item would have fitted in."""

from __future__ import annotations

from datetime import date

import pytest

from bot.outbound.digest_pages import DigestPages
from bot.render.digest import PART_BUDGET, DigestEntry, digest_header, render_part
from jobs.digest.choose import Chosen
from jobs.rank.lexical import Ranked
from jobs.sending import utf16_len
from jobs.summaries.check import SUMMARY_LIMIT, checked_summary
from store.db import open_db
from store.papers import Paper

LISTING = date(2026, 8, 19)
COUNTS = {"cs.CL": (40, 3)}


def chosen(count: int, text: str) -> list[Chosen]:
    """`count` papers whose title and abstract repeat `text`."""
    return [
        Chosen(
            Paper(
                f"2608.{n:05d}",
                f"{n} {text * 6}",
                1,
                ("Ada Lovelace", "Grace Hopper"),
                f"{text * 30}. More.",
                ("cs.CL",),
                "cs.CL",
            ),
            "new",
            Ranked(f"2608.{n:05d}", 1.0),
        )
        for n in range(1, count + 1)
    ]


@pytest.mark.parametrize("text", ["🦙 llama ", "参数高效微调 ", "plain words "])
def test_each_part_as_sent_fits_the_budget_in_utf16_units_and_is_filled(text: str) -> None:
    items = chosen(40, text)
    parts = DigestPages(open_db(None)).parts(LISTING, COUNTS, items)
    assert parts == sorted(parts) and parts[-1] >= 2, parts  # several parts, in order
    entries = [
        DigestEntry(n, c.paper, c.announce_type, c.ranked.reasons) for n, c in enumerate(items, 1)
    ]
    header = digest_header(LISTING, COUNTS, len(items), 43, late=True)  # the longest it gets
    for part in range(parts[-1] + 1):
        members = [e for e, p in zip(entries, parts, strict=True) if p == part]
        first = header if part == 0 else None
        sent = utf16_len(render_part(first, members).text)
        assert sent <= PART_BUDGET, (part, sent)
        following = [e for e, p in zip(entries, parts, strict=True) if p == part + 1][:1]
        if following:  # the next item would not have fitted: the part is as full as it can be
            fuller = utf16_len(render_part(first, [*members, *following]).text)
            assert fuller > PART_BUDGET - 2, (part, sent, fuller)


def test_a_summary_is_cut_to_the_room_a_packed_part_keeps_for_it_in_utf16_units() -> None:
    sentence = "Llamas 🦙🦙🦙🦙🦙 learn to rank papers with fewer labels. "
    summary = checked_summary(sentence * 20, "en")
    assert summary is not None and summary.startswith("Llamas")
    assert len(summary) < utf16_len(summary) <= SUMMARY_LIMIT  # emoji count twice
    items = chosen(40, "🦙 llama ")
    parts = DigestPages(open_db(None), summaries=True).parts(LISTING, COUNTS, items)
    header = digest_header(LISTING, COUNTS, len(items), 43, late=True)
    for part in range(parts[-1] + 1):
        members = [
            DigestEntry(n, c.paper, c.announce_type, c.ranked.reasons, summary=summary)
            for n, (c, p) in enumerate(zip(items, parts, strict=True), 1)
            if p == part
        ]
        sent = render_part(header if part == 0 else None, members).text
        assert utf16_len(sent) <= PART_BUDGET, (part, utf16_len(sent))
