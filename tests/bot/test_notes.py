"""Notes end to end: the three ways to write one, labelled fields, revisions, limits, /notes."""

from __future__ import annotations

from store.claims import claim_board
from store.db import Database
from store.notes import latest_notes
from store.papers import Paper, upsert_papers
from store.parse.catalog_markdown import parse_catalog
from tests.bot.conftest import NOW
from tests.fakes.telegram import User
from tests.harness import RunningBot

CHINESE_NOTE = """论文名称:Mixtral of Experts
机构:Mistral AI
动机:稠密模型推理太贵
论文方法:稀疏专家混合,每层8个专家
- 每个token由路由选2个专家
实验结果:超过Llama 2 70B
相关领域:MoE、推理效率
读后感:路由很简单"""


async def test_a_note_in_the_same_message_keeps_its_lines(club: RunningBot) -> None:
    ada = club.telegram.user("Ada")
    group = club.telegram.group("LLM paper club")
    text = "Sparse MoE, 8 experts.\n\n  Router picks 2 per token.\nCheap inference!"
    await club.telegram.send(group, ada, f"/note 2401.04088\n{text}")
    reply = (await club.telegram.next_reply(group)).text
    assert "Saved Ada's note on Mixtral of Experts (revision 1)" in reply
    assert "No labels found: kept as the note's body" in reply
    [note] = latest_notes(club.db, group.id, "2401.04088")
    assert note.raw_text == text and note.author_name == "Ada"
    assert (
        note.fields.body == "Sparse MoE, 8 experts.\n  Router picks 2 per token.\nCheap inference!"
    )


async def test_a_labelled_chinese_note_is_split_into_fields(club: RunningBot) -> None:
    ada = club.telegram.user("Ada")
    group = club.telegram.group("LLM paper club")
    await club.telegram.send(group, ada, f"/note 2401.04088 {CHINESE_NOTE}")
    reply = (await club.telegram.next_reply(group)).text
    assert "Fields: title, institution, motivation, method, results, tags." in reply
    [note] = latest_notes(club.db, group.id, "2401.04088")
    assert note.fields.institution == "Mistral AI"
    assert note.fields.motivation == "稠密模型推理太贵"
    assert note.fields.method == "稀疏专家混合,每层8个专家\n每个token由路由选2个专家"
    assert note.fields.results == "超过Llama 2 70B"
    assert note.fields.tags == ("MoE", "推理效率")
    assert note.fields.body == "读后感:路由很简单"
    assert note.raw_text == CHINESE_NOTE


async def test_a_reply_to_the_prompt_is_the_note(club: RunningBot) -> None:
    ada, bo = club.telegram.user("Ada"), club.telegram.user("Bo")
    group = club.telegram.group("LLM paper club")
    await club.telegram.send(group, ada, "/note 2401.04088")
    prompt = await club.telegram.next_reply(group)
    assert "Ada, reply to this message with your note on Mixtral of Experts" in prompt.text
    await club.telegram.send(group, bo, "Not Ada's note", reply_to=prompt)
    hint = await club.telegram.next_reply(group)  # issue 11: not silence, one line
    assert hint.text == (
        "That question was for someone else; to write your own note, send /note 2401.04088."
    )
    assert latest_notes(club.db, group.id, "2401.04088") == []
    await club.telegram.send(group, ada, "Method: routing\nResults: good", reply_to=prompt)
    assert "(revision 1)" in (await club.telegram.next_reply(group)).text
    [note] = latest_notes(club.db, group.id, "2401.04088")
    assert (note.fields.method, note.fields.results) == ("routing", "good")
    await club.telegram.send(group, ada, "a second reply to a used prompt", reply_to=prompt)
    await club.settled()
    assert club.telegram.unread(group) == []


async def test_a_markdown_file_with_the_command_as_caption(club: RunningBot) -> None:
    ada = club.telegram.user("Ada")
    group = club.telegram.group("LLM paper club")
    content = "# Mixtral\n\n- 论文方法: 稀疏专家混合\n- 实验结果: 好\n"
    await club.telegram.send_document(
        group, ada, "mixtral.md", content.encode(), "/note 2401.04088"
    )
    assert "(revision 1)" in (await club.telegram.next_reply(group)).text
    [note] = latest_notes(club.db, group.id, "2401.04088")
    assert note.raw_text == content.strip("\n") and note.fields.method == "稀疏专家混合"
    await club.telegram.send_document(group, ada, "slides.pdf", b"%PDF", "/note 2401.04088")
    assert "Send the note as a .md or .txt file" in (await club.telegram.next_reply(group)).text
    await club.telegram.send_document(group, ada, "n.txt", b"\xff\xfe\x00", "/note 2401.04088")
    assert "could not read that file as UTF-8" in (await club.telegram.next_reply(group)).text


async def test_a_new_note_is_a_revision_and_completes_the_claim(club: RunningBot) -> None:
    ada = club.telegram.user("Ada")
    group = club.telegram.group("LLM paper club")
    await club.telegram.send(group, ada, "/claim 2401.04088")
    await club.telegram.next_reply(group)
    await club.telegram.send(group, ada, "/note 2401.04088\nMethod: first reading")
    first = (await club.telegram.next_reply(group)).text
    assert "That completes Ada's claim on it" in first
    await club.telegram.send(group, ada, "/note 2401.04088\nMethod: second reading")
    second = (await club.telegram.next_reply(group)).text
    assert "(revision 2)" in second and "completes" not in second
    await club.telegram.send(group, ada, "/notes 2401.04088")
    listing = (await club.telegram.next_reply(group)).text
    assert "Ada · revision 2 · 2026-11-21\nMethod: second reading" in listing
    assert "first reading" not in listing
    assert [(c.holder, c.status) for c in claim_board(club.db, group.id, NOW)] == [("Ada", "done")]
    history = club.db.execute("select count(*) from notes where author_id = ?", [ada.id])
    assert history.fetchone()[0] == 2


async def test_too_long_and_empty_notes_are_refused_and_nothing_is_saved(club: RunningBot) -> None:
    ada = club.telegram.user("Ada")
    group = club.telegram.group("LLM paper club")
    long_note = ("长" * 20_001).encode()
    await club.telegram.send_document(group, ada, "long.md", long_note, "/note 2401.04088")
    reply = (await club.telegram.next_reply(group)).text
    assert "That file has 20,001 characters; a note holds at most 20,000 characters" in reply
    assert ".md file" not in reply  # it came as one: the advice fits the way it was sent
    too_big = ("长" * 30_000).encode()  # 90,000 bytes: not even downloaded
    await club.telegram.send_document(group, ada, "big.md", too_big, "/note 2401.04088")
    reply = (await club.telegram.next_reply(group)).text
    assert "longer than 20,000 characters, the most a note holds" in reply
    assert "bytes" not in reply
    await club.telegram.send_document(group, ada, "empty.md", b"\n \n", "/note 2401.04088")
    assert "That note is empty" in (await club.telegram.next_reply(group)).text
    await club.telegram.send(group, ada, "/note")
    assert "Write your note after the id" in (await club.telegram.next_reply(group)).text
    assert club.db.execute("select count(*) from notes").fetchone()[0] == 0


async def test_long_notes_are_split_across_messages(club: RunningBot) -> None:
    group = club.telegram.group("LLM paper club")
    for name in ("Ada", "Bo", "Cy"):
        member = club.telegram.user(name)
        await club.telegram.send_document(
            group, member, "n.md", (f"{name} <says> & " * 300).encode(), "/note 2401.04088"
        )
        await club.telegram.next_reply(group)
    await club.telegram.send(group, member, "/notes 2401.04088")
    await club.settled()
    parts = club.telegram.unread(group)
    assert len(parts) >= 3 and club.telegram.rejected == []
    assert parts[0].text.startswith("Notes on Mixtral of Experts (3)")
    assert "Cy <says> &" in parts[-1].text


async def test_paper_shows_the_claim_and_the_number_of_notes(club: RunningBot) -> None:
    ada, bo = club.telegram.user("Ada"), club.telegram.user("Bo")
    group = club.telegram.group("LLM paper club")
    await club.telegram.send(group, ada, "/claim 2401.04088")
    await club.telegram.send(group, bo, "/note 2401.04088 Method: routing")
    await club.telegram.next_replies(group, 2)
    await club.telegram.send(group, bo, "/paper 2401.04088")
    card = (await club.telegram.next_reply(group)).text
    assert "Ada presents it, due 2026-11-28." in card
    assert "Notes in this group: 1 (/notes 2401.04088)" in card


async def test_a_note_longer_than_a_telegram_message_arrives_as_a_file(club: RunningBot) -> None:
    # A member cannot send a message over 4,096 characters: a long note comes as a .md file.
    ada = club.telegram.user("Ada")
    group = club.telegram.group("LLM paper club")
    long_note = "Method: " + "稀疏专家" * 2_500
    await club.telegram.send_document(group, ada, "long.md", long_note.encode(), "/note 2401.04088")
    assert "(revision 1)" in (await club.telegram.next_reply(group)).text
    [note] = latest_notes(club.db, group.id, "2401.04088")
    assert note.raw_text == long_note and len(note.fields.method) == 10_000


async def test_an_anonymous_admin_is_asked_to_write_from_their_own_account(
    club: RunningBot,
) -> None:
    anonymous = User(1087968824, "Group", "GroupAnonymousBot")  # how Telegram shows them
    group = club.telegram.group("A group the bot has never seen")
    await club.telegram.send(group, anonymous, "/note 2401.04088 Method: x", sender_chat=group)
    await club.telegram.send(group, anonymous, "/note 2401.04088", sender_chat=group)
    replies = await club.telegram.next_replies(group, 2)
    assert all("writing anonymously as the group" in r.text for r in replies)
    await club.settled()
    assert club.telegram.unread(group) == []
    assert club.db.execute("select count(*) from notes").fetchone()[0] == 0
    assert club.db.execute("select count(*) from note_prompts").fetchone()[0] == 0


def read_only(db: Database, refuse_writes: bool) -> None:
    """Members' writes (made on this connection) fail, or work again."""
    db.execute(f"PRAGMA query_only = {'ON' if refuse_writes else 'OFF'}")


async def test_a_prompt_is_stored_before_it_is_shown(club: RunningBot) -> None:
    ada = club.telegram.user("Ada")
    group = club.telegram.group("LLM paper club")
    await club.telegram.send(group, ada, "/paper 2401.04088")  # the bot meets Ada and the group
    await club.telegram.next_reply(group)
    await club.services.catalog.write(read_only, True)  # the prompt cannot be stored
    await club.telegram.send(group, ada, "/note 2401.04088")
    await club.telegram.next_reply(group)
    await club.settled()
    await club.services.catalog.write(read_only, False)
    replies = [p.text for p in club.telegram.messages(group)[1:]]
    assert replies and all("/note was NOT saved" in r for r in replies)  # no prompt

    club.telegram.inject("sendMessage", "500")  # the prompt cannot be sent: it is dropped
    await club.telegram.send(group, ada, "/note 2401.04088")
    await club.settled()
    assert club.db.execute("select count(*) from note_prompts").fetchone()[0] == 0
    seen = len(club.telegram.messages(group))
    await club.telegram.send(group, ada, "/note 2401.04088")
    await club.telegram.wait_for(lambda: len(club.telegram.messages(group)) > seen)
    prompt = club.telegram.messages(group)[seen]
    assert "reply to this message with your note" in prompt.text
    await club.settled()  # the prompt's id is stored once Telegram has numbered it
    stored = club.db.execute("select prompt_message_id from note_prompts").fetchall()
    assert stored == [(prompt.message_id,)]


FOLLOW_UP = "实验结果: 补充了消融实验。"


async def test_a_follow_up_updates_its_fields_and_keeps_the_others(club: RunningBot) -> None:
    # Issue 11: a one-field follow-up used to wipe the full note (/notes and the export).
    chen = club.telegram.user("陈晨")
    group = club.telegram.group("LLM paper club")
    await club.telegram.send(group, chen, f"/note 2401.04088\n{CHINESE_NOTE}")
    await club.telegram.next_reply(group)
    await club.telegram.send(group, chen, f"/note 2401.04088 {FOLLOW_UP}")
    reply = (await club.telegram.next_reply(group)).text
    assert "(revision 2)" in reply and "Changed: results." in reply
    assert "Your note now" in reply and "机构:Mistral AI" in reply and FOLLOW_UP in reply
    await club.telegram.send(group, chen, "/note 2401.04088 也可以看看 DeepSeekMoE")  # no labels
    reply = (await club.telegram.next_reply(group)).text
    assert "(revision 3)" in reply and "Changed: body." in reply

    await club.telegram.send(group, chen, "/notes 2401.04088")
    listing = (await club.telegram.next_reply(group)).text
    for line in ("机构:Mistral AI", "动机:稠密模型推理太贵", "论文方法:稀疏专家混合", FOLLOW_UP):
        assert line in listing
    assert "超过Llama 2 70B" not in listing and listing.endswith("也可以看看 DeepSeekMoE")
    await club.telegram.send(group, chen, "/export")
    exported = (await club.telegram.next_reply(group)).document
    assert exported is not None
    [entry] = parse_catalog(exported[1].decode()).entries
    assert (
        entry.fields.institution == "Mistral AI" and entry.fields.motivation == "稠密模型推理太贵"
    )
    assert entry.fields.method == "稀疏专家混合,每层8个专家\n每个token由路由选2个专家"
    assert entry.fields.results == "补充了消融实验。"
    assert entry.fields.body == "读后感:路由很简单\n也可以看看 DeepSeekMoE"
    revisions = club.db.execute("select count(*) from notes where author_id = ?", [chen.id])
    assert revisions.fetchone()[0] == 3  # every revision is kept

    await club.telegram.send(group, chen, "/note 2401.04088 --replace\n论文方法: 重写")
    reply = (await club.telegram.next_reply(group)).text
    assert "(revision 4)" in reply and "replaces your earlier note" in reply
    [note] = latest_notes(club.db, group.id, "2401.04088")
    assert note.raw_text == "论文方法: 重写" and note.fields.institution == ""
    await club.telegram.send(group, chen, "/note 2401.04088 论文方法: 重写")
    assert "already says that" in (await club.telegram.next_reply(group)).text


async def test_editing_the_note_message_saves_a_revision(club: RunningBot) -> None:
    # Issue 11: Alex fixed a number by editing his note message; /notes kept the old text.
    alex = club.telegram.user("Alex")
    group = club.telegram.group("LLM paper club")
    sent = await club.telegram.send(group, alex, "/note 2401.04088\nMethod: 8 experts\nResults: +3")
    await club.telegram.next_reply(group)
    await club.telegram.send(group, alex, "/note 2401.04088\nVenue: arXiv")
    await club.telegram.next_reply(group)
    await club.telegram.edit(group, alex, sent, "/note 2401.04088\nMethod: 8 experts\nResults: +5")
    edited = await club.telegram.next_reply(group)
    assert edited.text == "✏️ Updated Alex's note from the edited message (revision 3: results)."
    await club.telegram.send(group, alex, "/notes 2401.04088")
    listing = (await club.telegram.next_reply(group)).text
    assert "Results: +5" in listing and "+3" not in listing and "Venue: arXiv" in listing

    await club.telegram.send(group, alex, "/note 2401.04088")  # a reply-to-prompt note
    prompt = await club.telegram.next_reply(group)
    reply = await club.telegram.send(group, alex, "Method: 16 experts", reply_to=prompt)
    await club.telegram.next_reply(group)
    await club.telegram.edit(group, alex, reply, "Method: 32 experts")
    assert "(revision 5: method)" in (await club.telegram.next_reply(group)).text
    [note] = latest_notes(club.db, group.id, "2401.04088")
    assert note.fields.method == "32 experts" and note.fields.results == "+5"
    await club.telegram.edit(group, alex, sent, "/note 2401.04088")  # emptied: note stays
    await club.settled()
    assert club.telegram.unread(group) == []
    assert latest_notes(club.db, group.id, "2401.04088") == [note]


async def test_an_edited_claim_claims_nothing_new(club: RunningBot) -> None:
    upsert_papers(club.db, [Paper("2402.00001", "Another paper", 1)], NOW)
    ada = club.telegram.user("Ada")
    group = club.telegram.group("LLM paper club")
    sent = await club.telegram.send(group, ada, "/claim 2401.04088")
    await club.telegram.next_reply(group)
    await club.telegram.edit(group, ada, sent, "/claim 2402.00001")
    await club.settled()
    assert club.telegram.unread(group) == []
    board = claim_board(club.db, group.id, NOW)
    assert [c.arxiv_id for c in board] == ["2401.04088"]


async def test_a_note_with_a_mistyped_id_counts_once_the_message_is_fixed(
    club: RunningBot,
) -> None:
    ada = club.telegram.user("Ada")
    group = club.telegram.group("LLM paper club")
    sent = await club.telegram.send(group, ada, "/note 2401.0408 Method: routing")
    assert "2401.0408" in (await club.telegram.next_reply(group)).text
    await club.telegram.edit(group, ada, sent, "/note 2401.04088 Method: routing")
    assert "(revision 1)" in (await club.telegram.next_reply(group)).text
    await club.telegram.edit(group, ada, sent, "/note 2401.04088 Method: routing, top-2")
    assert "(revision 2: method)" in (await club.telegram.next_reply(group)).text
    [note] = latest_notes(club.db, group.id, "2401.04088")
    assert note.fields.method == "routing, top-2"


async def test_a_replacing_prompt_replaces_the_note(club: RunningBot) -> None:
    ada = club.telegram.user("Ada")
    group = club.telegram.group("LLM paper club")
    await club.telegram.send(group, ada, "/note 2401.04088\nMethod: routing\nResults: good")
    await club.telegram.next_reply(group)
    await club.telegram.send(group, ada, "/note 2401.04088 --replace")
    prompt = await club.telegram.next_reply(group)
    await club.telegram.send(group, ada, "Method: only this", reply_to=prompt)
    reply = (await club.telegram.next_reply(group)).text
    assert "(revision 2)" in reply and "replaces your earlier note" in reply
    [note] = latest_notes(club.db, group.id, "2401.04088")
    assert (note.fields.method, note.fields.results) == ("only this", "")
