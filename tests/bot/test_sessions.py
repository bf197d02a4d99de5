"""Meetings end to end: a Chinese club over two weeks (a weekly meeting set in Chinese, claims
landing on meetings, the agenda posted on its own 24 h before, the archive entry after, a
cancelled week) and an English group's calendar file, through the fake Bot API and the real
JobQueue with an injected clock."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from bot.config import Settings
from store.papers import Paper
from tests.bot.test_digest import feed_bytes
from tests.bot.test_i18n import ask, chinese_group
from tests.bot.test_votes import press
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.arxiv import Feed as ServedFeed
from tests.fakes.telegram import Chat, FakeTelegram, Posted, User
from tests.harness import RunningBot, running_bot
from tests.search_data import add_papers

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 12, 7, 9, 0, tzinfo=SHANGHAI)  # the meetings are on Wednesdays 20:00
PAPERS = [
    Paper("2401.00001", "Sparse experts, revisited"),
    Paper("2401.00002", "长上下文的检索增强"),
    Paper("2401.00003", "LoRA at scale"),
    Paper("2401.00004", "The most wanted paper"),
    Paper("2401.00005", "A paper one member wants"),
]


def monday_listing() -> bytes:
    """The real cs.CL feed of 19 Aug 2026, re-dated as Monday 7 Dec's listing (arXiv's rhythm
    lets the digest post it then); its papers are untouched."""
    return (
        feed_bytes("new-2026-08-20-cs-cl")
        .replace(b"Wed, 19 Aug 2026 00:00:00 -0400", b"Mon, 07 Dec 2026 00:00:00 -0500")
        .replace(b"Wed, 19 Aug 2026 04:00:15 +0000", b"Mon, 07 Dec 2026 05:00:15 +0000")
    )


class Clock:
    """A clock the test moves."""

    def __init__(self, now: datetime) -> None:
        self.now = now.astimezone(UTC)

    def __call__(self) -> datetime:
        return self.now

    def set(self, local: datetime) -> None:
        self.now = local.astimezone(UTC)


async def fire_agenda_job(bot: RunningBot, chat: Chat) -> None:
    """The group's daily agenda job comes due now: the real JobQueue runs it in its own task."""
    queue = bot.app.job_queue
    assert queue is not None
    name = bot.app.bot_data.work.agenda_schedule.job_name(chat.id)
    (job,) = queue.get_jobs_by_name(name)
    runs = bot.app.bot_data.work.agenda.runs
    job.job.modify(next_run_time=datetime.now(UTC))
    await bot.telegram.wait_for(lambda: bot.app.bot_data.work.agenda.runs > runs, timeout=10)
    await bot.settled()


async def test_a_chinese_club_over_two_weeks(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    clock = Clock(MONDAY)
    arxiv_server.feeds["cs.CL"] = ServedFeed(monday_listing())
    async with running_bot(settings, telegram, arxiv_server, clock=clock) as bot:
        group, li = await chinese_group(bot)
        han = telegram.user("韩梅梅", language_code="zh-hans")
        wang = telegram.user("王芳", language_code="zh-hans")
        add_papers(bot.db, *PAPERS)
        assert "Asia/Shanghai" in await ask(bot, group, li, "/timezone 北京")
        assert "还没有设定会议" in await ask(bot, group, han, "/session")

        refused = await ask(bot, group, han, "/session 每周三 20:00 腾讯会议")
        assert (
            refused == "抱歉，只有本群管理员可以修改 /session 的设置；单独发送 /session 可以查看。"
        )
        set_reply = await ask(bot, group, li, "/session 每周三 20:00 腾讯会议 123-456")
        assert set_reply.startswith(
            "✅ 已保存。\n📅 下一次会议：12月9日 周三 20:00\n📍 腾讯会议 123-456"
        )
        assert "每周三 20:00（Asia/Shanghai）。每次会议讲 2 篇。" in set_reply

        # Three claims land on meetings: the next one, the first on or after a due date.
        first = await ask(bot, group, li, "/claim 2401.00001 下次")
        assert first.endswith("🗓 在 12月9日 周三 20:00 的会议上讲。")
        second = await ask(bot, group, han, "/claim 2401.00002 2026-12-15")
        assert second.endswith("🗓 在 12月16日 周三 20:00 的会议上讲。")
        third = await ask(bot, group, wang, "/claim 2401.00003 14天")
        assert third.endswith("🗓 在 12月23日 周三 20:00 的会议上讲。")

        # Monday's listing is out (Tuesday past midnight in Shanghai): members press 👍.
        clock.set(datetime(2026, 12, 8, 0, 30, tzinfo=SHANGHAI))
        await telegram.send(group, li, "/digest")
        await telegram.wait_for(lambda: any(_wants(p) for p in telegram.unread(group)), 10)
        await bot.settled()
        parts = telegram.unread(group)
        await telegram.next_replies(group, len(parts))
        digest = next(p for p in parts if _wants(p))
        most, once = _wants(digest)[:2]
        for member in (li, han, wang, han, han):  # Han's second press takes it back, a third
            await press(bot, group, member, digest, most)
        assert await press(bot, group, han, digest, once) == "👍 记下了：你想听这篇。"
        most_wanted, once_wanted = (_title(bot, data) for data in (most, once))

        agenda = await ask(bot, group, han, "/agenda")
        assert agenda.splitlines()[:4] == [
            "🗓 议程 — 12月9日 周三 20:00",
            "📍 腾讯会议 123-456",
            "1. Sparse experts, revisited — 李雷（还没有笔记）",
            f"2. 空位 — 最想听：{most_wanted}（👍 3）",
        ]

        # Nothing is posted before the day: the job runs 24 h before each meeting.
        await fire_agenda_job(bot, group)
        assert telegram.unread(group) == []
        clock.set(datetime(2026, 12, 8, 20, 0, tzinfo=SHANGHAI))
        await fire_agenda_job(bot, group)
        (posted,) = await telegram.next_replies(group, 1)
        assert posted.text.splitlines() == [
            "🗓 议程 — 12月9日 周三 20:00",
            "📍 腾讯会议 123-456",
            "1. Sparse experts, revisited — 李雷（还没有笔记）",
            f"2. 空位 — 最想听：{most_wanted}（👍 3）",
            "还有 1 个空位：用 /claim <编号> 下次 认领。",
            "",
            "大家最想听、还没人认领",
            f"• {once_wanted} — 👍 1",
        ]
        await fire_agenda_job(bot, group)  # the job again (a restart): never posted twice
        assert telegram.unread(group) == []

        # After the meeting, its archive entry: who presented what, and where the note is.
        await ask(bot, group, li, "/note 2401.00001 论文方法: 稀疏混合专家")
        clock.set(datetime(2026, 12, 9, 21, 0, tzinfo=SHANGHAI))
        await fire_agenda_job(bot, group)  # still under way: no entry yet
        assert telegram.unread(group) == []
        clock.set(datetime(2026, 12, 10, 20, 0, tzinfo=SHANGHAI))
        await fire_agenda_job(bot, group)
        (archive,) = await telegram.next_replies(group, 1)
        assert archive.text.splitlines() == [
            "🗂 12月9日 周三 20:00 的会议：谁讲了什么",
            "1. Sparse experts, revisited — 李雷 📝 /notes 2401.00001",
        ]

        # Week two is cancelled: its claim moves to the meeting after.
        cancelled = await ask(bot, group, li, "/session 取消 12月16日")
        assert cancelled.startswith("✅ 12月16日 周三 的会议已取消。")
        clock.set(datetime(2026, 12, 15, 20, 0, tzinfo=SHANGHAI))
        await fire_agenda_job(bot, group)
        assert telegram.unread(group) == []
        clock.set(datetime(2026, 12, 22, 20, 0, tzinfo=SHANGHAI))
        await fire_agenda_job(bot, group)
        (week_three,) = await telegram.next_replies(group, 1)
        lines = week_three.text.splitlines()
        assert lines[0] == "🗓 议程 — 12月23日 周三 20:00"
        assert lines[2:4] == [
            "1. 长上下文的检索增强 — 韩梅梅（还没有笔记）",
            "2. LoRA at scale — 王芳（还没有笔记）",
        ]
        assert "空位" not in week_three.text
        assert f'href="tg://user?id={han.id}"' in week_three.html

        # The calendar file: Shanghai wall time, the cancelled week kept as a cancelled event.
        await telegram.send(group, han, "/session ics")
        events = _events(await telegram.next_reply(group))
        uid = f"session-{group.id}-2026-12-23@paperclub"
        meeting = events[uid]
        assert meeting.decoded("DTSTART") == datetime(2026, 12, 23, 20, 0, tzinfo=SHANGHAI)
        assert meeting.decoded("DTSTART").astimezone(UTC).hour == 12
        assert "韩梅梅: 长上下文的检索增强" in str(meeting["DESCRIPTION"])
        assert str(meeting["LOCATION"]) == "腾讯会议 123-456"
        assert str(events[f"session-{group.id}-2026-12-16@paperclub"]["STATUS"]) == "CANCELLED"
        assert telegram.rejected == []


async def berlin_group(bot: RunningBot) -> tuple[Chat, User]:
    """An English group in Berlin and its admin, after the greeting."""
    group, ada = bot.telegram.group("LLM club"), bot.telegram.user("Ada")
    bot.telegram.set_admin(group, ada)
    await bot.telegram.add_bot(group, ada)
    await bot.telegram.next_reply(group)
    assert "Europe/Berlin" in await ask(bot, group, ada, "/timezone Europe/Berlin")
    return group, ada


def _wants(posted: Posted) -> list[str]:
    return [b["callback_data"] for b in posted.buttons if b["callback_data"].startswith("want:")]


def _title(bot: RunningBot, want: str) -> str:
    """`Title 2608.16975`: a wanted paper as the agenda names it."""
    arxiv_id = want.removeprefix("want:")
    row = bot.db.execute("select title from papers where arxiv_id = ?", [arxiv_id]).fetchone()
    return f"{row[0]} {arxiv_id}"


def _events(document: Posted) -> dict[str, Event]:
    """The calendar file's events by UID, parsed by `icalendar` as a calendar client would."""
    assert document.document is not None and document.document[0] == "meetings.ics"
    text = document.document[1]
    calendar = Calendar.from_ical(text)
    return {str(e["UID"]): e for e in calendar.events}


async def test_the_calendar_keeps_local_time_across_dst_and_a_changed_meeting_keeps_its_uid(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    clock = Clock(datetime(2026, 10, 12, 9, 0, tzinfo=berlin))
    async with running_bot(settings, telegram, arxiv_server, clock=clock) as bot:
        group, ada = await berlin_group(bot)
        assert "no meetings" in await ask(bot, group, ada, "/session ics")
        await ask(bot, group, ada, "/session every wed 19:00 https://meet.example.org/club")
        await telegram.send(group, ada, "/session ics")
        posted = await telegram.next_reply(group)
        assert posted.document is not None
        raw = posted.document[1].decode()
        assert "BEGIN:VTIMEZONE" in raw and "TZID=Europe/Berlin" in raw
        events = _events(posted)
        summer = events[f"session-{group.id}-2026-10-21@paperclub"].decoded("DTSTART")
        winter = events[f"session-{group.id}-2026-10-28@paperclub"].decoded("DTSTART")
        assert (summer.hour, winter.hour) == (19, 19)  # the same wall time either side of DST
        assert summer.astimezone(UTC) == datetime(2026, 10, 21, 17, 0, tzinfo=UTC)
        assert winter.astimezone(UTC) == datetime(2026, 10, 28, 18, 0, tzinfo=UTC)
        summary = str(events[f"session-{group.id}-2026-10-21@paperclub"]["SUMMARY"])
        assert summary == "LLM club: reading group"

        # That week's meeting moves to 18:00: the same event (UID), a new time.
        moved = await ask(bot, group, ada, "/session extra 2026-10-28 18:00")
        assert moved.startswith("✅ Saved.")
        await telegram.send(group, ada, "/session ics")
        again = _events(await telegram.next_reply(group))
        assert again.keys() == events.keys()
        changed = again[f"session-{group.id}-2026-10-28@paperclub"].decoded("DTSTART")
        assert changed == datetime(2026, 10, 28, 18, 0, tzinfo=berlin)
        assert telegram.rejected == []


async def test_the_calendar_file_names_a_nameless_presenter_without_their_user_id(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    clock = Clock(datetime(2026, 12, 7, 9, 0, tzinfo=berlin))
    async with running_bot(settings, telegram, arxiv_server, clock=clock) as bot:
        group, ada = await berlin_group(bot)
        add_papers(bot.db, *PAPERS)
        await ask(bot, group, ada, "/session every wed 19:00 Room 2")
        nameless = telegram.user("")  # Telegram allows neither name nor username to be shown
        await ask(bot, group, nameless, "/claim 2401.00001 next")
        await telegram.send(group, ada, "/session ics")
        events = _events(await telegram.next_reply(group))
        description = str(events[f"session-{group.id}-2026-12-09@paperclub"]["DESCRIPTION"])
        assert description.startswith("a member: ") and str(nameless.id) not in description


async def test_nudges_follow_the_meeting_a_claim_lands_on(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    clock = Clock(datetime(2026, 12, 7, 9, 0, tzinfo=berlin))
    async with running_bot(settings, telegram, arxiv_server, clock=clock) as bot:
        group, ada = await berlin_group(bot)
        add_papers(bot.db, *PAPERS)
        await ask(bot, group, ada, "/session every wed 19:00 Room 2")
        claimed = await ask(bot, group, ada, "/claim 2401.00001 2026-12-14")  # a Monday
        assert claimed.endswith("🗓 At the meeting on Wed 16 Dec 19:00.")
        # Monday's daily reminder run: the claim is due at its meeting, in two days.
        clock.set(datetime(2026, 12, 14, 10, 0, tzinfo=berlin))
        queue = bot.app.job_queue
        assert queue is not None
        name = bot.app.bot_data.work.reminder_schedule.job_name(group.id)
        (job,) = queue.get_jobs_by_name(name)
        job.job.modify(next_run_time=datetime.now(UTC))
        nudge = await telegram.next_reply(group, timeout=10)
        assert "Sparse experts, revisited is due on 2026-12-16 (in 2 d)" in nudge.text


async def test_the_calendar_file_names_a_group_as_written(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    # Review: the file's name and events went through HTML escaping ("Q&amp;A club"), unlike
    # the web's feed of the same meetings; a calendar's text is plain.
    clock = Clock(datetime(2026, 10, 12, 9, 0, tzinfo=ZoneInfo("Europe/Berlin")))
    async with running_bot(settings, telegram, arxiv_server, clock=clock) as bot:
        group, ada = bot.telegram.group("Q&A <club>"), bot.telegram.user("Ada")
        telegram.set_admin(group, ada)
        await telegram.add_bot(group, ada)
        await telegram.next_reply(group)
        await ask(bot, group, ada, "/session every wed 19:00 Room 2")
        await telegram.send(group, ada, "/session ics")
        posted = await telegram.next_reply(group)
        assert posted.document is not None
        calendar = Calendar.from_ical(posted.document[1])
        assert str(calendar["X-WR-CALNAME"]).startswith("Q&A <club>")
        assert {str(e["SUMMARY"]) for e in calendar.events} == {"Q&A <club>: reading group"}
