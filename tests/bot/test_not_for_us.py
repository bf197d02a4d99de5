"""The 👎 "not for us" button (issue 19 item 4): admins turn it on per group; a member's press
is a -1 for the paper in that group, and papers like it rank lower in the group's next digest,
posted by the real JobQueue, than in a group that did not press; /forget removes the presses."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from bot.config import Settings
from jobs import schedule
from store.digests import get_digest
from store.wants import NOT_FOR_US, WANT, group_wants
from tests.bot.test_digest import WEDNESDAY, admin_group, digest_status, feed_bytes, fixed
from tests.bot.test_votes import press
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.arxiv import Feed as ServedFeed
from tests.fakes.telegram import Chat, FakeTelegram, Posted, User
from tests.harness import RunningBot, running_bot

THURSDAY = datetime(2026, 8, 20, 13, 0, tzinfo=UTC)  # the group's 09:00 UTC digest was missed
# The day before's papers on retrieval that the learning group calls "not for us" (the first
# four of its listing that are about retrieval: all of them shown in a 50-paper digest).
DECLINED = ("2403.04890", "2403.05004", "2403.05217", "2403.05313")
BOTH_WAYS = "2403.05313"  # RAT: one member's 👍, two members' 👎: on balance not liked


def dated(body: bytes, day: str) -> bytes:
    """A recorded feed as rss.arxiv.org would have built it for another listing day."""
    return re.sub(rb"<(pubDate|lastBuildDate)>[^<]*<", rb"<\1>" + day.encode() + b"<", body)


def day_one_feed() -> bytes:
    return dated(feed_bytes("new-2024-03-12-cs-cl"), "Wed, 19 Aug 2026 00:00:00 -0400")


def day_two_feed() -> bytes:
    return dated(feed_bytes("new-2026-08-20-cs-cl"), "Thu, 20 Aug 2026 00:00:00 -0400")


def about_retrieval(bot: RunningBot, ids: list[str]) -> set[str]:
    """Which of these papers are about retrieval, by their stored title and abstract."""
    marks = ",".join("?" * len(ids))
    rows = bot.db.execute(
        f"select arxiv_id, title || ' ' || coalesce(abstract, '') from papers "
        f"where arxiv_id in ({marks})",
        ids,
    ).fetchall()
    return {arxiv_id for arxiv_id, text in rows if "retriev" in text.lower()}


def holding(parts: list[Posted], data: str) -> Posted:
    """The digest message carrying the button with `data`."""
    return next(p for p in parts if any(b["callback_data"] == data for b in p.buttons))


def labels(posted: Posted, prefix: str) -> list[str]:
    return [b["text"] for b in posted.buttons if b["callback_data"].startswith(prefix)]


async def admin_says(bot: RunningBot, group: Chat, admin: User, text: str) -> str:
    """An admin's command in the group; the bot's answer."""
    bot.telegram.set_admin(group, admin)
    await bot.telegram.send(group, admin, text)
    return (await bot.telegram.next_reply(group)).text


async def posted_parts(bot: RunningBot, group: Chat, when: datetime) -> list[Posted]:
    """The digest messages of `when`'s listing once the ledger says all are sent."""
    await digest_status(bot, group, "done", when)
    record = get_digest(bot.db, group.id, when.date())
    assert record is not None
    parts = bot.telegram.unread(group)
    await bot.telegram.next_replies(group, len(parts))
    return parts


async def test_the_button_is_off_by_default_and_a_press_toggles_the_members_word(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    arxiv_server.feeds["cs.CL"] = ServedFeed(feed_bytes("new-2026-08-20-cs-cl"))
    async with running_bot(settings, telegram, arxiv_server, clock=fixed(WEDNESDAY)) as bot:
        group, ada = await admin_group(bot)
        bo = telegram.user("Bo")
        await telegram.send(group, bo, "/not_for_us")  # anyone may see it
        assert "button: off" in (await telegram.next_reply(group)).text
        await telegram.send(group, bo, "/not_for_us on")  # only admins change it
        assert "only this group's admins" in (await telegram.next_reply(group)).text
        await telegram.send(group, ada, "/digest")
        parts = await posted_parts(bot, group, WEDNESDAY)
        assert not [b for p in parts for b in p.buttons if b["callback_data"].startswith("nfu:")]

        assert "Use /not_for_us on" in await admin_says(bot, group, ada, "/not_for_us maybe")
        assert "is on" in await admin_says(bot, group, ada, "/not_for_us on")
        assert "“Not for us” button: on" in await admin_says(bot, group, ada, "/settings")
        first = parts[0]
        claim = next(b["callback_data"] for b in first.buttons if b["text"] == "Claim 1")
        await press(bot, group, bo, first, claim.replace("claim:", "want:"))  # a re-render
        assert labels(first, "nfu:")[:2] == ["👎 1", "👎 2"]
        assert all(len(b["callback_data"].encode()) <= 64 for b in first.buttons)
        arxiv_id = claim.removeprefix("claim:")
        nfu = f"nfu:{arxiv_id}"

        toast = await press(bot, group, bo, first, nfu)  # replaces his 👍
        assert toast == "👎 Noted: not for this group. Papers like it will rank lower."
        assert (labels(first, "want:")[0], labels(first, "nfu:")[0]) == ("👍 1", "👎 1 · 1")
        assert [(w.user_id, w.signal) for w in group_wants(bot.db, group.id)] == [
            (bo.id, NOT_FOR_US)
        ]
        await press(bot, group, bo, first, f"want:{arxiv_id}")  # and the 👍 replaces it
        assert (labels(first, "want:")[0], labels(first, "nfu:")[0]) == ("👍 1 · 1", "👎 1")
        await press(bot, group, bo, first, nfu)
        assert await press(bot, group, bo, first, nfu) == "Your 👎 is taken back."
        assert group_wants(bot.db, group.id) == []

        await admin_says(bot, group, ada, "/language zh")  # toasts in the group's language
        assert (await press(bot, group, bo, first, nfu)).startswith("👎 记下了")
        assert "已关闭" in await admin_says(bot, group, ada, "/not_for_us 关闭")
        await press(bot, group, bo, first, nfu)  # an old button still takes its word back
        assert labels(first, "nfu:") == [] and group_wants(bot.db, group.id) == []
        assert telegram.rejected == []


async def test_not_for_us_lowers_similar_papers_in_the_next_digest_and_forget_removes_it(
    settings: Settings,
    telegram: FakeTelegram,
    arxiv_server: FakeArxiv,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(schedule, "CATCH_UP_DELAY", 0.05)  # the catch-up's 1 s after a start
    arxiv_server.feeds["cs.CL"] = ServedFeed(day_one_feed(), etag='"day1"')
    learning, control = telegram.group("LLM paper club"), telegram.group("Another club")
    ada, bo, cy, dee = (telegram.user(name) for name in ("Ada", "Bo", "Cy", "Dee"))
    async with running_bot(settings, telegram, arxiv_server, clock=fixed(WEDNESDAY)) as bot:
        for group, admin in ((learning, ada), (control, dee)):
            await admin_says(bot, group, admin, "/digest_size 50")
        await admin_says(bot, learning, ada, "/not_for_us on")
        for group, admin in ((learning, ada), (control, dee)):
            await telegram.send(group, admin, "/digest")
        parts = await posted_parts(bot, learning, WEDNESDAY)
        await posted_parts(bot, control, WEDNESDAY)
        # Yesterday's digest: Bo and Cy call its retrieval papers "not for us"; Ada wanted
        # one of them, which two 👎 outweigh.
        await press(bot, learning, ada, holding(parts, f"want:{BOTH_WAYS}"), f"want:{BOTH_WAYS}")
        for member in (bo, cy):
            for arxiv_id in DECLINED:
                data = f"nfu:{arxiv_id}"
                await press(bot, learning, member, holding(parts, data), data)

    arxiv_server.feeds["cs.CL"] = ServedFeed(day_two_feed(), etag='"day2"')
    async with running_bot(settings, telegram, arxiv_server, clock=fixed(THURSDAY)) as bot:
        # Down over today's 09:00: both digests go out through the JobQueue's catch-up.
        learnt = await posted_parts(bot, learning, THURSDAY)
        plain = await posted_parts(bot, control, THURSDAY)
        ranks = {}
        for group in (learning, control):
            record = get_digest(bot.db, group.id, THURSDAY.date())
            assert record is not None and len(record.items) == 50
            ranks[group.id] = {item.arxiv_id: item.rank for item in record.items}
        shown = sorted(set(ranks[learning.id]) | set(ranks[control.id]))
        similar = about_retrieval(bot, shown)
        assert len(similar) >= 10

        def place(group: Chat, arxiv_id: str) -> int:
            return ranks[group.id].get(arxiv_id, 51)  # not shown: below the last

        def top10(group: Chat) -> int:
            return sum(place(group, a) <= 10 for a in similar)

        lowered = [a for a in similar if place(learning, a) > place(control, a)]
        assert top10(learning) < top10(control), (top10(learning), top10(control))
        assert sum(place(learning, a) for a in similar) > sum(place(control, a) for a in similar)
        assert len(lowered) > len(similar) / 2
        said = "\n".join(p.text for p in learnt)
        assert "like papers this group" not in said  # nothing of theirs was liked on balance
        assert "like papers this group" not in "\n".join(p.text for p in plain)

        private = telegram.private_chat(bo)
        await telegram.send(private, bo, "/forget")  # no notes or claims: no question asked
        answer = (await telegram.next_reply(private)).text
        assert f"deleted your {len(DECLINED)} 👍/👎 presses" in answer
        left = group_wants(bot.db, learning.id)
        assert {(w.user_id, w.signal) for w in left} == {(cy.id, NOT_FOR_US), (ada.id, WANT)}
        assert len(left) == len(DECLINED) + 1  # Cy's 👎 on each, Ada's one 👍
        assert telegram.rejected == []


async def test_taking_back_a_thumbs_up_reaction_leaves_a_later_thumbs_down_press(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    # Review: Bo's 👍 on a paper's card, then his 👎 press in the digest (it replaces the 👍);
    # taking the card's 👍 away afterwards erased his 👎 as well.
    arxiv_server.feeds["cs.CL"] = ServedFeed(feed_bytes("new-2026-08-20-cs-cl"))
    async with running_bot(settings, telegram, arxiv_server, clock=fixed(WEDNESDAY)) as bot:
        group, ada = await admin_group(bot)
        telegram.make_bot_admin(group)  # Telegram reports reactions to an admin bot only
        bo = telegram.user("Bo")
        await admin_says(bot, group, ada, "/not_for_us on")
        await telegram.send(group, ada, "/digest")
        parts = await posted_parts(bot, group, WEDNESDAY)
        first = parts[0]
        claim = next(b["callback_data"] for b in first.buttons if b["text"] == "Claim 1")
        arxiv_id = claim.removeprefix("claim:")
        await telegram.send(group, bo, f"/paper {arxiv_id}")
        card = await telegram.next_reply(group)
        assert await telegram.react(group, bo, card, "👍")
        await bot.settled()
        assert [(w.user_id, w.signal) for w in group_wants(bot.db, group.id)] == [(bo.id, WANT)]

        await press(bot, group, bo, first, f"nfu:{arxiv_id}")
        assert await telegram.react(group, bo, card, None)  # the card's 👍 taken away
        await bot.settled()
        assert [(w.user_id, w.signal) for w in group_wants(bot.db, group.id)] == [
            (bo.id, NOT_FOR_US)
        ]
        assert labels(first, "nfu:")[0] == "👎 1 · 1"
        assert telegram.rejected == []


async def test_an_old_thumbs_down_button_pressed_after_off_records_nothing(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    # Review: a 👎 on a digest posted while the button was on still recorded a press after
    # /not_for_us off.
    arxiv_server.feeds["cs.CL"] = ServedFeed(feed_bytes("new-2026-08-20-cs-cl"))
    async with running_bot(settings, telegram, arxiv_server, clock=fixed(WEDNESDAY)) as bot:
        group, ada = await admin_group(bot)
        bo = telegram.user("Bo")
        await admin_says(bot, group, ada, "/not_for_us on")
        await telegram.send(group, ada, "/digest")
        parts = await posted_parts(bot, group, WEDNESDAY)
        first = parts[0]
        nfu = next(b["callback_data"] for b in first.buttons if b["text"] == "👎 1")
        await admin_says(bot, group, ada, "/not_for_us off")

        edits = first.edits
        query_id = await telegram.press(group, bo, first, nfu)
        await telegram.wait_for(lambda: query_id in telegram.answers)
        await bot.settled()
        assert telegram.answers[query_id]["text"] == (
            "The 👎 button is off in this group: nothing was recorded."
        )
        assert group_wants(bot.db, group.id) == []
        assert first.edits == edits and labels(first, "nfu:")[0] == "👎 1"  # as it was
        assert telegram.rejected == []
