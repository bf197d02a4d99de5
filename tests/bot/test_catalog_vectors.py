"""With the semantic ranker on, a group's catalog is made ready when it changes, not at its
next digest: a note written has its entry's vector stored, and catalogs changed while the bot
was stopped have their models rebuilt soon after start, before the first digest is due
(issue 19, item 2). The tiny model the semantic tests write stands in for all-MiniLM-L6-v2."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import Settings
from store.catalog import import_catalog
from store.catalog_models import stale_models
from store.db import Database
from store.digests import catalog_texts
from store.groups import ensure_group, update_group
from store.papers import Paper, upsert_papers
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.telegram import Chat, FakeTelegram
from tests.harness import fire_now, fresh_db, running_bot

pytest.importorskip("numpy")  # the semantic extra (part of dev)

from jobs.digest.build import MODELS_JOB
from jobs.rank.semantic.embedder import SemanticRanker, entry_texts, text_key
from tests.tiny_bert import write_tiny_model

SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"
NOW = datetime(2026, 8, 19, 9, 0, tzinfo=UTC)  # the group's digest is due at 18:00
MIXTRAL = Paper("2401.04088", "Mixtral of Experts", 1)


def stored_keys(db: Database) -> set[str]:
    return {row["text_hash"] for row in db.query("select text_hash from embeddings")}


def entry_keys(db: Database, semantic: SemanticRanker, chat_id: int) -> dict[str, str]:
    """Each catalog entry's key, and the key its vector is stored under."""
    name = semantic.encoder().name
    return {t.key: text_key(name, text) for t, text in entry_texts(catalog_texts(db, chat_id))}


def club_with_model(
    settings: Settings, telegram: FakeTelegram, tmp_path: Path
) -> tuple[Settings, Chat, Database]:
    """The semantic ranker on, and a group whose digest is not due before 18:00."""
    settings = replace(settings, embedding_model=write_tiny_model(tmp_path / "model"))
    group = telegram.group("LLM paper club")
    db = fresh_db(settings.db_path)
    ensure_group(db, group.id, "LLM paper club", "supergroup", "UTC", NOW)
    update_group(db, group.id, NOW, categories=["cs.CL"], digest_time="18:00")
    return settings, group, db


async def test_a_note_written_has_its_vector_stored_before_the_next_digest(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv, tmp_path: Path
) -> None:
    settings, group, db = club_with_model(settings, telegram, tmp_path)
    upsert_papers(db, [MIXTRAL], NOW)
    db.conn.close()
    async with running_bot(settings, telegram, arxiv_server, clock=lambda: NOW) as bot:
        semantic = bot.app.bot_data.work.builder.semantic
        assert isinstance(semantic, SemanticRanker)
        ada = telegram.user("Ada")
        await telegram.send(group, ada, "/note 2401.04088\nSparse experts, two per token.")
        assert "Saved Ada's note" in (await telegram.next_reply(group)).text
        fire_now(bot, MODELS_JOB)  # the refresh's next round, on the real JobQueue
        keys = entry_keys(bot.db, semantic, group.id)
        assert MIXTRAL.arxiv_id in keys
        await telegram.wait_for(lambda: keys[MIXTRAL.arxiv_id] in stored_keys(bot.db), 20)
        assert stale_models(bot.db) == [], "its catalog model was rebuilt too"
        assert telegram.calls_to("sendMessage") == [telegram.calls_to("sendMessage")[0]], (
            "only the note's reply: no digest is due yet"
        )


async def test_catalogs_changed_while_stopped_are_ready_soon_after_start(
    settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv, tmp_path: Path
) -> None:
    settings, group, db = club_with_model(settings, telegram, tmp_path)
    seed = (SEEDS / "small-language-models-overview.txt").read_text(encoding="utf-8")
    import_catalog(db, group.id, seed, NOW)  # an import while the bot was stopped
    assert stale_models(db) != []
    db.conn.close()
    async with running_bot(settings, telegram, arxiv_server, clock=lambda: NOW) as bot:
        semantic = bot.app.bot_data.work.builder.semantic
        assert isinstance(semantic, SemanticRanker)
        # nobody fires anything: the start's own round, on the real JobQueue
        await telegram.wait_for(lambda: stale_models(bot.db) == [], 20)
        wanted = set(entry_keys(bot.db, semantic, group.id).values())
        assert wanted
        await telegram.wait_for(lambda: wanted <= stored_keys(bot.db), 30)
        assert telegram.calls_to("sendMessage") == [], "no digest was due"
