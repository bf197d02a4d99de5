"""Claims in the store: the unique index decides races between connections."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from store.claims import (
    ClaimOutcome,
    ReleaseOutcome,
    claim_board,
    claim_paper,
    open_claim,
    release_claim,
)
from store.db import open_db
from store.forgetting import Forgettable, forget_member
from store.groups import ensure_group, record_member
from store.notes import latest_notes, save_note
from store.papers import Paper, upsert_papers
from store.parse.note_fields import parse_note

NOW = datetime(2026, 11, 21, 9, tzinfo=UTC)
CHAT = -100123
DUE = date(2026, 11, 28)


def prepared(path: Path) -> None:
    db = open_db(path)
    ensure_group(db, CHAT, "club", "supergroup", "UTC", NOW)
    for user_id, name in ((1, "Ada"), (2, "Bo")):
        record_member(db, user_id, name, None, NOW, chat_id=CHAT)
    upsert_papers(db, [Paper("2401.04088", "Mixtral of Experts")], NOW)
    db.close()


def test_two_connections_claiming_at_once_exactly_one_wins(tmp_path: Path) -> None:
    path = tmp_path / "race.db"
    prepared(path)
    for round_ in range(20):
        arxiv_id = f"2401.{10000 + round_}"
        db = open_db(path)
        upsert_papers(db, [Paper(arxiv_id, f"paper {round_}")], NOW)
        db.close()
        barrier = threading.Barrier(2)
        outcomes: dict[int, ClaimOutcome] = {}

        def claim(
            user_id: int,
            arxiv_id: str = arxiv_id,
            barrier: threading.Barrier = barrier,
            outcomes: dict[int, ClaimOutcome] = outcomes,
        ) -> None:
            db = open_db(path)
            barrier.wait()
            result = claim_paper(db, CHAT, arxiv_id, user_id, DUE, NOW)
            outcomes[user_id] = result.outcome  # type: ignore[assignment]
            db.close()

        threads = [threading.Thread(target=claim, args=(user,)) for user in (1, 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(o.value for o in outcomes.values()) == ["claimed", "taken"], outcomes
        db = open_db(path)
        assert (
            db.execute(
                "select count(*) from claims where arxiv_id = ? and status = 'open'", [arxiv_id]
            ).fetchone()[0]
            == 1
        )
        db.close()


def test_claim_release_and_board(tmp_path: Path) -> None:
    prepared(tmp_path / "c.db")
    db = open_db(tmp_path / "c.db")
    first = claim_paper(db, CHAT, "2401.04088", 1, DUE, NOW)
    assert first.outcome is ClaimOutcome.CLAIMED and first.claim and first.claim.holder == "Ada"
    assert claim_paper(db, CHAT, "2401.04088", 1, DUE, NOW).outcome is ClaimOutcome.ALREADY_YOURS
    taken = claim_paper(db, CHAT, "2401.04088", 2, DUE, NOW)
    assert taken.outcome is ClaimOutcome.TAKEN and taken.claim and taken.claim.user_id == 1
    assert release_claim(db, CHAT, "2401.04088", 2, False, NOW).outcome is ReleaseOutcome.NOT_YOURS
    assert release_claim(db, CHAT, "2401.04088", 2, True, NOW).outcome is ReleaseOutcome.RELEASED
    assert open_claim(db, CHAT, "2401.04088") is None
    assert claim_paper(db, CHAT, "2401.04088", 2, DUE, NOW).outcome is ClaimOutcome.CLAIMED
    assert [c.holder for c in claim_board(db, CHAT, NOW)] == ["Bo"]


def test_a_note_completes_the_claim_and_forget_removes_everything(tmp_path: Path) -> None:
    prepared(tmp_path / "n.db")
    db = open_db(tmp_path / "n.db")
    claim_paper(db, CHAT, "2401.04088", 1, DUE, NOW)
    for text in ("方法: v1", "方法: v2"):
        saved = save_note(
            db, chat_id=CHAT, entry_key="2401.04088", arxiv_id="2401.04088", author_id=1,
            author_name="Ada", fields=parse_note(text), raw_text=text, now=NOW,
        )  # fmt: skip
    assert saved.note.revision == 2 and not saved.completed_claim  # completed by revision 1
    board = claim_board(db, CHAT, NOW + timedelta(days=1))
    assert [(c.holder, c.status) for c in board] == [("Ada", "done")]
    assert [(n.fields.method, n.revisions) for n in latest_notes(db, CHAT, "2401.04088")] == [
        ("v2", 2)
    ]
    assert forget_member(db, 1) == Forgettable(notes=1, open_claims=0, past_claims=1)
    assert latest_notes(db, CHAT, "2401.04088") == [] and claim_board(db, CHAT, NOW) == []
