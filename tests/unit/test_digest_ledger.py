"""The digest ledger's part records (issue 17): a record written again (a kept record retried
after its first write had in fact gone through) changes nothing, and a late copy of an earlier
part's record never moves the count back, so no part is sent twice."""

from __future__ import annotations

from datetime import UTC, date, datetime

from store.db import open_db
from store.digests import DigestItem, get_digest, record_part_sent, start_digest
from store.groups import ensure_group
from store.papers import Paper, upsert_papers

NOW = datetime(2026, 8, 19, 13, 0, tzinfo=UTC)
LISTING = date(2026, 8, 19)
CLUB = -100


def test_a_part_recorded_twice_or_late_never_moves_the_count_back() -> None:
    db = open_db(None)
    ensure_group(db, CLUB, "LLM paper club", "supergroup", "UTC", NOW)
    items = [DigestItem(n, f"2408.0000{n}", 1.0, (), part) for n, part in ((1, 0), (2, 1), (3, 2))]
    upsert_papers(db, [Paper(item.arxiv_id, f"Paper {item.rank}") for item in items], NOW)
    start_digest(db, CLUB, LISTING, items, 3, NOW)
    record_part_sent(db, CLUB, LISTING, 0, 501, NOW)
    record_part_sent(db, CLUB, LISTING, 1, 502, NOW)
    record_part_sent(db, CLUB, LISTING, 0, 501, NOW)  # the retry of part 0's kept record
    record = get_digest(db, CLUB, LISTING)
    assert record is not None and (record.parts_sent, record.status) == (2, "sending")
    record_part_sent(db, CLUB, LISTING, 2, 503, NOW)
    record_part_sent(db, CLUB, LISTING, 2, 503, NOW)
    done = get_digest(db, CLUB, LISTING)
    assert done is not None and (done.parts_sent, done.status) == (3, "done")
    assert [item.message_id for item in done.items] == [501, 502, 503]
