"""An overdue presenter hears privately, once, the day before their claim is released (issue 22)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.config import Settings
from store.claims import claim_paper
from store.groups import record_member
from store.papers import Paper
from tests.bot.test_i18n import chinese_group
from tests.bot.test_reminders import Clock
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.telegram import FakeTelegram
from tests.harness import fire_now, running_bot
from tests.search_data import add_papers

WEDNESDAY = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)  # no weekly reminder due: only the checks
TODAY = date(2026, 11, 25)
EARLIER = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


async def test_an_overdue_presenter_is_warned_privately_a_day_before_release(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    # Issue 22: an overdue presenter got no private warning before the public "🔓 已释放 …".
    clock = Clock(WEDNESDAY)
    async with running_bot(settings, telegram, arxiv_server, clock=clock) as bot:
        group, _ = await chinese_group(bot)
        add_papers(
            bot.db,
            Paper("2401.00001", "Wang's overdue paper"),
            Paper("2401.00002", "Zhang's overdue paper"),
            Paper("2401.00003", "Zhao's long-forgotten paper"),
        )
        wang, zhang, zhao = (
            telegram.user(name, language_code="zh-hans") for name in ("王芳", "张伟", "赵六")
        )
        telegram.private_chat(wang)  # only 王芳 started the bot
        overdue = ((wang, "2401.00001", 7), (zhang, "2401.00002", 7), (zhao, "2401.00003", 8))
        for member, arxiv_id, days in overdue:
            record_member(bot.db, member.id, member.first_name, None, EARLIER, chat_id=group.id)
            due = TODAY - timedelta(days=days)
            claim_paper(bot.db, group.id, arxiv_id, member.id, due, EARLIER)
        record_member(
            bot.db, wang.id, "王芳", None, EARLIER, private_chat=True, language_code="zh-hans"
        )
        job = bot.app.bot_data.work.reminder_schedule.job_name(group.id)

        fire_now(bot, job)  # Wednesday: 赵六's claim goes, 王芳's and 张伟's go tomorrow
        released = await telegram.next_reply(group, timeout=10)
        assert released.text.startswith("🔓 已释放 Zhao's long-forgotten paper")
        await telegram.wait_for(lambda: telegram.messages(wang.id), timeout=10)
        [warning] = telegram.messages(wang.id)
        assert warning.text == (
            "⏳ 你在 大模型读书会 认领的论文 Wang's overdue paper 已于 2026-11-18 截止。"
            "明天它将被释放，任何人都可以认领；"
            "在那之前在 大模型读书会 提交笔记即可保留：/note 2401.00001。"
        )
        assert telegram.messages(zhang.id) == []  # never started the bot: nothing private

        clock.now = WEDNESDAY + timedelta(days=1)
        fire_now(bot, job)  # Thursday: both released in public, as before; no second warning
        both = await telegram.next_replies(group, 2, timeout=10)
        assert sorted(p.text.split("：")[0] for p in both) == [
            "🔓 已释放 Wang's overdue paper",
            "🔓 已释放 Zhang's overdue paper",
        ]
        assert len(telegram.messages(wang.id)) == 1 and telegram.messages(zhang.id) == []
        assert telegram.unread(group) == []
