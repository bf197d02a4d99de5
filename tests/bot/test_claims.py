"""Claims end to end: members type /claim, /unclaim, /claims, /mine and press digest buttons."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.config import Settings
from bot.handlers.claims import DueError, parse_due
from bot.outbound.sender import TelegramSender
from bot.outbound.version_notices import notify_new_versions
from store.claims import claim_board, claim_paper, open_claim
from store.groups import ensure_group, record_member
from store.papers import Paper, upsert_papers
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.telegram import FakeTelegram
from tests.harness import RunningBot, running_bot

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
MIXTRAL = Paper("2401.04088", "Mixtral of Experts", 1, ("Albert Q. Jiang",), categories=("cs.LG",))


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
async def club(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv, clock: Clock
) -> AsyncIterator[RunningBot]:
    async with running_bot(settings, telegram, arxiv_server, clock=clock) as running:
        upsert_papers(running.db, [MIXTRAL], NOW)
        yield running


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("", date(2026, 11, 28)),
        ("14d", date(2026, 12, 5)),
        ("1d", date(2026, 11, 22)),
        ("2026-12-01", date(2026, 12, 1)),
        ("3 days", date(2026, 11, 24)),
    ],
)
def test_due_dates(text: str, due: date) -> None:
    assert parse_due(text, date(2026, 11, 21)) == due


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("0d", "claims.due_past"),
        ("2026-11-21", "claims.due_past"),
        ("2025-01-01", "claims.due_past"),
        ("900d", "claims.due_far"),
        ("soon", "claims.due_invalid"),
        ("2026-13-01", "claims.due_invalid"),
    ],
)
def test_refused_due_dates(text: str, problem: str) -> None:
    with pytest.raises(DueError) as caught:
        parse_due(text, date(2026, 11, 21))
    assert caught.value.key == problem


async def test_claim_double_claim_and_the_same_member_again(club: RunningBot) -> None:
    ada, bo = club.telegram.user("Ada"), club.telegram.user("Bo")
    group = club.telegram.group("LLM paper club")
    await club.telegram.send(group, ada, "/claim arXiv:2401.04088v1")
    card = await club.telegram.next_reply(group)
    assert "Mixtral of Experts" in card.text
    assert "Ada presents this paper, due 2026-11-28" in card.text

    await club.telegram.send(group, ada, "/claim 2401.04088 14d")
    assert (
        "You already present this paper (since 2026-11-21, due 2026-11-28)"
        in (await club.telegram.next_reply(group)).text
    )
    await club.telegram.send(group, bo, "/claim https://arxiv.org/abs/2401.04088 2026-12-01")
    taken = (await club.telegram.next_reply(group)).text
    assert "Ada already presents this paper (since 2026-11-21, due 2026-11-28)" in taken
    assert "Nothing changed" in taken
    held = open_claim(club.db, group.id, "2401.04088")
    assert held is not None and held.holder == "Ada" and held.due_on == date(2026, 11, 28)


async def test_unknown_papers_are_fetched_first_and_bad_input_changes_nothing(
    club: RunningBot,
) -> None:
    ada = club.telegram.user("Ada")
    group = club.telegram.group("LLM paper club")
    await club.telegram.send(group, ada, "/claim 1707.08567 14d")
    reply = (await club.telegram.next_reply(group)).text
    assert "Proceedings of Workshop AEW10" in reply and "due 2026-12-05" in reply
    assert len(club.arxiv.api_requests()) == 1
    for text, expected in [
        ("/claim 2401.99999", "arXiv has no paper 2401.99999"),
        ("/claim 2413.00001", "month must be 01 to 12"),
        ("/claim", "Tell me which paper"),
        ("/claim 2401.04088 0d", "must be after today (2026-11-21)"),
        ("/claim 2401.04088 2026-11-01", "must be after today"),
        ("/claim 2401.04088 someday", "is not a due date I understand"),
    ]:
        await club.telegram.send(group, ada, text)
        assert expected in (await club.telegram.next_reply(group)).text, text
    assert [c.arxiv_id for c in claim_board(club.db, group.id, NOW)] == ["1707.08567"]
    private = club.telegram.private_chat(ada)
    await club.telegram.send(private, ada, "/claim 2401.04088")
    assert "send this in your study group" in (await club.telegram.next_reply(private)).text


async def test_two_members_claiming_at_the_same_instant_one_wins(club: RunningBot) -> None:
    ada, bo = club.telegram.user("Ada"), club.telegram.user("Bo")
    group = club.telegram.group("LLM paper club")
    await club.telegram.send(group, ada, "/claim 2401.04088")
    await club.telegram.send(group, bo, "/claim 2401.04088")
    replies = [r.text for r in await club.telegram.next_replies(group, 2)]
    winners = [r for r in replies if "presents this paper, due" in r]
    losers = [r for r in replies if "already presents this paper" in r]
    assert len(winners) == 1 and len(losers) == 1
    assert club.db.execute("select count(*) from claims").fetchone()[0] == 1


async def test_only_the_claimant_or_an_admin_may_unclaim(club: RunningBot) -> None:
    ada, bo, cy = (club.telegram.user(n) for n in ("Ada", "Bo", "Cy"))
    group = club.telegram.group("LLM paper club")
    club.telegram.set_admin(group, cy)
    await club.telegram.send(group, ada, "/claim 2401.04088")
    await club.telegram.next_reply(group)
    await club.telegram.send(group, bo, "/unclaim 2401.04088")
    assert (
        "Ada presents Mixtral of Experts; only they or a group admin"
        in (await club.telegram.next_reply(group)).text
    )
    await club.telegram.send(group, cy, "/unclaim 2401.04088")
    assert (
        "Ada's claim on Mixtral of Experts is released"
        in (await club.telegram.next_reply(group)).text
    )
    assert open_claim(club.db, group.id, "2401.04088") is None
    await club.telegram.send(group, bo, "/unclaim 2401.04088")
    assert "Nobody presents Mixtral of Experts" in (await club.telegram.next_reply(group)).text
    await club.telegram.send(group, bo, "/claim 2401.04088")
    assert "Bo presents this paper" in (await club.telegram.next_reply(group)).text


async def test_the_board_marks_overdue_claims_and_lists_done_ones(
    club: RunningBot, clock: Clock
) -> None:
    ada, bo = club.telegram.user("Ada"), club.telegram.user("Bo")
    group = club.telegram.group("LLM paper club")
    upsert_papers(club.db, [Paper("2312.11805", "Gemini: A Family of Highly Capable Models")], NOW)
    await club.telegram.send(group, ada, "/claim 2401.04088 2d")
    await club.telegram.send(group, bo, "/claim 2312.11805 20d")
    await club.telegram.next_replies(group, 2)
    await club.telegram.send(group, bo, "/claims")
    board = (await club.telegram.next_reply(group)).text
    assert "Ada: Mixtral of Experts — due 2026-11-23" in board
    clock.now = NOW + timedelta(days=3)
    await club.telegram.send(group, bo, "/note 2312.11805\nMethod: a family of models")
    await club.telegram.next_reply(group)
    await club.telegram.send(group, bo, "/claims")
    board = (await club.telegram.next_reply(group)).text
    assert "Ada: Mixtral of Experts — overdue since 2026-11-23" in board
    assert "Done this week\n✅ Bo: Gemini" in board


async def test_the_digest_button_claims_for_whoever_presses_it(club: RunningBot) -> None:
    ada = club.telegram.user("Ada")
    group = club.telegram.group("LLM paper club")
    await club.telegram.send(group, ada, "/help")  # the group is seen, as it is once a digest ran
    await club.telegram.next_reply(group)
    markup = InlineKeyboardMarkup(
        [[InlineKeyboardButton("Claim 1", callback_data="claim:2401.04088")]]
    )
    await club.app.bot.send_message(group.id, "1. Mixtral of Experts", reply_markup=markup)
    digest = club.telegram.messages(group)[-1]
    query_id = await club.telegram.press(group, ada, digest, "claim:2401.04088")
    await club.telegram.wait_for(lambda: query_id in club.telegram.answers)
    assert club.telegram.answers[query_id]["text"] == "You present it now, due 2026-11-28."
    held = open_claim(club.db, group.id, "2401.04088")
    assert held is not None and held.holder == "Ada"
    bo = club.telegram.user("Bo")
    query_id = await club.telegram.press(group, bo, digest, "claim:2401.04088")
    await club.telegram.wait_for(lambda: query_id in club.telegram.answers)
    assert club.telegram.answers[query_id]["text"] == "Ada already presents it (since 2026-11-21)."


async def test_claimants_hear_of_new_versions(club: RunningBot) -> None:
    ada = club.telegram.user("Ada")
    group = club.telegram.group("LLM paper club")
    await club.telegram.send(group, ada, "/claim 2401.04088")
    await club.telegram.next_reply(group)
    sent = await notify_new_versions(
        TelegramSender(club.app.bot), club.services, [("2401.04088", 2)]
    )
    assert sent == 1
    news = await club.telegram.next_reply(group)
    assert "arXiv announced version 2 of Mixtral of Experts. Ada, you present it" in news.text
    assert f'<a href="tg://user?id={ada.id}">Ada</a>' in news.html
    assert (
        await notify_new_versions(TelegramSender(club.app.bot), club.services, [("2312.00001", 2)])
        == 0
    )


async def test_mine_in_private_spans_the_members_groups(club: RunningBot) -> None:
    ada = club.telegram.user("Ada")
    first, second = club.telegram.group("LLM club"), club.telegram.group("RAG club")
    await club.telegram.send(first, ada, "/claim 2401.04088")
    await club.telegram.next_reply(first)
    await club.telegram.send(second, ada, "/note 2401.04088\n方法: 稀疏专家混合")
    await club.telegram.next_reply(second)
    private = club.telegram.private_chat(ada)
    await club.telegram.send(private, ada, "/mine")
    text = (await club.telegram.next_reply(private)).text
    assert "Your claims\nMixtral of Experts — due 2026-11-28 (LLM club)" in text
    assert "Your notes\nMixtral of Experts — revision 1, 2026-11-21 (RAG club)" in text


async def test_editing_a_claim_message_does_not_claim_a_second_paper(club: RunningBot) -> None:
    ada = club.telegram.user("Ada")
    group = club.telegram.group("LLM paper club")
    upsert_papers(club.db, [Paper("2312.11805", "Gemini")], NOW)
    sent = await club.telegram.send(group, ada, "/claim 2401.04088")
    await club.telegram.next_reply(group)
    await club.telegram.edit(group, ada, sent, "/claim 2312.11805")
    await club.settled()
    assert club.telegram.unread(group) == []
    assert [c.arxiv_id for c in claim_board(club.db, group.id, NOW)] == ["2401.04088"]


async def test_mine_judges_overdue_in_each_claims_own_group_time_zone(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    # 12:00 UTC on the 21st is already 02:00 on the 22nd in Kiritimati (UTC+14).
    now = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
    async with running_bot(settings, telegram, arxiv_server, clock=lambda: now) as club:
        ada = telegram.user("Ada")
        db = club.db
        ensure_group(db, -100777, "Line Islands club", "supergroup", "Pacific/Kiritimati", now)
        record_member(db, ada.id, "Ada", None, now, chat_id=-100777)
        upsert_papers(db, [Paper("2401.04088", "Mixtral of Experts", version=1)], now)
        claim_paper(db, -100777, "2401.04088", ada.id, date(2026, 11, 21), now)
        chat = telegram.private_chat(ada)
        await telegram.send(chat, ada, "/mine")
        reply = await telegram.next_reply(chat)
        assert "Mixtral of Experts — overdue since 2026-11-21" in reply.text
