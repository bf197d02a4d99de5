"""The semantic ranker in the digest: fusion by reciprocal rank, reasons by meaning, vectors
embedded once per text and shared by every group (a tiny model the tests write themselves)."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import pytest

from jobs.rank.semantic.fusion import fuse_orders

np = pytest.importorskip("numpy")  # the `semantic` extra (part of `dev`)

from bot.outbound.digest_pages import DigestPages  # noqa: E402
from bot.render.digest import reason_text  # noqa: E402
from jobs.digest.build import DigestBuilder  # noqa: E402
from jobs.rank.lexical import Ranked, Reason  # noqa: E402
from jobs.rank.semantic import semantic_ranker  # noqa: E402
from jobs.rank.semantic.embedder import SemanticRanker, english_text  # noqa: E402
from jobs.rank.semantic.errors import ModelError  # noqa: E402
from jobs.rank.semantic.ranker import (  # noqa: E402
    EmbeddedListing,
    SemanticProfile,
    add_meaning_reasons,
    fuse,
)
from store.db import open_db  # noqa: E402
from store.digests import get_digest  # noqa: E402
from store.embeddings import count_vectors  # noqa: E402
from store.feeds import listing_candidates  # noqa: E402
from store.groups import get_group, update_group  # noqa: E402
from store.workers import CatalogWorkers  # noqa: E402
from tests.search_data import add_note  # noqa: E402
from tests.tiny_bert import write_tiny_model  # noqa: E402
from tests.unit.test_digest_build import LISTING, NOW, group, stored_day  # noqa: E402

DAY = date(2026, 8, 19)


@pytest.mark.parametrize(
    ("orders", "fused"),
    [
        ([["a", "b", "c"], ["a", "b", "c"]], ["a", "b", "c"]),
        ([["a", "b", "c"], ["c", "b", "a"]], ["a", "c", "b"]),  # a, c tie: the first order wins
        ([["a", "b", "c", "d"], ["d", "c", "b", "a"], ["d", "a", "b", "c"]], ["d", "a", "b", "c"]),
        ([["a", "b"], ["c"]], ["a", "c", "b"]),  # missing from an order: nothing from it
    ],
)
def test_reciprocal_rank_fusion(orders: list[list[str]], fused: list[str]) -> None:
    assert fuse_orders(orders) == fused


def unit(*values: float) -> list[float]:
    vector = np.array(values, dtype=np.float32)
    return list(vector / np.linalg.norm(vector))


def listing_of(vectors: dict[str, list[float]]) -> EmbeddedListing:
    return EmbeddedListing(tuple(vectors), np.array(list(vectors.values()), dtype=np.float32))


def profile_of(catalog: list[list[float]], keywords: dict[str, list[float]]) -> SemanticProfile:
    empty = np.zeros((0, 3), dtype=np.float32)
    return SemanticProfile(
        tuple(f"paper {n}" for n in range(len(catalog))),
        tuple(True for _ in catalog),
        np.array(catalog, dtype=np.float32) if catalog else empty,
        tuple(keywords),
        np.array(list(keywords.values()), dtype=np.float32) if keywords else empty,
    )


LEXICAL = [Ranked(i, 0.0, (Reason("order", ""),), n) for n, i in enumerate(["a", "b", "c", "d"])]
LISTING_VECTORS = listing_of(
    {
        "a": unit(0, 0, 1),
        "b": unit(0, 1, 0),
        "c": unit(1, 0.1, 0),
        "d": unit(1, 0, 0),
        "x": unit(1, 0, 0),
    }
)


def test_a_paper_close_in_meaning_rises_and_an_excluded_one_stays_out() -> None:
    """'x' was removed by an exclusion: the semantic side cannot bring it back."""
    fused = fuse(LEXICAL, LISTING_VECTORS, profile_of([unit(1, 0, 0)], {}))
    assert [r.arxiv_id for r in fused] == ["a", "d", "c", "b"]
    assert fused[0].score > fused[1].score > fused[3].score


def test_without_catalog_or_keywords_the_lexical_order_stays() -> None:
    assert fuse(LEXICAL, LISTING_VECTORS, profile_of([], {})) == LEXICAL


def test_a_keyword_matched_by_meaning_is_the_reason() -> None:
    profile = profile_of([], {"retrieval augmented generation": unit(0, 1, 0)})
    explained = add_meaning_reasons(LEXICAL, LISTING_VECTORS, profile, 4)
    assert explained[1].reasons == (Reason("meaning", "retrieval augmented generation"),)
    assert explained[0].reasons == (Reason("order", ""),)  # not close: still arXiv's order


def test_a_reason_by_meaning_says_so() -> None:
    reason = Reason("meaning", "retrieval augmented generation")
    assert reason_text(reason) == "about: retrieval augmented generation (by meaning)"


def test_chinese_is_dropped_before_embedding() -> None:
    assert english_text("LoRA 论文方法：低秩 adapters") == "LoRA adapters"


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_model(tmp_path_factory.mktemp("tiny-model"))


def test_each_text_is_embedded_once(model_dir: Path, tmp_path: Path) -> None:
    ranker = SemanticRanker(model_dir, tmp_path / "club.db")
    texts = ["low rank adaptation", "flight safety", "low rank adaptation"]
    first = ranker.embed(texts, DAY)
    assert ranker.encoded == 2
    again = SemanticRanker(model_dir, tmp_path / "club.db").embed(texts, DAY)
    assert np.abs(first - again).max() == 0.0  # read back from the catalog
    assert np.abs(first[0] - first[2]).max() == 0.0
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=2e-3)  # stored as float16
    name = ranker.encoder().name
    assert count_vectors(ranker.db, name) == 2
    ranker.listing([], DAY + timedelta(days=40))  # a month later, unused vectors go
    assert count_vectors(ranker.db, name) == 0


def test_a_configured_folder_without_the_files_is_refused(tmp_path: Path) -> None:
    assert semantic_ranker(None, None) is None
    missing = r"has no config\.json, tokenizer\.json, model\.safetensors"
    with pytest.raises(ModelError, match=missing):
        semantic_ranker(tmp_path, None)


async def test_digests_embed_the_listing_once_for_every_group(
    model_dir: Path, tmp_path: Path
) -> None:
    db = stored_day(tmp_path)
    group(db, -1, "cs.CL")
    group(db, -2, "cs.CL")
    update_group(db, -2, NOW, keywords=["low rank adaptation", "retrieval augmented generation"])
    add_note(db, -1, "LoRA adapters for retrieval augmented generation", title="LoRA notes")
    ranker = semantic_ranker(model_dir, tmp_path / "club.db")
    assert ranker is not None
    builder = DigestBuilder(db, DigestPages(db), semantic=ranker)
    try:
        stored = get_group(db, -1)
        assert stored is not None and await builder(stored, LISTING, NOW)
        candidates = len(listing_candidates(db, LISTING, ["cs.CL"]))
        assert ranker.encoded == candidates + 1  # the day's papers and the one note
        stored = get_group(db, -2)
        assert stored is not None and await builder(stored, LISTING, NOW)
        assert ranker.encoded == candidates + 3  # then only the second group's two keywords
        for chat_id in (-1, -2):
            record = get_digest(db, chat_id, LISTING)
            assert record is not None and len(record.items) == 10
            assert all(item.reasons for item in record.items)
    finally:
        builder.close()


async def test_a_model_that_cannot_load_leaves_the_digest_lexical(
    model_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = tmp_path / "broken-model"
    broken.mkdir()
    for name in ("config.json", "tokenizer.json"):
        (broken / name).write_bytes((model_dir / name).read_bytes())
    (broken / "model.safetensors").write_bytes(b"truncated download")
    db = stored_day(tmp_path)
    group(db, -1, "cs.CL")
    update_group(db, -1, NOW, keywords=["retrieval augmented generation"])
    builder = DigestBuilder(db, DigestPages(db), semantic=semantic_ranker(broken, None))
    try:
        stored = get_group(db, -1)
        assert stored is not None and await builder(stored, LISTING, NOW)
    finally:
        builder.close()
    record = get_digest(db, -1, LISTING)
    assert record is not None and len(record.items) == 10
    assert "semantic ranker off for listing" in caplog.text


def test_every_threads_connection_is_closed_at_close(model_dir: Path, tmp_path: Path) -> None:
    # issue 17: the ranker's per-thread connections were never tracked nor closed
    ranker = SemanticRanker(model_dir, tmp_path / "club.db")
    with ThreadPoolExecutor(max_workers=1) as pool:
        in_worker = pool.submit(lambda: ranker.db).result()
    here = ranker.db
    ranker.close()
    for db in (in_worker, here):
        with pytest.raises(sqlite3.ProgrammingError, match="closed"):
            db.execute("select 1")


def test_a_stopping_bot_does_not_wait_for_an_encode(model_dir: Path, tmp_path: Path) -> None:
    """close() (at shutdown) makes a running encode give up at its next batch, so the stop is
    not held for minutes while a listing is embedded; what was stored stays stored."""
    ranker = SemanticRanker(model_dir, tmp_path / "club.db")
    ranker.embed(["low rank adaptation"], DAY)
    ranker.close()
    from jobs.rank.semantic.errors import EncodingStopped

    with pytest.raises(EncodingStopped):
        ranker.embed([f"paper number {n}" for n in range(300)], DAY)
    assert ranker.encoded == 1


def test_the_running_bots_ranker_keeps_vectors_through_the_one_writer(
    model_dir: Path, tmp_path: Path
) -> None:
    # issue 17: the embeddings wrote the catalog on a connection of their own, a second writer
    path = tmp_path / "club.db"
    workers = CatalogWorkers(open_db(path))
    try:
        ranker = SemanticRanker(model_dir, path, workers)
        texts = ["low rank adaptation", "flight safety"]
        with ThreadPoolExecutor(max_workers=1) as pool:  # as the digest builder's thread
            first = pool.submit(ranker.embed, texts, DAY).result()
        assert ranker._opened == []  # no connection of its own
        again = SemanticRanker(model_dir, path).embed(texts, DAY)  # stored by the writer
        assert np.abs(first - again).max() == 0.0
    finally:
        workers.close()
