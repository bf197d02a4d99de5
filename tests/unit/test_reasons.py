"""Reasons cross into SQLite as JSON and come back as the same typed values (issue 17 item 4)."""

from __future__ import annotations

from store.reasons import Reason, reasons_from_json, reasons_to_json


def test_reasons_come_back_as_they_were_stored() -> None:
    reasons = (
        Reason("match", "lora, 微调 → fine-tuning"),
        Reason("close", "Our reading of it", notes=False),
        Reason("meaning", "retrieval augmented generation"),
        Reason("group", "claimed"),
        Reason("order"),
    )
    assert reasons_from_json(reasons_to_json(reasons)) == reasons


def test_an_older_or_broken_ledger_entry_is_skipped_not_fatal() -> None:
    stored = '[{"kind": "match", "value": "rag"}, {"kind": "unheard of"}, "a plain string"]'
    assert reasons_from_json(stored) == (Reason("match", "rag"),)
    assert reasons_from_json("not json") == ()
    assert reasons_from_json(None) == ()
