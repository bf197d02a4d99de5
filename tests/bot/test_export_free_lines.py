"""The Markdown export keeps a note's free lines where and as the member wrote them (issue 22):
not hoisted above the fields as "- " items, and the file reads back to the same notes."""

from __future__ import annotations

from store.catalog import import_catalog
from store.notes import latest_notes
from store.papers import Paper, upsert_papers
from store.parse.catalog_markdown import UNTAGGED_SECTION, parse_catalog
from tests.bot.conftest import NOW
from tests.bot.test_i18n import chinese_group
from tests.fakes.telegram import Chat, User
from tests.harness import RunningBot

IMPORTED = """# LLM 微调
LoRA
- Judul Kertas: Lora: Adaptasi Rendah Model Bahasa Besar
- Alamat kertas: https://arxiv.org/abs/2106.09685
- catatan bebas: tetap seperti ditulis
- Motivasi: Penyetelan penuh mahal & lambat
- Metode Kertas: matriks peringkat rendah
- 作者: Hu et al.
- keuntungan:
"""
NOTE = (
    "论文方法: LoRA adapters\n实验结果: +4 EM on NQ\n作者: Jiang et al.\n"
    "My take: worth presenting, but the ablations are thin."
)


async def exported(club: RunningBot, group: Chat, member: User) -> str:
    await club.telegram.send(group, member, "/export")
    sent = await club.telegram.next_reply(group)
    assert sent.document is not None
    return sent.document[1].decode()


async def test_free_lines_stay_where_and_as_written_through_import_and_export(
    club: RunningBot,
) -> None:
    # Issue 22: the export hoisted free lines above the fields, each as a "- " item.
    upsert_papers(club.db, [Paper("2106.09685", "LoRA: Low-Rank Adaptation", 1)], NOW)
    group, li = await chinese_group(club)
    import_catalog(club.db, group.id, IMPORTED, NOW)
    await club.telegram.send(group, li, f"/note 2401.04088\n{NOTE}")
    await club.telegram.next_reply(group)
    text = await exported(club, group, li)
    lora = text[text.index("LoRA\n") : text.index(UNTAGGED_SECTION)]
    assert lora.splitlines()[-5:] == [
        "- catatan bebas: tetap seperti ditulis",  # where it stood: before the motivation
        "- 动机: Penyetelan penuh mahal & lambat",
        "- 论文方法: matriks peringkat rendah",
        "- 作者: Hu et al.",  # after the method, as in the file
        "- keuntungan:",
    ]
    mixtral = text[text.index(UNTAGGED_SECTION) :].splitlines()
    assert mixtral[-4:] == [
        "- 论文方法: LoRA adapters",
        "- 实验结果: +4 EM on NQ",
        "  作者: Jiang et al.",  # plain lines, as the member wrote them, not "- " items
        "  My take: worth presenting, but the ablations are thin.",
    ]
    # Read back, every note keeps its body; exported again, the file is the same.
    again = {e.arxiv_id: e for e in parse_catalog(text).entries}
    for arxiv_id in ("2106.09685", "2401.04088"):
        [note] = latest_notes(club.db, group.id, arxiv_id)
        assert again[arxiv_id].fields.body == note.fields.body
    other = club.telegram.group("第二个读书会")
    club.telegram.set_admin(other, li)
    await club.telegram.add_bot(other, li)
    await club.telegram.next_reply(other)
    import_catalog(club.db, other.id, text, NOW)
    assert await exported(club, other, li) == text
