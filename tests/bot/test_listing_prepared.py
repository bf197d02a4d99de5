"""With the semantic ranker on, a listing is embedded when the watcher stores it, in the
background, before any digest is due: the digest itself then only ranks (issue 19, item 2).
The tiny model the semantic tests write stands in for all-MiniLM-L6-v2."""

from __future__ import annotations

import gzip
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.config import Settings
from jobs.arxiv import watcher
from store.feeds import listing_candidates
from store.groups import ensure_group, update_group
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.arxiv import Feed as ServedFeed
from tests.fakes.telegram import FakeTelegram
from tests.harness import fresh_db, running_bot

pytest.importorskip("numpy")  # the semantic extra (part of dev)

from tests.tiny_bert import write_tiny_model

FEEDS = Path(__file__).parents[1] / "fixtures" / "feeds"
WEDNESDAY = datetime(2026, 8, 19, 13, 0, tzinfo=UTC)  # listing 2026-08-19 is due
LISTING = date(2026, 8, 19)


async def test_the_listing_is_embedded_when_fetched_and_the_digest_only_ranks(
    settings: Settings,
    telegram: FakeTelegram,
    arxiv_server: FakeArxiv,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model = write_tiny_model(tmp_path / "model")
    settings = replace(settings, embedding_model=model)
    group = telegram.group("LLM paper club")
    db = fresh_db(settings.db_path)
    ensure_group(db, group.id, "LLM paper club", "supergroup", "UTC", WEDNESDAY)
    update_group(db, group.id, WEDNESDAY, categories=["cs.CL"], digest_time="18:00")  # not yet due
    db.conn.close()
    body = gzip.decompress((FEEDS / "new-2026-08-20-cs-cl.xml.gz").read_bytes())
    arxiv_server.feeds["cs.CL"] = ServedFeed(body)
    # the watcher's daily round (on the real JobQueue), due two seconds from now
    soon = (datetime.now(UTC) + timedelta(seconds=2)).time().replace(tzinfo=UTC)
    monkeypatch.setattr(watcher, "WATCH_AT", soon)
    async with running_bot(settings, telegram, arxiv_server, clock=lambda: WEDNESDAY) as bot:
        semantic = bot.app.bot_data.work.builder.semantic
        assert semantic is not None
        papers = 0

        def embedded() -> bool:
            nonlocal papers
            papers = len(listing_candidates(bot.db, LISTING, ["cs.CL"]))
            return papers > 0 and getattr(semantic, "encoded", 0) >= papers

        await telegram.wait_for(embedded, timeout=30)
        assert telegram.calls_to("sendMessage") == [], "no digest is due yet"
        before = getattr(semantic, "encoded", 0)
        admin = telegram.user("Ada")
        telegram.set_admin(group, admin)
        await telegram.send(group, admin, "/digest")
        posted = await telegram.next_reply(group, timeout=15)
        assert "arXiv digest" in posted.text
        assert getattr(semantic, "encoded", 0) == before, "the digest embedded nothing again"
