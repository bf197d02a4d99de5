"""The arXiv pacer: starts spaced for the whole process, members' look-ups first."""

from __future__ import annotations

import threading
import time

import pytest

from jobs.arxiv.pacer import Lane, Pacer, PacerTimeout, seconds_until_turn

M, B = Lane.INTERACTIVE, Lane.BACKGROUND  # M: a member's look-up


@pytest.mark.parametrize(
    ("lane", "now", "last_start", "busy", "interactive_waiting", "expected"),
    [
        (B, 10.0, None, set(), False, 0.0),  # the first request goes at once
        (B, 10.0, 9.0, set(), False, 2.0),  # starts are 3 s apart
        (M, 10.0, 9.0, set(), True, 2.0),
        (B, 12.5, 9.0, set(), False, 0.0),
        (M, 10.0, 9.0, {B}, True, 2.0),  # a running feed fetch does not hold a look-up...
        (M, 20.0, 9.0, {B}, True, 0.0),  # ...even one hanging for its whole timeout
        (B, 20.0, 9.0, {B}, False, None),  # one request at a time per lane
        (M, 20.0, 9.0, {M}, True, None),
        (B, 20.0, 9.0, set(), True, None),  # a waiting look-up takes the next start first
        (B, 20.0, 9.0, {M}, True, 0.0),  # unless the look-up lane is busy anyway
    ],
)
def test_seconds_until_turn(
    lane: Lane,
    now: float,
    last_start: float | None,
    busy: set[Lane],
    interactive_waiting: bool,
    expected: float | None,
) -> None:
    wait = seconds_until_turn(
        lane,
        now,
        last_start=last_start,
        busy=frozenset(busy),
        interactive_waiting=interactive_waiting,
        min_interval=3.0,
    )
    assert wait == expected


def test_a_hanging_background_request_does_not_hold_a_look_up() -> None:
    pacer = Pacer(0.2)
    hanging, release = threading.Event(), threading.Event()
    starts: dict[str, float] = {}

    def feed_fetch() -> None:
        with pacer.turn(Lane.BACKGROUND):
            starts["feed"] = time.monotonic()
            hanging.set()
            release.wait(10)

    worker = threading.Thread(target=feed_fetch)
    worker.start()
    assert hanging.wait(5)
    with pacer.turn(Lane.INTERACTIVE, timeout=5):
        starts["look-up"] = time.monotonic()
    release.set()
    worker.join(5)
    assert 0.19 <= starts["look-up"] - starts["feed"] < 5  # spaced, and not behind the hang


def test_a_look_up_waiting_for_its_start_goes_before_a_queued_feed_fetch() -> None:
    pacer = Pacer(0.3)
    order: list[str] = []
    with pacer.turn(Lane.INTERACTIVE):  # a start just happened: the next is 0.3 s away
        background = threading.Thread(target=lambda: _take(pacer, Lane.BACKGROUND, order))
        background.start()
        interactive = threading.Thread(target=lambda: _take(pacer, Lane.INTERACTIVE, order))
        interactive.start()
    background.join(5)
    interactive.join(5)
    assert order == ["interactive", "background"]


def _take(pacer: Pacer, lane: Lane, order: list[str]) -> None:
    with pacer.turn(lane, timeout=5):
        order.append(lane.value)


def test_a_turn_that_does_not_come_in_time_sends_nothing() -> None:
    pacer = Pacer(10.0)
    with pacer.turn(Lane.BACKGROUND):
        pass
    started = time.monotonic()
    with pytest.raises(PacerTimeout), pacer.turn(Lane.INTERACTIVE, timeout=0.1):
        pytest.fail("no request may start within 10 s of the last")
    assert time.monotonic() - started < 5
