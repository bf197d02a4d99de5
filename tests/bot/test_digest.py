"""The daily digest end to end: the real JobQueue job, the fake Bot API, the fake arXiv
replaying recorded feeds, and a clock the test controls for arXiv's calendar."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.config import Settings
from bot.outbound.posted_digests import refresh_paper_items
from jobs import schedule
from jobs.arxiv import watcher
from jobs.arxiv.feeds import parse_feed
from jobs.digest import posting
from store.digests import get_digest
from store.groups import get_group, record_member
from tests.fakes.arxiv import FakeArxiv, combined_feed
from tests.fakes.arxiv import Feed as ServedFeed
from tests.fakes.telegram import Chat, FakeTelegram, Posted, User
from tests.harness import RunningBot, running_bot

FEEDS = Path(__file__).parents[1] / "fixtures" / "feeds"
WEDNESDAY = datetime(2026, 8, 19, 13, 0, tzinfo=UTC)  # listing 2026-08-19 is out
SATURDAY = datetime(2026, 8, 22, 13, 0, tzinfo=UTC)


def feed_bytes(name: str) -> bytes:
    return gzip.decompress((FEEDS / f"{name}.xml.gz").read_bytes())


def fixed(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


async def admin_group(bot: RunningBot) -> tuple[Chat, User]:
    """A group whose admin has spoken once (so the bot knows the group)."""
    admin = bot.telegram.user("Ada")
    group = bot.telegram.group("LLM paper club")
    bot.telegram.set_admin(group, admin)
    await bot.telegram.send(group, admin, "/settings")
    await bot.telegram.next_reply(group)
    return group, admin


async def run_digest_job(bot: RunningBot, group: Chat) -> None:
    """Run the group's daily job now and wait for it to finish (`Job.run` awaits the callback)."""
    assert bot.app.job_queue is not None
    jobs = bot.app.job_queue.get_jobs_by_name(
        bot.app.bot_data.work.digest_schedule.job_name(group.id)
    )
    assert len(jobs) == 1
    await jobs[0].run(bot.app)


def follow_up_jobs(bot: RunningBot) -> list[str]:
    """Jobs that would post a digest soon (a catch-up, a resume, a feed retry): none means
    nothing more is coming, which a test can check at once instead of waiting for quiet."""
    assert bot.app.job_queue is not None
    names = [job.name or "" for job in bot.app.job_queue.jobs()]
    return [n for n in names if n.startswith(("digest-late", "digest-resume", "watch-retry"))]


async def digest_status(bot: RunningBot, group: Chat, status: str, when: datetime) -> None:
    """Wait until the ledger says the group's digest of `when` reached `status`."""

    def reached() -> bool:
        record = get_digest(bot.db, group.id, when.date())
        return record is not None and record.status == status

    await bot.telegram.wait_for(reached, timeout=10)


async def test_two_categories_one_digest_at_local_time(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    cl, ai = feed_bytes("new-2026-08-20-cs-cl"), feed_bytes("new-2026-08-20-cs-ai")
    arxiv_server.feeds["cs.AI+cs.CL"] = ServedFeed(combined_feed([cl, ai]), etag='"d1"')
    async with running_bot(settings, telegram, arxiv_server, clock=fixed(WEDNESDAY)) as bot:
        group, admin = await admin_group(bot)
        for command in ("/track cs.AI", "/timezone Asia/Shanghai", "/digest_time 21:00"):
            await bot.telegram.send(group, admin, command)
            await bot.telegram.next_reply(group)
        assert bot.app.job_queue is not None
        job = bot.app.job_queue.get_jobs_by_name(
            bot.app.bot_data.work.digest_schedule.job_name(group.id)
        )[0]
        assert job.next_t is not None
        local = job.next_t.astimezone(ZoneInfo("Asia/Shanghai"))
        assert (local.hour, local.minute) == (21, 0)

        await run_digest_job(bot, group)
        parts = bot.telegram.unread(group)
        assert parts, "the digest was posted"
        header = parts[0].text
        assert "arXiv digest · Wed 19 Aug" in header  # the listing date, as the locale writes it
        assert "cs.CL: 49 new, " in header and "cs.AI: 65 new, " in header
        assert "Top 10 of" in header
        ids = [
            b["callback_data"].removeprefix("claim:")
            for p in parts
            for b in p.buttons
            if b["callback_data"].startswith("claim:")
        ]
        assert len(ids) == 10 and len(set(ids)) == 10
        feed_items = parse_feed(cl).items + parse_feed(ai).items
        replaced = {i.arxiv_id for i in feed_items if i.announce_type.startswith("replace")}
        assert not replaced & set(ids), "replacements never enter a digest"
        assert all(len(p.text) < 4096 for p in parts)
        assert "1. " in parts[0].text and "10. " in parts[-1].text
        assert bot.telegram.rejected == []

        await run_digest_job(bot, group)  # a second run (restart, misfire) posts nothing
        assert len(bot.telegram.messages(group)) == len(parts) + 4 and not follow_up_jobs(bot)
        assert len(arxiv_server.rss_requests()) == 1, "one request, shared, per announcement"


async def test_restart_mid_digest_sends_only_the_missing_parts(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    arxiv_server.feeds["cs.CL"] = ServedFeed(feed_bytes("new-2026-08-20-cs-cl"))
    async with running_bot(settings, telegram, arxiv_server, clock=fixed(WEDNESDAY)) as bot:
        group, admin = await admin_group(bot)
        await bot.telegram.send(group, admin, "/digest_size 30")
        await bot.telegram.next_reply(group)
        bot.telegram.inject("sendMessage", "500", after=1)  # the 2nd part fails
        await run_digest_job(bot, group)
        sent_before = await bot.telegram.next_replies(group, 1)
        assert bot.telegram.unread(group) == []
        record = get_digest(bot.db, group.id, WEDNESDAY.date())
        assert record is not None and record.parts_sent == 1 and record.parts_total >= 3
    async with running_bot(settings, telegram, arxiv_server, clock=fixed(WEDNESDAY)) as again:
        rest = await again.telegram.next_replies(group, record.parts_total - 1, timeout=10)
        await digest_status(again, group, "done", WEDNESDAY)
        assert again.telegram.unread(group) == [] and not follow_up_jobs(again)
        texts = [p.text for p in sent_before + rest]
        assert len(set(texts)) == record.parts_total == len(texts)
        numbers = [b["text"] for p in sent_before + rest for b in p.buttons if "Claim" in b["text"]]
        assert numbers == [f"Claim {n}" for n in range(1, 31)]
        done = get_digest(again.db, group.id, WEDNESDAY.date())
        assert done is not None and done.status == "done"


async def test_weekend_posts_nothing_and_says_nothing(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    arxiv_server.feeds["cs.CL"] = ServedFeed(feed_bytes("new-2024-03-10-cs-cl"))
    async with running_bot(settings, telegram, arxiv_server, clock=fixed(SATURDAY)) as bot:
        group, _admin = await admin_group(bot)
        await run_digest_job(bot, group)
        assert bot.telegram.unread(group) == [] and not follow_up_jobs(bot)
        record = get_digest(bot.db, group.id, SATURDAY.date())
        assert record is not None and record.status == "empty"


async def test_stale_feed_is_retried_with_backoff_then_posted_late(
    settings: Settings,
    telegram: FakeTelegram,
    arxiv_server: FakeArxiv,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Retries wait at least 1 s (the watcher's floor): from a 1 s base the waits are 1 s, then
    # 2 s, so "grows" is not decided by scheduling jitter as 0.3 s (clamped to 1 s, 1 s) was.
    monkeypatch.setattr(watcher, "RETRY_BASE_SECONDS", 1.0)
    arxiv_server.feeds["cs.CL"] = ServedFeed(feed_bytes("new-2024-05-24-cs-cl"))  # empty weekday
    async with running_bot(settings, telegram, arxiv_server, clock=fixed(WEDNESDAY)) as bot:
        group, _admin = await admin_group(bot)
        await run_digest_job(bot, group)
        assert bot.telegram.unread(group) == [], "a stale feed is never '0 new papers'"
        record = get_digest(bot.db, group.id, WEDNESDAY.date())
        assert record is not None and record.status == "pending"
        await asyncio.to_thread(arxiv_server.wait_answered, "rss", 2)  # the first retry
        arxiv_server.feeds["cs.CL"] = ServedFeed(feed_bytes("new-2026-08-20-cs-cl"))
        late = await bot.telegram.next_reply(group, timeout=15)  # the third try finds it
        assert "late" in late.text and "cs.CL: 49 new" in late.text
        times = [seen.at for seen in arxiv_server.rss_requests()]
        assert len(times) == 3, "no try after the listing was stored"
        assert times[2] - times[1] > times[1] - times[0] + 0.5 > 1.4, "backoff grows"


async def test_digest_command_and_claim_rerender(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    arxiv_server.feeds["cs.CL"] = ServedFeed(feed_bytes("new-2026-08-20-cs-cl"))
    async with running_bot(settings, telegram, arxiv_server, clock=fixed(WEDNESDAY)) as bot:
        group, admin = await admin_group(bot)
        member = bot.telegram.user("Bob")
        await bot.telegram.send(group, member, "/digest")
        assert "only this group's admins" in (await bot.telegram.next_reply(group)).text
        await bot.telegram.send(group, admin, "/digest")
        await digest_status(bot, group, "done", WEDNESDAY)
        posted: list[Posted] = bot.telegram.unread(group)
        assert posted and "arXiv digest" in posted[0].text
        await bot.telegram.next_replies(group, len(posted))
        await bot.telegram.send(group, admin, "/digest")
        assert "already posted" in (await bot.telegram.next_reply(group)).text

        first = posted[0]
        arxiv_id = first.buttons[0]["callback_data"].removeprefix("claim:")
        record_member(bot.db, admin.id, "Ada", None, WEDNESDAY, chat_id=group.id)
        bot.db.table("claims").insert(
            {
                "chat_id": group.id,
                "arxiv_id": arxiv_id,
                "user_id": admin.id,
                "claimed_at": WEDNESDAY.isoformat(),
                "status": "open",
            }
        )
        await refresh_paper_items(bot.app.bot, bot.services.catalog, group.id, arxiv_id)
        assert "claimed by Ada" in first.text and first.edits == 1
        assert f"claim:{arxiv_id}" not in [b["callback_data"] for b in first.buttons]
        await refresh_paper_items(bot.app.bot, bot.services.catalog, group.id, arxiv_id)
        assert first.edits == 1, "an unchanged message is left alone"


async def test_settings_admins_only_and_bad_values_change_nothing(bot: RunningBot) -> None:
    group, admin = await admin_group(bot)
    member = bot.telegram.user("Bob")
    await bot.telegram.send(group, member, "/track cs.AI")
    assert "only this group's admins" in (await bot.telegram.next_reply(group)).text
    cases = [
        ("/track cs.XX", "is not an arXiv category"),
        ("/digest_time 25:00", "HH:MM"),
        ("/timezone Europe/Narnia", "Asia/Shanghai"),
        ("/digest_size 0", "from 1 to 50"),
        ("/digest_size 500", "from 1 to 50"),
        ("/untrack cs.CL", "at least one category"),
        ("/keywords remove", "/keywords add"),  # words alone add them (issue 22)
    ]
    for command, answer in cases:
        await bot.telegram.send(group, admin, command)
        assert answer in (await bot.telegram.next_reply(group)).text, command
    stored = get_group(bot.db, group.id)
    assert stored is not None
    assert (stored.categories, stored.digest_time, stored.timezone, stored.digest_size) == (
        ("cs.CL",),
        "09:00",
        "UTC",
        10,
    )
    await bot.telegram.send(
        group, admin, "/keywords add lora, retrieval augmented, 检索增强, -survey"
    )
    reply = (await bot.telegram.next_reply(group)).text
    assert "检索增强" in reply and "-survey" in reply
    await bot.telegram.send(group, admin, "/keywords remove lora")
    await bot.telegram.next_reply(group)
    await bot.telegram.send(group, admin, "/settings")
    shown = (await bot.telegram.next_reply(group)).text
    assert "retrieval augmented, 检索增强" in shown and "Excluded: survey" in shown
    assert "lora" not in shown and "10 papers at 09:00 (UTC)" in shown


async def test_a_restart_after_digest_time_still_posts_that_day_once(
    settings: Settings,
    telegram: FakeTelegram,
    arxiv_server: FakeArxiv,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(schedule, "CATCH_UP_DELAY", 0.05)  # the catch-up's 1 s after a start
    arxiv_server.feeds["cs.CL"] = ServedFeed(feed_bytes("new-2026-08-20-cs-cl"))
    before = datetime(2026, 8, 19, 8, 0, tzinfo=UTC)  # the group's 09:00 UTC digest is ahead
    async with running_bot(settings, telegram, arxiv_server, clock=fixed(before)) as bot:
        group, _admin = await admin_group(bot)
    # Down over 09:00; back at 13:00 (4 h late, within the 6 h window): today's digest goes out.
    async with running_bot(settings, telegram, arxiv_server, clock=fixed(WEDNESDAY)) as again:
        parts = await again.telegram.next_replies(group, 1, timeout=10)
        await digest_status(again, group, "done", WEDNESDAY)
        assert "Wed 19 Aug" in parts[0].text
        posted = len(again.telegram.messages(group))
    async with running_bot(settings, telegram, arxiv_server, clock=fixed(WEDNESDAY)) as third:
        assert third.app.job_queue is not None
        assert not follow_up_jobs(third), "never twice"
        assert len(third.telegram.messages(group)) == posted


async def test_a_restart_long_after_digest_time_waits_for_tomorrow(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    arxiv_server.feeds["cs.CL"] = ServedFeed(feed_bytes("new-2026-08-20-cs-cl"))
    async with running_bot(settings, telegram, arxiv_server, clock=fixed(WEDNESDAY)) as bot:
        group, admin = await admin_group(bot)
        await bot.telegram.send(group, admin, "/digest_time 06:00")  # 7 h ago: too late
        await bot.telegram.next_reply(group)
    async with running_bot(settings, telegram, arxiv_server, clock=fixed(WEDNESDAY)) as again:
        assert again.app.job_queue is not None
        assert not follow_up_jobs(again)
        assert again.telegram.unread(group) == []


async def test_connect_timeouts_past_the_due_minute_give_one_whole_digest_after_recovery(
    settings: Settings,
    telegram: FakeTelegram,
    arxiv_server: FakeArxiv,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Issue 18: a connect timeout (the request never left) was counted as sent: 0 of 30 items
    # arrived and the ledger said "done". Now it is retried, with backoff, until it goes through.
    monkeypatch.setattr(posting, "RESEND_SECONDS", 0.05)
    arxiv_server.feeds["cs.CL"] = ServedFeed(feed_bytes("new-2026-08-20-cs-cl"))
    async with running_bot(settings, telegram, arxiv_server, clock=fixed(WEDNESDAY)) as bot:
        group, admin = await admin_group(bot)
        await bot.telegram.send(group, admin, "/digest_size 30")
        await bot.telegram.next_reply(group)
        bot.telegram.inject("sendMessage", "connect-timeout", times=4)  # four tries in a row
        await run_digest_job(bot, group)
        record = get_digest(bot.db, group.id, WEDNESDAY.date())
        assert record is not None and record.status == "sending" and record.parts_sent == 0
        await digest_status(bot, group, "done", WEDNESDAY)
        record = get_digest(bot.db, group.id, WEDNESDAY.date())
        assert record is not None and record.parts_sent == record.parts_total >= 3
        parts = bot.telegram.unread(group)
        assert len(parts) == record.parts_total, "every part once, nothing doubled"
        numbers = [b["text"] for p in parts for b in p.buttons if "Claim" in b["text"]]
        assert numbers == [f"Claim {n}" for n in range(1, 31)]
        assert bot.telegram.unreached.count("sendMessage") == 4 and not follow_up_jobs(bot)


async def test_a_part_that_may_have_arrived_is_sent_again_once_the_network_answers(
    settings: Settings,
    telegram: FakeTelegram,
    arxiv_server: FakeArxiv,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Issue 18, the stated rule: a read timeout after the request was written (Telegram posted
    # it, the answer was lost) is sent again: a doubled part rather than a lost one.
    monkeypatch.setattr(posting, "RESEND_SECONDS", 0.05)
    arxiv_server.feeds["cs.CL"] = ServedFeed(feed_bytes("new-2026-08-20-cs-cl"))
    async with running_bot(settings, telegram, arxiv_server, clock=fixed(WEDNESDAY)) as bot:
        group, admin = await admin_group(bot)
        await bot.telegram.send(group, admin, "/digest_size 30")
        await bot.telegram.next_reply(group)
        bot.telegram.inject("sendMessage", "read-timeout", after=1)  # the 2nd part's answer
        await run_digest_job(bot, group)
        await digest_status(bot, group, "done", WEDNESDAY)
        record = get_digest(bot.db, group.id, WEDNESDAY.date())
        assert record is not None
        parts = bot.telegram.unread(group)
        assert len(parts) == record.parts_total + 1, "the second part shows twice"
        assert parts[1].text == parts[2].text and len({p.text for p in parts}) == len(parts) - 1
        item_ids = {item.message_id for item in record.items}
        assert parts[1].message_id not in item_ids and parts[2].message_id in item_ids
        assert not follow_up_jobs(bot)


async def test_a_digest_of_which_nothing_arrived_is_never_done_and_the_operator_is_told(
    settings: Settings,
    telegram: FakeTelegram,
    arxiv_server: FakeArxiv,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(posting, "RESEND_SECONDS", 0.05)
    arxiv_server.feeds["cs.CL"] = ServedFeed(feed_bytes("new-2026-08-20-cs-cl"))
    async with running_bot(settings, telegram, arxiv_server, clock=fixed(WEDNESDAY)) as bot:
        group, _admin = await admin_group(bot)
        bot.telegram.inject("sendMessage", "connect-timeout", times=1000)
        await run_digest_job(bot, group)
        await digest_status(bot, group, "failed", WEDNESDAY)
        assert bot.telegram.unread(group) == [] and not follow_up_jobs(bot)
        record = get_digest(bot.db, group.id, WEDNESDAY.date())
        assert record is not None and record.parts_sent == 0
        told = [r for r in caplog.records if r.levelname == "ERROR" and "given up" in r.message]
        assert told and "nothing of it posted" in told[0].getMessage()


async def test_a_refused_digest_is_given_up_and_said_so(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    arxiv_server.feeds["cs.CL"] = ServedFeed(feed_bytes("new-2026-08-20-cs-cl"))
    async with running_bot(settings, telegram, arxiv_server, clock=fixed(WEDNESDAY)) as bot:
        group, admin = await admin_group(bot)
        bot.telegram.inject("sendMessage", "400")
        await run_digest_job(bot, group)
        assert bot.telegram.unread(group) == [] and not follow_up_jobs(bot)
        record = get_digest(bot.db, group.id, WEDNESDAY.date())
        assert record is not None and record.status == "failed"
        await bot.telegram.send(group, admin, "/digest")
        assert "could not be posted" in (await bot.telegram.next_reply(group)).text
        assert bot.telegram.unread(group) == []


async def test_a_failing_digest_stops_after_a_few_resumes(
    settings: Settings,
    telegram: FakeTelegram,
    arxiv_server: FakeArxiv,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(posting, "RESEND_SECONDS", 0.05)
    arxiv_server.feeds["cs.CL"] = ServedFeed(feed_bytes("new-2026-08-20-cs-cl"))
    async with running_bot(settings, telegram, arxiv_server, clock=fixed(WEDNESDAY)) as bot:
        group, _admin = await admin_group(bot)
        bot.telegram.inject("sendMessage", "500", times=1000)
        await run_digest_job(bot, group)
        await bot.telegram.wait_for(
            lambda: (
                (r := get_digest(bot.db, group.id, WEDNESDAY.date())) is not None
                and r.status == "failed"
            ),
            timeout=10,
        )
        assert not follow_up_jobs(bot), "no resume is left to try again"
        assert len(bot.telegram.calls_to("sendMessage")) == 1 + 1 + 5


async def test_a_typed_claim_drops_the_digest_button(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    # Issue 11: items show the id to type; a typed /claim re-renders the item without its button.
    arxiv_server.feeds["cs.CL"] = ServedFeed(feed_bytes("new-2026-08-20-cs-cl"))
    async with running_bot(settings, telegram, arxiv_server, clock=fixed(WEDNESDAY)) as bot:
        group, admin = await admin_group(bot)
        await bot.telegram.send(group, admin, "/digest")
        await digest_status(bot, group, "done", WEDNESDAY)
        posted = bot.telegram.unread(group)
        await bot.telegram.next_replies(group, len(posted))
        first = posted[0]
        third = first.buttons[2]["callback_data"].removeprefix("claim:")
        assert f"· {third}\n" in first.text, "the meta line shows the id to type"

        member = bot.telegram.user("Chen")
        await bot.telegram.send(group, member, f"/claim {third}")
        assert "Chen" in (await bot.telegram.next_reply(group)).text
        await bot.telegram.wait_for(lambda: first.edits == 1)
        assert f"claim:{third}" not in [b["callback_data"] for b in first.buttons]
        assert "claimed by Chen" in first.text and "Claim 3" not in str(first.buttons)

        await bot.telegram.send(group, member, f"/unclaim {third}")
        await bot.telegram.next_reply(group)
        await bot.telegram.wait_for(lambda: first.edits == 2)
        assert f"claim:{third}" in [b["callback_data"] for b in first.buttons]
        assert "claimed by Chen" not in first.text

        await bot.telegram.send(group, member, f"/claim {third}")
        await bot.telegram.next_reply(group)
        await bot.telegram.wait_for(lambda: first.edits == 3)
        await bot.telegram.send(group, member, f"/note {third} Method: presented")
        assert "completes Chen's claim" in (await bot.telegram.next_reply(group)).text
        second = first.buttons[0]["callback_data"]  # another member claims another item
        await bot.telegram.press(group, admin, first, second)
        await bot.telegram.wait_for(lambda: first.edits == 4)
        assert f"claim:{third}" not in [b["callback_data"] for b in first.buttons]
        assert "claimed by Chen" in first.text, "a presented paper's button does not come back"
