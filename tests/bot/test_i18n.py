"""Chinese and English end to end (issue 10): a group added by a zh-hans member hears Chinese
(greeting, /help, replies, errors, a digest, a reminder and its poll) until an admin says
/language en; private chats follow each member's language; the menus are set per language and
audience; first contact gets one line, ordinary chatter nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.app import registered_commands
from bot.cli.main import main
from bot.config import Settings
from bot.frame.throttle import FloodGate
from store.groups import get_group, get_member
from store.papers import Paper, upsert_papers
from tests.bot.test_digest import WEDNESDAY, feed_bytes, fixed, run_digest_job
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.arxiv import Feed as ServedFeed
from tests.fakes.telegram import BOT_USERNAME, Chat, FakeTelegram, User
from tests.harness import RunningBot, running_bot
from tests.search_data import add_papers

MIXTRAL = Paper("2401.04088", "Mixtral of Experts", 1, ("Albert Q. Jiang",), categories=("cs.LG",))


async def ask(bot: RunningBot, chat: Chat, member: User, text: str) -> str:
    await bot.telegram.send(chat, member, text)
    return (await bot.telegram.next_reply(chat)).text


async def chinese_group(bot: RunningBot) -> tuple[Chat, User]:
    """A group a zh-hans member (its admin) adds the bot to; returns it after the greeting."""
    li = bot.telegram.user("李雷", language_code="zh-hans")
    group = bot.telegram.group("大模型读书会")
    bot.telegram.set_admin(group, li)
    await bot.telegram.add_bot(group, li)
    greeting = (await bot.telegram.next_reply(group)).text
    assert greeting.startswith("👋 大家好，我是 paperclub")
    assert "先做这三步" in greeting and "/track cs.CL cs.AI" in greeting
    return group, li


async def test_a_group_added_by_a_chinese_member_speaks_chinese_until_language_en(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    arxiv_server.feeds["cs.CL"] = ServedFeed(feed_bytes("new-2026-08-20-cs-cl"))
    async with running_bot(settings, telegram, arxiv_server, clock=fixed(WEDNESDAY)) as bot:
        upsert_papers(bot.db, [MIXTRAL], WEDNESDAY)
        group, li = await chinese_group(bot)
        stored = get_group(bot.db, group.id)
        assert stored is not None and stored.language == "zh"

        help_text = await ask(bot, group, li, "/help")
        assert "命令" in help_text
        assert "/claim <编号> [截止日期/下次] — 认领一篇论文来讲" in help_text
        assert "Commands" not in help_text

        card = await ask(bot, group, li, "/paper ２４０１．０４０８８")  # full-width, as typed
        assert "Mixtral of Experts" in card
        error = await ask(bot, group, li, "/paper 2401.0408")
        assert error.startswith("“2401.0408”不是 arXiv 编号：")
        claimed = await ask(bot, group, li, "/claim 2401.04088。 14天")
        assert claimed.endswith("🎤 李雷 认领了这篇论文，2026-09-02 截止。")
        refused = await ask(
            bot, group, telegram.user("韩梅梅", language_code="zh-hans"), "/track cs.AI"
        )
        assert refused == "抱歉，只有本群管理员可以使用 /track。"

        await run_digest_job(bot, group)
        parts = telegram.unread(group)
        assert parts[0].text.startswith("arXiv 每日摘要 · 8月19日 周三\ncs.CL：新论文 49 篇")
        assert parts[-1].buttons[0]["text"].startswith("认领 ")
        await telegram.next_replies(group, len(parts))

        assert await ask(bot, group, li, "/language en") == (
            "From now on I write in English in this group."
        )
        assert "Commands" in await ask(bot, group, li, "/help")
        settings_text = await ask(bot, group, li, "/settings")
        assert "Language: English" in settings_text
        assert await ask(bot, group, li, "/language 中文") == "好的，我在本群将使用中文 (简体)。"
        assert "语言：中文 (简体)" in await ask(bot, group, li, "/settings")
        assert await ask(bot, group, li, "/language fr") == (
            "请从这些中选择：/language en、/language zh。没有改动。"
        )
        assert telegram.rejected == []


async def test_weekly_reminder_and_poll_in_the_groups_language(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    monday_10_shanghai = datetime(2026, 11, 23, 2, 0, 5, tzinfo=UTC)
    clock = _Clock(monday_10_shanghai - timedelta(days=3))
    async with running_bot(settings, telegram, arxiv_server, clock=clock) as bot:
        group, li = await chinese_group(bot)
        assert "UTC+8" in await ask(bot, group, li, "/timezone UTC+8")
        assert "时区已设为 Asia/Shanghai" in await ask(bot, group, li, "/timezone 北京")
        assert "周一 10:00（Asia/Shanghai）" in await ask(bot, group, li, "/reminder 周一 10:00")
        assert "附带投票" in await ask(bot, group, li, "/reminder poll on")
        add_papers(bot.db, Paper("2401.00006", "Best unclaimed pick"), Paper("2401.00007", "Next"))
        for rank, arxiv_id in enumerate(("2401.00006", "2401.00007"), 1):
            bot.db.table("digest_items").insert(
                {"chat_id": group.id, "listing_date": "2026-11-19", "rank": rank,
                 "arxiv_id": arxiv_id, "score": 1.0, "reasons": "[]", "part": 1}
            )  # fmt: skip
        clock.now = monday_10_shanghai
        assert bot.app.job_queue is not None
        name = bot.app.bot_data.work.reminder_schedule.job_name(group.id)
        job = bot.app.job_queue.get_jobs_by_name(name)[0]
        await job.run(bot.app)  # the job's own task: it must set the group's language itself
        weekly = next(p for p in telegram.messages(group) if "本周读书会" in p.text)
        assert "本周摘要中尚未认领的论文" in weekly.text
        assert [b["text"] for b in weekly.buttons] == ["认领 1", "认领 2"]
        poll = next(p for p in telegram.messages(group) if p.poll)
        assert poll.poll is not None and poll.poll["question"] == "下次读哪篇论文？"


async def test_private_chats_follow_each_members_language(bot: RunningBot) -> None:
    ann = bot.telegram.user("Ann", language_code="en")
    mei = bot.telegram.user("梅", language_code="zh-hans")
    ann_chat, mei_chat = bot.telegram.private_chat(ann), bot.telegram.private_chat(mei)
    assert "Commands" in await ask(bot, ann_chat, ann, "/help")
    assert "命令" in await ask(bot, mei_chat, mei, "/help")
    assert await ask(bot, mei_chat, mei, "/claim 2401.04088") == (
        "/claim 属于群功能：请在你的读书会群里发送。"
    )
    member = get_member(bot.db, mei.id)
    assert member is not None and member.language_code == "zh-hans"


async def test_menus_per_language_and_audience(bot: RunningBot) -> None:
    names = [c.name for c in registered_commands()]
    menus = bot.telegram.menus
    for code in ("", "zh"):
        admins = [c["command"] for c in menus[("all_chat_administrators", code)]]
        members = [c["command"] for c in menus[("default", code)]]
        private = [c["command"] for c in menus[("all_private_chats", code)]]
        assert admins == names
        assert "track" not in members and "digest_size" not in members
        assert {"claim", "keywords", "reminder", "settings"} <= set(members)
        assert "forget" in private and "track" not in private and "claim" not in private
    chinese = {c["command"]: c["description"] for c in menus[("all_chat_administrators", "zh")]}
    assert chinese["claim"].startswith("认领一篇论文来讲")
    assert chinese["language"] == "我在本群使用的语言：zh 或 en"


async def test_first_contact_gets_one_line_and_chatter_gets_nothing(bot: RunningBot) -> None:
    telegram = bot.telegram
    group, li = await chinese_group(bot)
    pointer = "发送 /help 看看我能做什么。"
    assert await ask(bot, group, li, f"@{BOT_USERNAME} 这个机器人怎么用？") == pointer
    greeting = telegram.messages(group)[0]
    await telegram.send(group, li, "你好", reply_to=greeting)
    assert (await telegram.next_reply(group)).text == pointer
    assert await ask(bot, group, li, f"/cliam@{BOT_USERNAME} 2401.04088") == (
        "我不认识 /cliam。你是想用 /claim 吗？"
    )
    assert await ask(bot, group, li, f"/lang@{BOT_USERNAME}") == (
        "我不认识 /lang。/help 列出了所有命令。"
    )
    # Issue 22: a mistyped command close to one of ours is asked about, even unaddressed.
    assert (
        await ask(bot, group, li, "/cliam 2401.02385")
        == "你是想用 /claim 吗？/help 列出了所有命令。"
    )
    for chatter in (
        "大家好，今天读哪篇？",
        "/lang zh",
        "/cliam@other_bot",
        "/start@other_bot",
        "@someone hi",
    ):
        await telegram.send(group, li, chatter)
    await bot.settled()
    assert telegram.unread(group) == []  # another bot's commands and ordinary talk: silence
    private = telegram.private_chat(li)
    assert await ask(bot, private, li, "帮助") == pointer
    assert await ask(bot, private, li, "/cliam") == "我不认识 /cliam。你是想用 /claim 吗？"
    assert await ask(bot, private, li, "/xyz") == "我不认识 /xyz。/help 列出了所有命令。"


async def test_export_keeps_the_groups_chinese_name(bot: RunningBot) -> None:
    upsert_papers(bot.db, [MIXTRAL], datetime.now(UTC))
    group, li = await chinese_group(bot)
    await bot.telegram.send(group, li, "/note 2401.04088\n论文方法: 稀疏专家")
    await bot.telegram.next_reply(group)
    await bot.telegram.send(group, li, "/export")
    sent = await bot.telegram.next_reply(group)
    assert sent.document is not None and sent.document[0] == "大模型读书会-notes.md"
    assert sent.text == "大模型读书会：1 条笔记。"


class _Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def test_the_flood_notice_comes_in_the_groups_language(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    # The throttle answers before record_activity runs: it looks the language up itself.
    gate = FloodGate(limit=2, window=10.0, mute=60.0)
    async with running_bot(settings, telegram, arxiv_server, flood=gate) as bot:
        group, li = await chinese_group(bot)
        for _ in range(3):
            await telegram.send(group, li, "/claims")
        replies = await telegram.next_replies(group, 3)
        assert replies[-1].text == (
            "一下子发了太多命令：接下来 60 秒内我会忽略你的命令，好让其他人也能得到回复。"
        )


async def test_a_group_made_by_paperclub_group_takes_the_adders_language_when_added(
    settings: Settings,
    telegram: FakeTelegram,
    arxiv_server: FakeArxiv,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Issue 18: a group first created with `paperclub group` stayed English when a Chinese
    # organiser added the bot, though no one had chosen English.
    made, chosen = telegram.group("大模型读书会"), telegram.group("Bilingual club")
    monkeypatch.setenv("PAPERCLUB_HOME", str(settings.db_path.parent))
    monkeypatch.setenv("PAPERCLUB_DB", str(settings.db_path))
    assert main(["group", str(made.id), "--timezone", "Asia/Shanghai"]) == 0
    li = telegram.user("李雷", language_code="zh-hans")
    ada = telegram.user("Ada", language_code="en")
    telegram.set_admin(chosen, ada)
    async with running_bot(settings, telegram, arxiv_server) as bot:
        await telegram.add_bot(made, li)
        greeting = (await telegram.next_reply(made)).text
        assert greeting.startswith("👋 大家好，我是 paperclub")
        stored = get_group(bot.db, made.id)
        assert stored is not None and (stored.language, stored.timezone) == ("zh", "Asia/Shanghai")
        assert (
            "/paper" in await ask(bot, made, li, "/help")
            and "论文" in telegram.messages(made)[-1].text
        )
        # An admin's choice stays: removed and added again by a Chinese member, still English.
        await telegram.add_bot(chosen, ada)
        await telegram.next_reply(chosen)
        assert "English" in await ask(bot, chosen, ada, "/language en")
        await telegram.add_bot(chosen, ada, status="left")
        await telegram.add_bot(chosen, li)
        assert (await telegram.next_reply(chosen)).text.startswith("👋 Hello, I am paperclub")
        again = get_group(bot.db, chosen.id)
        assert again is not None and again.language == "en"
