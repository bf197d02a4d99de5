"""Wants: one per member, paper and group; changed or taken back; forgotten with the member."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from store.db import open_db
from store.wants import NOT_FOR_US, WANT, clear_want, forget_member_wants, group_wants, set_want

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def test_a_member_wants_a_paper_once_and_may_change_their_mind() -> None:
    db = open_db(None)
    assert set_want(db, -100, "2401.04088", 7, WANT, NOW)
    assert not set_want(db, -100, "2401.04088", 7, WANT, NOW + timedelta(minutes=1))
    assert set_want(db, -100, "2401.04088", 8, WANT, NOW)
    assert set_want(db, -100, "2401.04088", 7, NOT_FOR_US, NOW + timedelta(hours=1))
    wants = group_wants(db, -100)
    assert sorted((w.user_id, w.signal) for w in wants) == [(7, NOT_FOR_US), (8, WANT)]
    assert group_wants(db, -200) == []
    assert [w.user_id for w in group_wants(db, -100, since=NOW + timedelta(minutes=30))] == [7]


def test_wants_are_taken_back_and_forgotten() -> None:
    db = open_db(None)
    set_want(db, -100, "2401.04088", 7, WANT, NOW)
    set_want(db, -200, "2401.00001", 7, WANT, NOW)
    set_want(db, -100, "2401.00001", 8, WANT, NOW)
    assert clear_want(db, -100, "2401.04088", 7)
    assert not clear_want(db, -100, "2401.04088", 7)
    assert forget_member_wants(db, 7) == 1
    assert [(w.chat_id, w.user_id) for w in group_wants(db, -100)] == [(-100, 8)]
