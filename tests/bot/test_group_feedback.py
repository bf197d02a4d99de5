"""Learning from the group (issue 19 item 4): what a group claimed and wanted moves papers
like those up in its next digest, and the digest says why ("like papers this group …")."""

from __future__ import annotations

from datetime import date, timedelta

from bot.config import Settings
from jobs.arxiv.feeds import parse_feed
from store.claims import claim_paper
from store.digests import get_digest
from store.feeds import store_listing
from store.groups import record_member
from store.wants import NOT_FOR_US, WANT, set_want
from tests.bot.test_digest import WEDNESDAY, admin_group, digest_status, feed_bytes, fixed
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.arxiv import Feed as ServedFeed
from tests.fakes.telegram import Chat, FakeTelegram
from tests.harness import RunningBot, running_bot

# Papers of the day before's cs.AI listing that the group chose: all about retrieval.
CLAIMED = ("2608.17632", "2608.16918")  # query expansion for retrieval; prior-art retrieval
WANTED = "2608.07994"  # VDGR-RAG
NOT_FOR_US_PAPER = "2608.17044"  # The 10th AI City Challenge


def retrieval_papers() -> set[str]:
    """The cs.CL candidates of the digest's listing that are about retrieval."""
    items = parse_feed(feed_bytes("new-2026-08-20-cs-cl")).items
    return {
        i.arxiv_id
        for i in items
        if i.announce_type in ("new", "cross") and "retriev" in f"{i.title} {i.abstract}".lower()
    }


async def posted_digest(bot: RunningBot, group: Chat, admin_name: str) -> list[str]:
    """An admin's /digest in the group; the arXiv ids it shows, best first."""
    admin = bot.telegram.user(admin_name)
    bot.telegram.set_admin(group, admin)
    await bot.telegram.send(group, admin, "/digest")
    await digest_status(bot, group, "done", WEDNESDAY)
    record = get_digest(bot.db, group.id, WEDNESDAY.date())
    assert record is not None
    return [item.arxiv_id for item in record.items]


async def test_claims_and_wants_move_similar_papers_up_in_the_next_digest(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    arxiv_server.feeds["cs.CL"] = ServedFeed(feed_bytes("new-2026-08-20-cs-cl"))
    async with running_bot(settings, telegram, arxiv_server, clock=fixed(WEDNESDAY)) as bot:
        learning, _ = await admin_group(bot)
        control = bot.telegram.group("Another club")
        # What the learning group did with yesterday's papers (claims in the bot's own store).
        earlier = WEDNESDAY - timedelta(days=1)
        ai = parse_feed(feed_bytes("new-2026-08-20-cs-ai"))
        store_listing(bot.db, "cs.AI", date(2026, 8, 18), ai.items, earlier)
        members = [bot.telegram.user(name) for name in ("Bo", "Cy")]
        for member, arxiv_id in zip(members, CLAIMED, strict=True):
            record_member(bot.db, member.id, member.first_name, None, earlier, chat_id=learning.id)
            claim_paper(bot.db, learning.id, arxiv_id, member.id, date(2026, 8, 26), earlier)
        set_want(bot.db, learning.id, WANTED, members[0].id, WANT, earlier)
        set_want(bot.db, learning.id, NOT_FOR_US_PAPER, members[1].id, NOT_FOR_US, earlier)

        learnt = await posted_digest(bot, learning, "Ada")
        plain = await posted_digest(bot, control, "Dee")

        about_retrieval = retrieval_papers()
        assert len(set(learnt) & about_retrieval) > len(set(plain) & about_retrieval)
        assert set(learnt[:3]) <= about_retrieval, learnt
        texts = "\n".join(m.text for m in bot.telegram.messages(learning))
        assert "like papers this group claimed" in texts or "like papers this group wanted" in texts
        other = "\n".join(m.text for m in bot.telegram.messages(control))
        assert "like papers this group" not in other
