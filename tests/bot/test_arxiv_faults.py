"""arXiv misbehaving (issue 18): a broken answer is told as broken, never as "no such paper",
and one answer trickling in holds up no other member's look-up beyond its own deadline."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from bot.config import Settings
from jobs.arxiv.pacer import Pacer
from store.reminders import open_claims
from tests.bot.test_concurrency import answer_time
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.telegram import FakeTelegram
from tests.harness import RunningBot, running_bot


async def test_a_truncated_answer_says_arxiv_broke_and_to_try_again(bot: RunningBot) -> None:
    # Issue 18: a cut-off Atom answer during /claim read as zero entries: "arXiv has no paper".
    telegram, arxiv = bot.telegram, bot.arxiv
    group, ada = telegram.group("LLM paper club"), telegram.user("Ada")
    arxiv.truncated.update({"1605.08386", "1707.08567"})
    await telegram.send(group, ada, "/claim 1605.08386")
    claimed = (await telegram.next_reply(group)).text
    await telegram.send(group, ada, "/paper 1707.08567")
    shown = (await telegram.next_reply(group)).text
    for reply, arxiv_id in ((claimed, "1605.08386"), (shown, "1707.08567")):
        assert f"arXiv's answer for {arxiv_id} came back broken" in reply
        assert "try again" in reply and "has no paper" not in reply
    assert open_claims(bot.db, group.id) == []
    arxiv.truncated.clear()  # the next answer is whole: the same commands now work
    await telegram.send(group, ada, "/claim 1605.08386")
    assert "Heat-bath random walks" in (await telegram.next_reply(group)).text
    await telegram.send(group, ada, "/paper 2412.99999")  # a well-formed empty feed
    assert "arXiv has no paper 2412.99999" in (await telegram.next_reply(group)).text


async def test_an_html_page_instead_of_atom_is_a_broken_answer(bot: RunningBot) -> None:
    telegram, arxiv = bot.telegram, bot.arxiv
    group, ada = telegram.group("LLM paper club"), telegram.user("Ada")
    arxiv.api_bodies["1605.08386"] = b"<html><body>Rate exceeded.</body></html>"
    await telegram.send(group, ada, "/paper 1605.08386")
    assert "came back broken" in (await telegram.next_reply(group)).text


async def test_one_answer_dripping_for_a_minute_holds_no_other_look_up_past_its_deadline(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    # Issue 18: the timeout was per read, so an answer trickling in byte by byte kept its lane
    # busy and another group's /paper got "arXiv did not answer" after 16 s.
    lookup = 2.0  # PAPERCLUB_ARXIV_LOOKUP_SECONDS, small: 1 s for a turn, 1 s for a transfer
    spacing = 0.3  # the real pacer's rule with a shorter interval than arXiv's 3 s
    fast = replace(settings, arxiv_lookup_seconds=lookup)
    body = arxiv_server.api_bodies["1605.08386"]
    every = 60.0 / len(body)  # the whole answer would take a minute
    arxiv_server.drip("1605.08386", every)
    async with running_bot(fast, telegram, arxiv_server, pacer=Pacer(spacing)) as bot:
        lab, club = telegram.group("Lab"), telegram.group("Club")
        ada, bo = telegram.user("Ada"), telegram.user("Bo")
        dripping = asyncio.create_task(answer_time(telegram, lab, ada, "/paper 1605.08386"))
        await telegram.wait_for(lambda: len(arxiv_server.api_requests()) == 1)
        waited, card = await answer_time(telegram, club, bo, "/paper 1707.08567")
        assert "1707.08567" in card and "did not answer" not in card
        assert waited < lookup, f"a healthy look-up waited {waited:.1f} s behind a dripping one"
        cut_after, answer = await dripping
        assert "arXiv did not answer" in answer
        assert cut_after < lookup + 0.5, f"the dripping look-up took {cut_after:.1f} s"
        starts = [seen.at for seen in arxiv_server.api_requests()]
        assert len(starts) == 2 and starts[1] - starts[0] >= spacing - 0.01
        await bot.settled()
