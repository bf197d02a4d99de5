"""/search end to end: members type queries, read pages and press Next/Previous."""

from __future__ import annotations

import logging

import pytest

from store.groups import record_member
from store.papers import Paper
from tests.fakes.telegram import Chat, User
from tests.harness import RunningBot
from tests.search_data import NOW, add_group, add_note, add_papers, import_seed

AWKWARD = ['lora"', "AND", "NOT lora", "-", "*", "(", "c++", '"', "   ", "year:20x4", "OR OR"]
AWKWARD += ["lora -2401.04088", "NOT cat:cs.CL lora", "-author:Hu lora", "lora -year:2020"]
AWKWARD += ["rag the OR retrieval", "author:张三丰", "ＬｏＲＡ", "NOT", "lora OR", "OR lora"]
AWKWARD += ["cat:cs.CL -cat:cs.CL", "-author:", 'author:"" lora', "id:2401.04088 -lora"]
AWKWARD += ["lora*", "*lora", "微", "lora NOT NOT qlora", "a OR the OR of"]


async def _setup(bot: RunningBot) -> tuple[Chat, User]:
    group = bot.telegram.group("LLM paper club")
    member = bot.telegram.user("Ada")
    add_group(bot.db, group.id, "LLM paper club")
    record_member(bot.db, member.id, "Ada", None, NOW, chat_id=group.id)
    return group, member


async def test_chinese_two_character_terms_find_seed_notes(bot: RunningBot) -> None:
    group, member = await _setup(bot)
    import_seed(bot.db, group.id, "small-language-models-overview.txt")
    await bot.telegram.send(group, member, "/search 多模态")
    reply = await bot.telegram.next_reply(group)
    assert "具有小型语言模型的高效多模态助手" in reply.text
    assert "<b>多模态</b>" in reply.html and "In your notes" in reply.text
    assert bot.telegram.rejected == []


async def test_words_forms_and_html_escaping(bot: RunningBot) -> None:
    group, member = await _setup(bot)
    add_papers(
        bot.db,
        Paper(
            "2106.09685",
            "LoRA: Low-Rank Adaptation of <Large> Language Models & more",
            abstract="Adapters & low-rank updates <b>",
        ),
    )
    await bot.telegram.send(group, member, "/search lora")
    reply = await bot.telegram.next_reply(group)
    assert "LoRA: Low-Rank Adaptation of <Large> Language Models & more" in reply.text
    assert '<a href="https://arxiv.org/abs/2106.09685">' in reply.html
    assert "2106.09685" in reply.text and "Other papers" not in reply.text
    await bot.telegram.send(group, member, "/search adapter")
    reply = await bot.telegram.next_reply(group)
    assert "<i><b>Adapters</b> &amp; low-rank updates &lt;b&gt;</i>" in reply.html
    assert bot.telegram.rejected == []


@pytest.mark.parametrize("typed", AWKWARD)
async def test_awkward_input_gets_results_or_a_friendly_answer(
    bot: RunningBot, typed: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    group, member = await _setup(bot)
    add_papers(bot.db, Paper("2106.09685", "LoRA: Low-Rank Adaptation of Large Language Models"))
    await bot.telegram.send(group, member, f"/search {typed}")
    reply = await bot.telegram.next_reply(group)
    assert any(
        phrase in reply.text
        for phrase in (
            "Results for",
            "No matches",
            "Tell me what to look for",
            "at least one word",
            "year filter",
        )
    ), reply.text
    assert bot.telegram.rejected == []
    # "No matches" must be the answer, not a swallowed error: nothing went wrong in search
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


async def test_next_and_previous_pages(bot: RunningBot) -> None:
    group, member = await _setup(bot)
    for number in range(12):
        add_note(
            bot.db, group.id, f"检索增强 note {number}", title=f"RAG entry {number:02}", author="Bo"
        )
    await bot.telegram.send(group, member, "/search 检索增强")
    first = await bot.telegram.next_reply(group)
    assert "page 1" in first.text and "10. " in first.text and "11. " not in first.text
    assert [b["text"] for b in first.buttons] == ["Next »"]
    next_data = first.buttons[0]["callback_data"]
    assert len(next_data.encode()) <= 64
    await bot.telegram.press(group, member, first, next_data)
    await bot.telegram.wait_for(lambda: first.edits == 1)
    assert "page 2" in first.text and "11. " in first.text and "12. " in first.text
    assert [b["text"] for b in first.buttons] == ["« Previous"]
    await bot.telegram.press(group, member, first, first.buttons[0]["callback_data"])
    await bot.telegram.wait_for(lambda: first.edits == 2)
    assert "page 1" in first.text and "1. " in first.text


async def test_private_search_spans_the_members_groups(bot: RunningBot) -> None:
    group, member = await _setup(bot)
    other = bot.telegram.group("Other club")
    add_group(bot.db, other.id, "Other club")
    add_note(bot.db, group.id, "speculative decoding is fun", title="Spec decoding", author="Ada")
    add_note(bot.db, other.id, "speculative sampling notes", title="Not my group", author="Zed")
    chat = bot.telegram.private_chat(member)
    await bot.telegram.send(chat, member, "/search speculative")
    reply = await bot.telegram.next_reply(chat)
    assert "Spec decoding" in reply.text and "Not my group" not in reply.text
    await bot.telegram.send(group, member, "/search speculative")
    assert "Spec decoding" in (await bot.telegram.next_reply(group)).text


async def test_imported_notes_show_the_catalog_and_author_finds_note_writers(
    bot: RunningBot,
) -> None:
    # Issue 11: imported notes read "club catalog", not "?"; author: finds members' notes too.
    group, _member = await _setup(bot)
    import_seed(bot.db, group.id, "small-language-models-overview.txt")
    add_papers(bot.db, Paper("2401.04088", "Mixtral of Experts", authors=("Albert Jiang",)))
    chen = bot.telegram.user("陈晨")
    await bot.telegram.send(group, chen, "/note 2401.04088 论文方法: 稀疏专家混合")
    assert "revision 1" in (await bot.telegram.next_reply(group)).text
    await bot.telegram.send(group, chen, "/search 多模态")
    reply = await bot.telegram.next_reply(group)
    assert "notes: club catalog\n" in reply.text and "notes: ?" not in reply.text
    await bot.telegram.send(group, chen, "/search author:陈晨")
    reply = await bot.telegram.next_reply(group)
    assert "Mixtral of Experts" in reply.text and "notes: 陈晨" in reply.text
    await bot.telegram.send(group, chen, "/search author:Jiang")  # the paper's authors still
    assert "Mixtral of Experts" in (await bot.telegram.next_reply(group)).text
    await bot.telegram.send(group, chen, "/search 专家 -author:陈晨")
    assert "No matches" in (await bot.telegram.next_reply(group)).text
