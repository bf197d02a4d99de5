"""`paperclub group` and `paperclub digest`: settings from the shell, an offline preview."""

from __future__ import annotations

import asyncio
import gzip
import json
from pathlib import Path

import pytest

from bot.cli.main import main
from store.db import open_db
from store.groups import get_group

FEEDS = Path(__file__).parents[1] / "fixtures" / "feeds"
CHAT = -1001234567890


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("PAPERCLUB_DB", str(tmp_path / "cli.db"))
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    return tmp_path / "cli.db"


def test_group_settings_from_the_shell(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "group",
        str(CHAT),
        "--track",
        "cs.CL",
        "cs.ai",
        "--keywords",
        "memory, 检索增强, -brain",
    ]
    assert main([*args, "--timezone", "asia/shanghai", "--digest-time", "8:30"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["categories"] == ["cs.CL", "cs.AI"] and shown["timezone"] == "Asia/Shanghai"
    assert shown["keywords"] == ["memory", "检索增强", "-brain"] and shown["digest_time"] == "08:30"
    for bad in (["--track", "cs.XX"], ["--digest-size", "0"], ["--timezone", "Europe/Narnia"]):
        assert main(["group", str(CHAT), *bad]) == 1
    group = get_group(open_db(db_path), CHAT)
    assert group is not None and group.categories == ("cs.CL", "cs.AI")
    assert group.digest_size == 10


def test_offline_preview_ranks_local_feeds(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["group", str(CHAT), "--track", "cs.CL", "cs.AI", "--keywords", "memory, -brain"]) == 0
    )
    capsys.readouterr()
    feeds = [str(FEEDS / "new-2026-08-20-cs-cl.xml.gz"), str(FEEDS / "new-2026-08-20-cs-ai.xml.gz")]
    assert main(["digest", "--chat", str(CHAT), "--feed", *feeds, "--top", "5", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 5 and len({row["arxiv_id"] for row in rows}) == 5
    assert [row["rank"] for row in rows] == [1, 2, 3, 4, 5]
    scores = [row["score"] for row in rows]
    assert scores == sorted(scores, reverse=True)
    assert rows[0]["reasons"][0].startswith("matches: memory")
    assert all("brain" not in row["title"].lower() for row in rows)
    legacy = [str(FEEDS / "legacy-2024-01-05-cs-cl.xml.gz")]
    assert main(["digest", "--chat", str(CHAT), "--feed", *legacy]) == 0
    text = capsys.readouterr().out
    assert text.startswith("2024-01-04") and "  1. " in text
    assert main(["digest", "--chat", "42", "--feed", *legacy]) == 1


def test_the_preview_ranks_as_the_bot_posts(
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the semantic ranker on and a group that claimed a paper, `paperclub digest` prints
    the order the bot's digest builder posts, not the plain lexical one."""
    pytest.importorskip("numpy")  # the semantic extra (part of dev)
    from bot.outbound.digest_pages import DigestPages
    from jobs.arxiv.feeds import merge_feeds, parse_feed
    from jobs.digest.build import DigestBuilder
    from jobs.digest.choose import choose_items
    from jobs.rank.lexical import CatalogEntry
    from jobs.rank.semantic import semantic_ranker
    from store.claims import claim_paper
    from store.digests import catalog_texts, get_digest
    from store.feeds import listing_candidates, store_listing
    from store.papers import Paper, upsert_papers
    from tests.tiny_bert import write_tiny_model
    from tests.unit.test_digest_build import NOW

    model = write_tiny_model(tmp_path / "model")
    monkeypatch.setenv("PAPERCLUB_EMBEDDING_MODEL", str(model))
    assert main(["group", str(CHAT), "--track", "cs.CL", "cs.AI", "--keywords", "memory"]) == 0
    capsys.readouterr()
    db = open_db(db_path)
    legal = Paper(
        "2601.00009",
        "Legal RAG",
        abstract="Retrieval-augmented generation for legal question answering: retrieve "
        "statutes and cases, then generate grounded answers with citations.",
    )
    upsert_papers(db, [legal], NOW)
    claim_paper(db, CHAT, legal.arxiv_id, 7, NOW.date(), NOW)
    files = [FEEDS / f"new-2026-08-20-{c}.xml.gz" for c in ("cs-cl", "cs-ai")]
    assert main(["digest", "--chat", str(CHAT), "--feed", *map(str, files), "--json"]) == 0
    shown = [row["arxiv_id"] for row in json.loads(capsys.readouterr().out)]

    feed = merge_feeds([parse_feed(gzip.decompress(f.read_bytes())) for f in files])
    assert feed.listing_date is not None
    store_listing(db, "cs.AI+cs.CL", feed.listing_date, feed.items, NOW)
    group = get_group(db, CHAT)
    assert group is not None
    builder = DigestBuilder(db, DigestPages(db), semantic=semantic_ranker(model, db_path))
    try:
        assert asyncio.run(builder(group, feed.listing_date, NOW))
    finally:
        builder.close()
    record = get_digest(db, CHAT, feed.listing_date)
    assert record is not None
    assert shown == [item.arxiv_id for item in record.items]
    candidates = listing_candidates(db, feed.listing_date, group.categories)
    catalog = [CatalogEntry(c.key, c.text, c.has_notes, c.title) for c in catalog_texts(db, CHAT)]
    lexical = choose_items(candidates, group.keywords, catalog, group.digest_size)
    assert shown != [c.paper.arxiv_id for c in lexical], "the old preview: lexical alone"
