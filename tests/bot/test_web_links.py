"""The bot links to `paperclub web` when PAPERCLUB_WEB_URL is set: /web, paper cards, notes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import ConfigError, Settings, load_settings
from store.papers import Paper, upsert_papers
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.telegram import FakeTelegram
from tests.harness import RunningBot, make_settings, running_bot

WEB = "https://club.example.org"
MIXTRAL = Paper("2401.04088", "Mixtral of Experts", version=1, authors=("Albert Q. Jiang",))
PAPER_PAGE = f'href="{WEB}/catalog/paper?id=2401.04088"'


@pytest.fixture
def settings(tmp_path: Path, arxiv_server: FakeArxiv) -> Settings:
    return make_settings(tmp_path, arxiv_server, web_url=WEB)


async def test_web_in_a_group_links_to_its_pages(bot: RunningBot) -> None:
    group = bot.telegram.group("LLM paper club")
    await bot.telegram.send(group, bot.telegram.user("Ada"), "/web")
    reply = await bot.telegram.next_reply(group)
    assert "LLM paper club on the web" in reply.text
    assert f'href="{WEB}/catalog/claims?group=LLM+paper+club"' in reply.html
    assert f'href="{WEB}/catalog/web_notes?group=LLM+paper+club&amp;_sort_desc=note_id"' in (
        reply.html
    )
    assert f'href="{WEB}/catalog/search"' in reply.html


async def test_web_in_a_private_chat_says_it_belongs_to_a_group(bot: RunningBot) -> None:
    ada = bot.telegram.user("Ada")
    chat = bot.telegram.private_chat(ada)
    await bot.telegram.send(chat, ada, "/web")
    assert "belongs to a group" in (await bot.telegram.next_reply(chat)).text


async def test_paper_cards_claims_and_notes_link_to_the_papers_page(bot: RunningBot) -> None:
    upsert_papers(bot.db, [MIXTRAL], datetime(2026, 11, 21, tzinfo=UTC))
    group = bot.telegram.group("LLM paper club")
    ada = bot.telegram.user("Ada")
    for command in ("/paper 2401.04088", "/claim 2401.04088", "/note 2401.04088 Sparse MoE"):
        await bot.telegram.send(group, ada, command)
        reply = await bot.telegram.next_reply(group)
        assert PAPER_PAGE in reply.html, command
        assert "Notes on the web" in reply.text
    await bot.telegram.send(group, ada, "/notes 2401.04088")
    listing = await bot.telegram.next_reply(group)
    assert "Sparse MoE" in listing.text and PAPER_PAGE in listing.html


async def test_without_a_web_url_the_bot_never_links(
    tmp_path: Path, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    async with running_bot(make_settings(tmp_path, arxiv_server), telegram, arxiv_server) as bot:
        upsert_papers(bot.db, [MIXTRAL], datetime(2026, 11, 21, tzinfo=UTC))
        group = bot.telegram.group("LLM paper club")
        ada = bot.telegram.user("Ada")
        await bot.telegram.send(group, ada, "/web")
        assert "not on the web yet" in (await bot.telegram.next_reply(group)).text
        await bot.telegram.send(group, ada, "/paper 2401.04088")
        card = await bot.telegram.next_reply(group)
        assert "Mixtral of Experts" in card.text and "/catalog/" not in card.html


def test_the_web_url_setting_is_checked_and_trimmed() -> None:
    token = {"TELEGRAM_BOT_TOKEN": "123456:" + "A" * 35, "PAPERCLUB_HOME": "/tmp"}
    read = load_settings(token | {"PAPERCLUB_WEB_URL": f"{WEB}/"}, env_file=None)
    assert read.web_url == WEB
    assert load_settings(token, env_file=None).web_url is None
    with pytest.raises(ConfigError, match="PAPERCLUB_WEB_URL"):
        load_settings(token | {"PAPERCLUB_WEB_URL": "club.example.org"}, env_file=None)
