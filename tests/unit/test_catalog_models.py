"""Catalog models kept between digests: built when a catalog changes (copying what did not),
stored so a restart does not rebuild them, and current with whatever wrote the catalog."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.outbound.digest_pages import DigestPages
from jobs.arxiv.feeds import parse_feed
from jobs.digest.build import DigestBuilder
from jobs.rank.catalog_model import CatalogEntry, build_catalog_model
from jobs.rank.lexical import rank, rank_candidates
from jobs.rank.listing_index import RankInput, build_listing_index
from jobs.rank.model_blob import StaleBlob, pack_model, unpack_model
from store.catalog_models import catalog_version, save_model, stale_models
from store.claims import claim_paper
from store.db import Database, open_db
from store.digests import get_digest
from store.feeds import listing_candidates, store_listing
from store.groups import ensure_group, get_group, migrate_group, set_active, update_group
from store.papers import Paper, get_paper, upsert_papers
from store.reasons import Reason
from tests.bot.test_catalog_workers import write_lock
from tests.harness import built_once
from tests.search_data import add_note

FEEDS = Path(__file__).parents[1] / "fixtures" / "feeds"
NOW = datetime(2026, 8, 20, 9, tzinfo=UTC)
LISTING = date(2026, 8, 19)


def stored_day(tmp_path: Path) -> Database:
    """The recorded cs.CL feed of one day, stored as the watcher stores it (once per session,
    copied for each test)."""
    return built_once("cs.CL 2026-08-20", store_day, tmp_path / "club.db")


def store_day(db: Database) -> None:
    feed = parse_feed(gzip.decompress((FEEDS / "new-2026-08-20-cs-cl.xml.gz").read_bytes()))
    assert feed.listing_date == LISTING
    store_listing(db, "cs.CL", LISTING, feed.items, NOW)


@contextmanager
def building(db: Database) -> Iterator[DigestBuilder]:
    """A digest builder, as the bot has one, stopped afterwards."""
    builder = DigestBuilder(db, DigestPages(db))
    try:
        yield builder
    finally:
        builder.close()


def group(db: Database, chat_id: int) -> None:
    ensure_group(db, chat_id, f"club {chat_id}", "supergroup", "UTC", NOW)
    update_group(db, chat_id, NOW, categories=["cs.CL"])


ENTRIES = [
    CatalogEntry("2401.04088", "Mixtral of experts: sparse routing of tokens", True, "Mixtral"),
    CatalogEntry("2106.09685", "LoRA: low-rank adaptation of large language models", True, "LoRA"),
    CatalogEntry("2005.11401", "Retrieval-augmented generation for knowledge tasks", False, "RAG"),
]


def test_a_rebuild_copies_unchanged_entries_and_equals_a_fresh_build() -> None:
    first = build_catalog_model(ENTRIES)
    changed = [ENTRIES[0], CatalogEntry("2106.09685", "QLoRA: quantized adapters", True, "QLoRA")]
    again = build_catalog_model(changed, first)
    fresh = build_catalog_model(changed)
    assert again.keys == fresh.keys and again.titles == ("Mixtral", "QLoRA")
    assert [again.entry(i) for i in range(2)] == [fresh.entry(i) for i in range(2)]
    assert {t: list(again.posting(t)) for t in fresh.terms} == {
        t: list(fresh.posting(t)) for t in fresh.terms
    }
    assert list(fresh.posting("adapters")) == [(1, fresh.entry(1)["adapters"])]
    assert {t: again.mass_of(t) for t in fresh.terms} == pytest.approx(
        {t: fresh.mass_of(t) for t in fresh.terms}
    )
    assert again.mass_of("retrieval") == 0.0, "the removed entry's words weigh nothing"


def test_a_packed_model_ranks_as_the_model_it_was(tmp_path: Path) -> None:
    db = stored_day(tmp_path)
    candidates = listing_candidates(db, LISTING, ["cs.CL"])
    inputs = [
        RankInput(c.paper.arxiv_id, c.paper.title, c.paper.abstract, c.announce_type, c.position)
        for c in candidates
    ]
    catalog = [
        CatalogEntry(c.paper.arxiv_id, c.paper.abstract, True, c.paper.title)
        for c in candidates[:5]
    ]
    model = build_catalog_model(catalog)
    index = build_listing_index(inputs)
    assert rank(index, unpack_model(pack_model(model)), ["llm"]) == rank(index, model, ["llm"])
    with pytest.raises(StaleBlob):
        unpack_model(pack_model(model)[:-3])
    assert rank_candidates(inputs, [], build_catalog_model([]))[0].position == 0


def test_what_changes_a_catalog_changes_its_version(tmp_path: Path) -> None:
    db = stored_day(tmp_path)
    group(db, -1)
    group(db, -2)
    assert catalog_version(db, -1) is None, "no catalog yet"
    add_note(db, -1, "first", title="Sparse attention notes")
    noted = catalog_version(db, -1)
    assert noted is not None
    paper = Paper("2401.04088", "Mixtral of Experts", authors=("A. Jiang",))
    upsert_papers(db, [paper], NOW)
    claim_paper(db, -1, "2401.04088", 7, date(2026, 9, 1), NOW)
    claimed = catalog_version(db, -1)
    assert claimed is not None and claimed > noted
    upsert_papers(db, [paper], NOW)
    assert catalog_version(db, -1) == claimed, "the same paper again changes nothing"
    learnt = replace(paper, abstract="A sparse mixture of experts.")
    upsert_papers(db, [learnt], NOW)
    assert (catalog_version(db, -1) or 0) > claimed, "its abstract is now part of the catalog"
    assert catalog_version(db, -2) is None, "another group's catalog is untouched"
    stored = get_paper(db, "2401.04088")
    assert stored is not None and stored.abstract == "A sparse mixture of experts."


async def test_a_model_is_built_once_and_read_back_after_a_restart(tmp_path: Path) -> None:
    db = stored_day(tmp_path)
    group(db, -1)
    add_note(db, -1, "one", title="Speculative decoding notes")
    with building(db) as first:
        model = await first.models.model(-1, NOW)
        assert model is not None and model.titles == ("Speculative decoding notes",)
        assert await first.models.model(-1, NOW) is model
        assert (first.models.built, first.models.reused) == (1, 1)
    with building(db) as restarted:
        again = await restarted.models.model(-1, NOW)
        assert again is not None and again.keys == model.keys
        assert (restarted.models.built, restarted.models.loaded) == (0, 1)
        add_note(db, -1, "two", title="Medusa heads")
        changed = await restarted.models.model(-1, NOW)
        assert changed is not None and set(changed.titles) == {
            "Speculative decoding notes",
            "Medusa heads",
        }
        assert restarted.models.built == 1


async def test_a_blob_of_another_format_is_rebuilt(tmp_path: Path) -> None:
    db = stored_day(tmp_path)
    group(db, -1)
    add_note(db, -1, "one", title="Speculative decoding notes")
    version = catalog_version(db, -1)
    assert version is not None
    save_model(db, -1, version, 1, b"\x00\x00\x00\x00not a model", NOW)
    with building(db) as builder:
        model = await builder.models.model(-1, NOW)
        assert model is not None and model.titles == ("Speculative decoding notes",)
        assert builder.models.built == 1


async def test_the_refresh_brings_active_groups_up_to_date_smallest_first(tmp_path: Path) -> None:
    db = stored_day(tmp_path)
    for chat_id in (-1, -2, -3):
        group(db, chat_id)
    for n in range(3):
        add_note(db, -1, "big", title=f"note {n}")
    add_note(db, -2, "small", title="only note")
    add_note(db, -3, "gone", title="left group")
    set_active(db, -3, False, NOW)
    with building(db) as builder:
        assert [chat for chat, _ in stale_models(db)] == [-2, -1], "no model yet: by chat id"
        assert await builder.refresh_models() == 2
        assert stale_models(db) == []
        add_note(db, -1, "more", title="note 4")
        add_note(db, -2, "more", title="second note")
        assert [chat for chat, _ in stale_models(db)] == [-2, -1], "smallest stored model first"
        assert await builder.refresh_models() == 2
        assert await builder.refresh_models() == 0


async def test_a_digest_ranks_with_the_note_added_since_the_last_build(tmp_path: Path) -> None:
    db = stored_day(tmp_path)
    group(db, -1)
    add_note(db, -1, "unrelated", title="Protein folding notes")
    with building(db) as builder:
        assert await builder.refresh_models() == 1
        candidates = listing_candidates(db, LISTING, ["cs.CL"])
        target = candidates[-1].paper  # arXiv's last: only the catalog can lift it
        db.table("notes").update(
            add_note(db, -1, "", title="Our reading of it"), {"body": target.abstract}
        )
        stored = get_group(db, -1)
        assert stored is not None
        assert await builder(stored, LISTING, NOW)
        record = get_digest(db, -1, LISTING)
        assert record is not None
        top = record.items[0]
        assert top.arxiv_id == target.arxiv_id
        assert Reason("close", "Our reading of it", True) in top.reasons


async def test_a_group_that_becomes_a_supergroup_takes_its_catalog_along(tmp_path: Path) -> None:
    db = stored_day(tmp_path)
    group(db, -1)
    add_note(db, -1, "one", title="Speculative decoding notes")
    upsert_papers(db, [Paper("2401.04088", "Mixtral of Experts")], NOW)
    claim_paper(db, -1, "2401.04088", 7, date(2026, 9, 1), NOW)
    with building(db) as builder:
        assert await builder.refresh_models() == 1
        assert migrate_group(db, -1, -1001, NOW), "the notes and the claim move"
        assert catalog_version(db, -1) is None and stale_models(db) == [(-1001, 0)]
        assert await builder.refresh_models() == 1
        model = await builder.models.model(-1001, NOW)
        assert model is not None
        assert set(model.titles) == {"Speculative decoding notes", "Mixtral of Experts"}


async def test_a_model_that_cannot_be_stored_still_ranks_and_is_stored_later(
    tmp_path: Path,
) -> None:
    stored_day(tmp_path).conn.close()
    db = open_db(tmp_path / "club.db", busy_timeout_ms=200)  # a writer gives up after 0.2 s
    group(db, -1)
    add_note(db, -1, "one", title="Speculative decoding notes")
    with building(db) as builder:
        with write_lock(tmp_path / "club.db"):  # the CLI holds the lock past our patience
            model = await builder.models.model(-1, NOW)
        assert model is not None and model.titles == ("Speculative decoding notes",)
        assert [chat for chat, _ in stale_models(db)] == [-1], "not stored: still to do"
        assert await builder.refresh_models() == 1
        assert stale_models(db) == []
