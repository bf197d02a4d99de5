"""A Chinese club's day (issue 22): edits replace, resends merge, search agrees with /notes."""

from __future__ import annotations

from datetime import date

from store.catalog import import_catalog
from store.claims import claim_board
from store.notes import latest_notes
from store.papers import Paper, upsert_papers
from store.parse.catalog_markdown import UNTAGGED_SECTION, parse_catalog
from tests.bot.conftest import NOW
from tests.bot.test_i18n import ask, chinese_group
from tests.harness import RunningBot

ALEX_NOTE = (
    "/note 2401.04088\n论文方法: LoRA adapters\n实验结果: Results: +4 EM on NQ\n相关领域: lora\n"
    "My take: worth presenting, but the ablations are thin."
)


async def test_a_note_edited_twice_keeps_its_free_text_once(club: RunningBot) -> None:
    # Issue 22: Alex fixed one word; the note then ended with "My take: …" twice.
    group, _ = await chinese_group(club)
    alex = club.telegram.user("Alex", language_code="zh-hans")
    sent = await club.telegram.send(group, alex, ALEX_NOTE)
    await club.telegram.next_reply(group)
    resent = await ask(club, group, alex, ALEX_NOTE)  # a resend that says nothing new
    assert "没有改动" in resent or "已经" in resent, resent
    fixed = ALEX_NOTE.replace("+4 EM", "+5 EM")
    await club.telegram.edit(group, alex, sent, fixed)
    first = (await club.telegram.next_reply(group)).text
    await club.telegram.edit(group, alex, sent, fixed.replace("thin", "very thin"))
    second = (await club.telegram.next_reply(group)).text
    [note] = latest_notes(club.db, group.id, "2401.04088")
    assert note.raw_text.count("My take") == 1
    assert "very thin" in note.raw_text and "+5 EM" in note.raw_text
    assert "实验结果" in first and "正文" not in first
    assert "正文" in second and "实验结果" not in second
    resend = await ask(club, group, alex, fixed.replace("thin", "very thin"))
    assert "正文" not in resend
    [again] = latest_notes(club.db, group.id, "2401.04088")
    assert again.raw_text == note.raw_text


async def test_search_finds_only_the_latest_revision(club: RunningBot) -> None:
    # Issue 22: after an edit /search still quoted the old revision while /notes showed the new.
    group, _ = await chinese_group(club)
    alex = club.telegram.user("Alex", language_code="zh-hans")
    sent = await club.telegram.send(group, alex, "/note 2401.04088\n论文方法: sparse routing")
    await club.telegram.next_reply(group)
    await club.telegram.edit(group, alex, sent, "/note 2401.04088\n论文方法: dense gating")
    await club.telegram.next_reply(group)
    old = await ask(club, group, alex, "/search routing")
    assert "Mixtral of Experts" not in old and "routing" in old
    new = await ask(club, group, alex, "/search gating")
    assert "Mixtral of Experts" in new and "dense gating" in new and "routing" not in new
    assert len(club.db.execute("select id from notes").fetchall()) == 2  # history stays


async def test_forget_counts_notes_and_claims_as_it_deletes_them(club: RunningBot) -> None:
    # Issue 22: "全部笔记（2 条）和认领（2 条）" for one note in two revisions, two claims closed.
    upsert_papers(club.db, [Paper("2402.00001", "Another paper", 1)], NOW)
    group, _ = await chinese_group(club)
    alex = club.telegram.user("Alex", language_code="zh-hans")
    for text in ("/claim 2401.04088", "/note 2401.04088 论文方法: v1", "论文方法: v2"):
        await ask(club, group, alex, text if text.startswith("/") else f"/note 2401.04088 {text}")
    await ask(club, group, alex, "/claim 2402.00001")
    await ask(club, group, alex, "/unclaim 2402.00001")
    private = club.telegram.private_chat(alex)
    await club.telegram.send(private, alex, "/forget")
    sent = await club.telegram.next_reply(private)
    assert "笔记（1 篇，连同各自的历史版本）、进行中的认领（0 个）" in sent.text
    assert "已结束认领的记录（2 个）" in sent.text
    await club.telegram.press(private, alex, sent, f"forget:yes:{alex.id}")
    await club.telegram.wait_for(lambda: sent.edits == 1)
    assert sent.text == "完成：已删除你的笔记（1 篇）、进行中的认领（0 个）和已结束的认领（2 个）。"
    assert club.db.execute("select count(*) from notes").fetchone()[0] == 0
    assert club.db.execute("select count(*) from claims").fetchone()[0] == 0


IMPORTED = """# LLM 微调
LoRA
- Judul Kertas: Lora: Adaptasi Rendah Model Bahasa Besar
- Alamat kertas: https://arxiv.org/abs/2106.09685
- mekanisme: Microsoft
- catatan bebas: tetap seperti ditulis
- Alamat GitHub:
- Pertemuan:
- Motivasi: Penyetelan penuh mahal & lambat
- Metode Kertas: matriks peringkat rendah
"""


async def test_an_imported_entry_shows_the_clubs_labels(club: RunningBot) -> None:
    # Issue 22: /notes showed "- mekanisme:" and "- Pertemuan:"; search "Judul Kertas".
    upsert_papers(club.db, [Paper("2106.09685", "LoRA: Low-Rank Adaptation", 1)], NOW)
    group, li = await chinese_group(club)
    import_catalog(club.db, group.id, IMPORTED, NOW)
    listing = await ask(club, group, li, "/notes 2106.09685")
    assert "- 论文名称: LoRA: Low-Rank Adaptation（目录原文：Lora: Adaptasi Rendah" in listing
    assert "- 论文地址: https://arxiv.org/abs/2106.09685" in listing
    assert "- 机构: Microsoft" in listing and "- 动机: Penyetelan penuh mahal & lambat" in listing
    assert "- 论文方法: matriks peringkat rendah" in listing
    assert "- catatan bebas: tetap seperti ditulis" in listing  # a free line stays as written
    for indonesian in ("Judul", "Alamat", "mekanisme", "Pertemuan", "Motivasi", "Metode"):
        assert indonesian not in listing
    found = await ask(club, group, li, "/search peringkat")
    assert "LoRA: Low-Rank Adaptation" in found and "论文方法" in found
    assert "Metode" not in found and "Judul" not in found


async def test_the_chinese_help_has_no_english_placeholders(club: RunningBot) -> None:
    group, li = await chinese_group(club)
    help_text = await ask(club, group, li, "/help")
    assert "/claim <编号> [截止日期/下次]" in help_text and "/search <搜索词>" in help_text
    assert "/top [本周/本月/全部]" in help_text and "every" not in help_text
    assert "/reminder <星期几> <时:分> 或 off" in help_text
    assert "/timezone <地区/城市>" in help_text and "/track <arXiv 分类> ..." in help_text
    for english in ("<id>", "<query>", "<category>", "[words]", "<Area/City>", "or off", "<day>"):
        assert english not in help_text


async def test_keywords_without_a_verb_add_and_digest_size_alone_shows(club: RunningBot) -> None:
    group, li = await chinese_group(club)
    assert await ask(club, group, li, "/keywords lora, rag") == "当前关键词：lora、rag"
    shown = await ask(club, group, li, "/digest_size")
    assert shown.startswith("每份摘要最多显示 ") and "/digest_size" in shown


async def test_claim_refusals_are_one_line_and_one_paper_at_a_time(club: RunningBot) -> None:
    upsert_papers(club.db, [Paper("2402.00001", "Another paper", 1)], NOW)
    group, li = await chinese_group(club)
    wang = club.telegram.user("王芳", language_code="zh-hans")
    assert "Mixtral of Experts" in await ask(club, group, wang, "/claim 2401.04088")
    for _ in range(2):  # issue 22: each attempt posted the whole card before the refusal
        refused = await ask(club, group, li, "/claim 2401.04088")
        assert refused.startswith("王芳 已认领这篇论文") and "\n" not in refused
    both = await ask(club, group, li, "/claim 2401.04088 2402.00001")
    assert both == "一次认领一篇：先发 /claim 2401.04088，再用 /claim 认领下一篇。"


async def test_chinese_lists_use_chinese_punctuation(club: RunningBot) -> None:
    # Issue 22: "已修改：实验结果, 正文。" and "; " between a digest's reasons.
    group, li = await chinese_group(club)
    saved = await ask(club, group, li, "/note 2401.04088\n机构: Mistral AI\n动机: 推理太贵")
    assert "机构、动机" in saved and ", " not in saved


async def test_relative_due_dates(club: RunningBot) -> None:
    # Issue 22: 下周三 was refused as a due date. NOW is Saturday 2026-11-21.
    upsert_papers(club.db, [Paper("2402.00001", "Another paper", 1)], NOW)
    group, li = await chinese_group(club)
    assert "2026-11-25" in await ask(club, group, li, "/claim 2401.04088 下周三")
    wang = club.telegram.user("王芳", language_code="zh-hans")
    assert "2026-11-22" in await ask(club, group, wang, "/claim 2402.00001 明天")
    board = {c.arxiv_id: c.due_on for c in claim_board(club.db, group.id, NOW)}
    assert board == {"2401.04088": date(2026, 11, 25), "2402.00001": date(2026, 11, 22)}


async def test_notes_in_private_reads_the_members_groups(club: RunningBot) -> None:
    # Issue 22: "/notes 属于群功能" in a private chat, though a member reads notes there.
    group, li = await chinese_group(club)
    await ask(club, group, li, "/note 2401.04088\n论文方法: 稀疏专家")
    private = club.telegram.private_chat(li)
    listing = await ask(club, private, li, "/notes 2401.04088")
    assert "笔记：Mixtral of Experts（1 篇）" in listing
    assert "李雷 · 第 1 版 · 2026-11-21 · 大模型读书会" in listing and "稀疏专家" in listing
    stranger = club.telegram.user("路人", language_code="zh-hans")
    none = await ask(club, club.telegram.private_chat(stranger), stranger, "/notes 2401.04088")
    assert none.startswith("你所在的群里还没有关于 Mixtral of Experts 的笔记")


async def test_an_empty_board_says_what_to_do_next(club: RunningBot) -> None:
    # Issue 22: "还没有人认领论文" after two weeks of claims.
    group, li = await chinese_group(club)
    board = await ask(club, group, li, "/claims")
    assert board == "目前没有人在准备讲论文。从每日摘要或 /search 里挑一篇认领：/claim 2401.04088。"
    assert "还没" not in board


async def test_export_puts_untagged_notes_last_under_their_own_heading(club: RunningBot) -> None:
    # Issue 22: the export put an untagged note on top, before the imported sections.
    upsert_papers(club.db, [Paper("2106.09685", "LoRA: Low-Rank Adaptation", 1)], NOW)
    group, li = await chinese_group(club)
    import_catalog(club.db, group.id, IMPORTED, NOW)
    await ask(club, group, li, "/note 2401.04088\n机构: Mistral AI")
    await club.telegram.send(group, li, "/export")
    sent = await club.telegram.next_reply(group)
    assert sent.document is not None
    text = sent.document[1].decode()
    assert text.index("# LLM 微调") < text.index(UNTAGGED_SECTION) < text.index("Mistral AI")
    entries = {e.arxiv_id: e for e in parse_catalog(text).entries}
    assert entries["2401.04088"].fields.tags == ()  # read back untagged, as it was
    assert entries["2106.09685"].fields.tags == ("# LLM 微调",)
