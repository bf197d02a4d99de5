"""The digest's buttons within Telegram's limits: the 👎 row only where the group turned it on,
counts on the 👍 and 👎 labels, data within 64 bytes, and never more than 100 buttons."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.render.digest import KEYBOARD_MAX, DigestEntry, part_buttons
from store.db import open_db
from store.group_buttons import not_for_us_on, set_not_for_us
from store.papers import Paper
from store.wants import NOT_FOR_US, WANT, group_wants, toggle_signal, want_counts

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def entries(count: int, arxiv_id: str = "2608.{n:05d}") -> list[DigestEntry]:
    return [
        DigestEntry(n, Paper(arxiv_id.format(n=n), f"Paper {n}"), "new", not_for_us=n % 2)
        for n in range(1, count + 1)
    ]


def flat(rows: tuple[tuple[tuple[str, str], ...], ...]) -> list[tuple[str, str]]:
    return [button for row in rows for button in row]


def test_the_not_for_us_row_comes_only_when_on_and_counts_its_presses() -> None:
    items = entries(6)
    assert not [d for _, d in flat(part_buttons(items)) if d.startswith("nfu:")]
    buttons = flat(part_buttons(items, not_for_us=True))
    downs = [(label, data) for label, data in buttons if data.startswith("nfu:")]
    assert downs[:2] == [("👎 1 · 1", "nfu:2608.00001"), ("👎 2", "nfu:2608.00002")]
    assert [len(row) for row in part_buttons(items, not_for_us=True)] == [5, 1, 5, 1, 5, 1]


def test_a_long_part_keeps_within_telegrams_keyboard_and_data_limits() -> None:
    fits = KEYBOARD_MAX // 3
    assert len(flat(part_buttons(entries(fits), not_for_us=True))) == 3 * fits
    crowded = flat(part_buttons(entries(fits + 1), not_for_us=True))
    assert len(crowded) == 2 * (fits + 1) <= KEYBOARD_MAX  # the 👎 row gives way
    longest = entries(1, "cond-mat/0601001v123")  # an old-style id with a long version
    data = [data for _, data in flat(part_buttons(longest, not_for_us=True))]
    assert len(data) == 3 and all(len(d.encode()) <= 64 for d in data)


def test_a_press_toggles_and_a_thumb_up_and_down_replace_each_other() -> None:
    db = open_db(None)
    assert not not_for_us_on(db, -100)
    set_not_for_us(db, -100, True)
    assert not_for_us_on(db, -100) and not not_for_us_on(db, -200)
    assert toggle_signal(db, -100, "2401.04088", 7, NOT_FOR_US, NOW)
    assert want_counts(db, -100, ["2401.04088"], NOT_FOR_US) == {"2401.04088": 1}
    assert toggle_signal(db, -100, "2401.04088", 7, WANT, NOW)  # replaces the 👎
    assert [(w.user_id, w.signal) for w in group_wants(db, -100)] == [(7, WANT)]
    assert want_counts(db, -100, ["2401.04088"], NOT_FOR_US) == {}
    assert not toggle_signal(db, -100, "2401.04088", 7, WANT, NOW)  # taken back
    assert group_wants(db, -100) == []
