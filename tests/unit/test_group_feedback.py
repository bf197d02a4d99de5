"""The group's acts as relevance feedback (pure): a want pulls like papers up, "not for us"
pushes them down, and an old act counts less than a new one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from jobs.rank.group_feedback import HALF_LIFE, build_feedback, decay
from jobs.rank.lexical import Reason, add_group_reasons, build_listing_index, rank
from store.group_signals import Action, GroupSignal
from tests.unit.test_ranking import candidates

NOW = datetime(2026, 8, 20, 9, tzinfo=UTC)
RAG = "2608.17536"  # CoAL-RAG: legal retrieval-augmented generation


def signal(action: Action, days_ago: float = 1.0) -> GroupSignal:
    text = (
        "Retrieval-augmented generation for legal question answering: retrieve statutes and "
        "cases, then generate grounded answers with citations."
    )
    return GroupSignal("2601.00009", action, NOW - timedelta(days=days_ago), "Legal RAG", text)


def place_of(arxiv_id: str, signals: list[GroupSignal]) -> int:
    index = build_listing_index(candidates())
    feedback = build_feedback(signals, index, NOW) if signals else None
    ranked = rank(index, None, (), explain_top=0, feedback=feedback)
    return [r.arxiv_id for r in ranked].index(arxiv_id)


def test_a_want_moves_a_similar_paper_up_and_not_for_us_moves_it_down() -> None:
    alone = place_of(RAG, [])
    wanted = place_of(RAG, [signal("wanted")])
    assert wanted == 0 < alone
    assert place_of(RAG, [signal("not_for_us")]) > wanted
    index = build_listing_index(candidates())
    feedback = build_feedback([signal("not_for_us")], index, NOW)
    assert not feedback.liked, "a paper called not for us is never given as a reason"


def test_acts_fade_with_age() -> None:
    assert decay(NOW, NOW) == 1.0
    assert abs(decay(NOW - timedelta(days=HALF_LIFE), NOW) - 0.5) < 1e-9
    # A recent "not for us" outweighs an old want of the same paper: the group changed its mind.
    assert place_of(RAG, [signal("wanted", 400), signal("not_for_us", 1)]) > place_of(RAG, [])


def test_the_reason_says_what_the_group_did() -> None:
    index = build_listing_index(candidates())
    feedback = build_feedback([signal("wanted")], index, NOW)
    ranked = rank(index, None, (), explain_top=10, feedback=feedback)
    reasons = add_group_reasons(ranked, index, feedback, 10)[0].reasons
    assert ranked[0].arxiv_id == RAG and reasons == (Reason("group", "wanted"),)
