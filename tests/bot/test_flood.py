"""The flood throttle: pure bookkeeping table-tested with `now`, then a burst through the bot."""

from __future__ import annotations

import time

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.config import Settings
from bot.frame.throttle import FLOOD_LIMIT, FLOOD_MUTE, FLOOD_WINDOW, FloodGate, FloodVerdict
from bot.handlers.flood import for_another_bot
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.telegram import FakeTelegram
from tests.harness import running_bot
from tests.search_data import add_group, add_note

A, W, X = FloodVerdict.ANSWER, FloodVerdict.WARN, FloodVerdict.IGNORE  # X: ignored


@pytest.mark.parametrize(
    ("times", "expected"),
    [
        ([0.0] * 3, [A] * 3),
        ([0.1 * n for n in range(10)], [A] * 10),  # the limit itself is answered
        ([0.1 * n for n in range(12)], [A] * 10 + [W, X]),  # the 11th warns, then silence
        ([0.5 * n for n in range(20)], [A] * 10 + [W] + [X] * 9),  # two a second is too many
        ([float(n) for n in range(30)], [A] * 30),  # one a second never exceeds ten in ten
        ([0.0] * 11 + [60.0, 61.0], [A] * 10 + [W, A, A]),  # the mute ends after 60 s
        ([0.0] * 11 + [59.9], [A] * 10 + [W, X]),
    ],
)
def test_flood_verdicts(times: list[float], expected: list[FloodVerdict]) -> None:
    gate = FloodGate(limit=10, window=10.0, mute=60.0)
    assert [gate.check(42, now) for now in times] == expected


def test_one_member_flooding_leaves_the_others_alone() -> None:
    gate = FloodGate(limit=2, window=10.0, mute=60.0)
    verdicts = [gate.check(sender, 0.0) for sender in (1, 1, 1, 2, 1, 2, 3)]
    assert verdicts == [A, A, W, A, X, A, A]


def test_quiet_members_are_forgotten() -> None:
    gate = FloodGate(limit=2, window=10.0, mute=60.0)
    for sender in range(1000):
        gate.check(sender, 0.0)
    gate.check(1, 0.0)
    gate.check(1, 0.0)  # sender 1 is muted until 60
    assert gate.tracked == 1000
    gate.check(5000, 30.0)  # a window later the quiet ones are gone; the muted one stays
    assert gate.tracked == 2
    gate.check(5000, 100.0)
    assert gate.tracked == 1


def test_the_limits_are_the_documented_ones() -> None:
    assert (FLOOD_LIMIT, FLOOD_WINDOW, FLOOD_MUTE) == (10, 10.0, 60.0)


async def test_a_burst_gets_one_notice_and_another_member_is_answered_at_once(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    async with running_bot(settings, telegram, arxiv_server, flood=FloodGate()) as bot:
        group = telegram.group("LLM paper club")
        flooder, other = telegram.user("Mallory"), telegram.user("Ada")
        for _ in range(15):  # commands for another bot are not ours to count (or answer)
            await telegram.send(group, flooder, "/help@some_other_bot")
        for _ in range(30):
            await telegram.send(group, flooder, "/help")
        started = time.monotonic()
        asked = await telegram.send(group, other, "/help")
        await telegram.wait_for(
            lambda: any(p.reply_to == asked["message_id"] for p in telegram.messages(group)),
            timeout=20,
        )
        waited = time.monotonic() - started
        assert waited < 2.0, f"another member waited {waited:.1f} s behind the burst"
        await bot.settled()
        texts = [p.text for p in telegram.messages(group)]
        notices = [text for text in texts if "lot of commands at once" in text]
        assert len(notices) == 1 and "60 s" in notices[0]
        assert len(texts) == FLOOD_LIMIT + 1 + 1  # ten answers, the notice, Ada's answer
        await telegram.send(group, flooder, "/help")  # still muted: not even a notice
        await bot.settled()
        assert len(telegram.messages(group)) == len(texts)


@pytest.mark.parametrize(
    ("text", "elsewhere"),
    [
        ("/help", False),
        ("/help@paperclub_test_bot", False),
        ("/help@PaperClub_Test_Bot arg", False),
        ("/help@some_other_bot", True),
        ("/start@other arg", True),
        (None, False),
        ("", False),
    ],
)
def test_commands_for_another_bot(text: str | None, elsewhere: bool) -> None:
    assert for_another_bot(text, "paperclub_test_bot") is elsewhere


async def test_a_burst_of_button_presses_gets_one_alert_and_nothing_more(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    async with running_bot(settings, telegram, arxiv_server, flood=FloodGate()) as bot:
        group = telegram.group("LLM paper club")
        flooder, other = telegram.user("Mallory"), telegram.user("Ada")
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton("Claim 1", callback_data="claim:2401.04088")]]
        )
        await bot.app.bot.send_message(group.id, "1. Mixtral of Experts", reply_markup=markup)
        digest = telegram.messages(group)[-1]
        presses = [
            await telegram.press(group, flooder, digest, "claim:2401.04088") for _ in range(15)
        ]
        asked = await telegram.press(group, other, digest, "claim:2401.04088")
        await telegram.wait_for(lambda: asked in telegram.answers, timeout=20)
        await bot.settled()
        answers = [telegram.answers.get(query) for query in presses]
        assert all(answer is not None for answer in answers[:11])
        alert = answers[10]
        assert alert is not None and alert.get("show_alert") in (True, "true")
        assert "lot of button presses" in alert["text"] and "60 s" in alert["text"]
        assert answers[11:] == [None] * 4, "presses during the mute are dropped"
        assert "Mallory already presents it" in telegram.answers[asked]["text"]


async def test_paging_quickly_is_no_flood_but_a_press_flood_still_is(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    # Issue 18: page presses counted in the same throttle, so a member paging quickly through
    # /search results was muted for 60 s.
    async with running_bot(settings, telegram, arxiv_server, flood=FloodGate()) as bot:
        group, reader = telegram.group("LLM paper club"), telegram.user("Ada")
        add_group(bot.db, group.id, "LLM paper club")
        for number in range(12):
            add_note(bot.db, group.id, f"检索增强 note {number}", title=f"RAG {number:02}")
        await telegram.send(group, reader, "/search 检索增强")
        results = await telegram.next_reply(group)
        turns = 3 * FLOOD_LIMIT
        for turn in range(1, turns + 1):  # Next, Previous, Next, ... as fast as the fake goes
            pressed = await telegram.press(
                group, reader, results, results.buttons[0]["callback_data"]
            )
            await telegram.wait_for(lambda t=turn: results.edits == t)
            assert f"page {1 + turn % 2}" in results.text
            assert not telegram.answers[pressed].get("text")  # no alert, no mute
        await telegram.send(group, reader, "/help")
        assert "/paper" in (await telegram.next_reply(group)).text, "the reader is not muted"
        # A real press flood (Claim, eleven times in a row) is still one.
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton("Claim 1", callback_data="claim:2401.04088")]]
        )
        await bot.app.bot.send_message(group.id, "1. Mixtral of Experts", reply_markup=markup)
        digest = telegram.messages(group)[-1]
        presses = [
            await telegram.press(group, reader, digest, "claim:2401.04088")
            for _ in range(FLOOD_LIMIT + 1)
        ]
        await bot.settled()
        answers = [telegram.answers.get(query) or {} for query in presses]
        alerts = [a for a in answers if "lot of button presses" in str(a.get("text"))]
        assert len(alerts) == 1 and alerts[0].get("show_alert") in (True, "true")
