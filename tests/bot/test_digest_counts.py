"""The digest header's counts add up and say what they count (issue 22): a paper cross-listed
in several tracked categories is counted once, in English and in Chinese."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from bot.config import Settings
from tests.bot.test_digest import feed_bytes
from tests.fakes.arxiv import FakeArxiv, combined_feed
from tests.fakes.arxiv import Feed as ServedFeed
from tests.fakes.telegram import FakeTelegram
from tests.harness import fire_now, running_bot

WEDNESDAY = datetime(2026, 8, 19, 13, 0, tzinfo=UTC)  # listing 2026-08-19 is due
HEADER = {
    "en": (
        r"(\d+) papers today, each counted once: under its own category, or the first one it is "
        r"cross-listed into",
        r"(cs\.\w+): (\d+) new, (\d+) cross-listed from elsewhere",
        r"Top 10 of (\d+) shown\.",
    ),
    "zh": (
        r"今天共 (\d+) 篇，每篇只计一次：计在它自己的分类下，"
        r"不在所列分类的计在它交叉列出的第一个分类下",
        r"(cs\.\w+)：新论文 (\d+) 篇，从其他分类交叉列出 (\d+) 篇",
        r"共 (\d+) 篇，显示前 10 篇。",
    ),
}


@pytest.mark.parametrize("language", ["en", "zh"])
async def test_the_digest_header_counts_each_paper_once_and_says_so(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv, language: str
) -> None:
    # Issue 22: "共 216 篇" over 37 + 35 + 65 + 106: cross-lists were counted in each category.
    cl, ai = feed_bytes("new-2026-08-20-cs-cl"), feed_bytes("new-2026-08-20-cs-ai")
    arxiv_server.feeds["cs.AI+cs.CL"] = ServedFeed(combined_feed([cl, ai]))
    async with running_bot(settings, telegram, arxiv_server, clock=lambda: WEDNESDAY) as bot:
        admin = telegram.user("李雷" if language == "zh" else "Ada", language_code=language)
        group = telegram.group("大模型读书会" if language == "zh" else "LLM paper club")
        telegram.set_admin(group, admin)
        for command in ("/settings", "/track cs.AI"):
            await telegram.send(group, admin, command)
            await telegram.next_reply(group)
        fire_now(bot, bot.app.bot_data.work.digest_schedule.job_name(group.id))
        header = (await telegram.next_reply(group, timeout=15)).text
    total_line, category_line, shown_line = HEADER[language]
    total_match = re.search(total_line, header)
    shown_match = re.search(shown_line, header)
    assert total_match and shown_match, header
    counts = {c: (int(new), int(cross)) for c, new, cross in re.findall(category_line, header)}
    assert set(counts) == {"cs.CL", "cs.AI"}, header
    total = int(total_match[1])
    assert sum(new + cross for new, cross in counts.values()) == total == int(shown_match[1])
    assert counts["cs.CL"][0] == 49 and counts["cs.AI"][0] == 65  # the papers new in each
    assert total < 49 + 23 + 65 + 105  # what the old header's lines summed to
