"""Claiming a paper the club has notes on says how many and where to read them (issue 22)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings
from store.papers import Paper, upsert_papers
from tests.bot.conftest import NOW
from tests.bot.test_i18n import ask, chinese_group
from tests.fakes.arxiv import FakeArxiv
from tests.harness import RunningBot, make_settings

WEB = "https://club.example.org"


@pytest.fixture
def settings(tmp_path: Path, arxiv_server: FakeArxiv) -> Settings:
    return make_settings(tmp_path, arxiv_server, web_url=WEB)


async def test_claiming_a_paper_with_notes_says_how_many_and_where(club: RunningBot) -> None:
    # Issue 22: claiming a paper the club already has notes on said nothing of them.
    upsert_papers(club.db, [Paper("2402.00001", "Another paper", 1)], NOW)
    group, li = await chinese_group(club)
    wang = club.telegram.user("王芳", language_code="zh-hans")
    await ask(club, group, li, "/note 2401.04088\n论文方法: 稀疏专家")
    await ask(club, group, li, "/note 2401.04088\n论文方法: 稀疏专家，每层 8 个")  # a revision
    await ask(club, group, wang, "/note 2401.04088\n实验结果: 超过 Llama 2 70B")
    await club.telegram.send(group, wang, "/claim 2401.04088")
    claimed = await club.telegram.next_reply(group)
    assert "📝 读书会已有 2 篇关于它的笔记：/notes 2401.04088" in claimed.text
    assert f'href="{WEB}/catalog/paper?id=2401.04088"' in claimed.html
    other = await ask(club, group, wang, "/claim 2402.00001")
    assert "王芳 认领了这篇论文" in other and "读书会已有" not in other
