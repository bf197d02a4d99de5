"""Search against a real catalog: word forms, Chinese terms over the seed, filters, ids, paging."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from store.db import Database, open_db
from store.papers import Paper
from store.parse.search_query import parse_query
from store.search import PAGE_SIZE, SearchBusy, SearchHit, save_search, search_catalog
from tests.harness import built_once, fresh_db
from tests.search_data import NOW, add_group, add_note, add_papers, import_seed, seed_entries

CLUB, OTHER = -1001, -1002
LORA = Paper(
    "2106.09685",
    "LoRA: Low-Rank Adaptation of Large Language Models",
    version=2,
    authors=("Edward J. Hu", "Yelong Shen", "Phillip Wallis"),
    abstract="We propose Low-Rank Adaptation, which freezes the pretrained weights.",
    categories=("cs.CL", "cs.AI", "cs.LG"),
    primary_category="cs.CL",
    published=datetime(2021, 6, 17, tzinfo=UTC),
)
ADAPTERS = Paper(
    "1902.00751",
    "Parameter-Efficient Transfer Learning for NLP",
    version=2,
    authors=("Neil Houlsby", "Andrei Giurgiu"),
    abstract="We propose transfer with adapter modules. Adapters yield a compact model.",
    categories=("cs.LG", "cs.CL"),
    primary_category="cs.LG",
    published=datetime(2019, 2, 2, tzinfo=UTC),
)
RAG = Paper(
    "2005.11401",
    "Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks",
    version=4,
    authors=("Patrick Lewis", "Ethan Perez"),
    abstract="Large pre-trained language models store factual knowledge in their parameters.",
    categories=("cs.CL", "cs.LG"),
    primary_category="cs.CL",
    published=datetime(2020, 5, 22, tzinfo=UTC),
)


@pytest.fixture
def db(tmp_path: Path) -> Database:
    db = fresh_db(tmp_path / "club.db")  # a copy of a migrated catalog: migrating took 25 ms
    add_group(db, CLUB)
    add_group(db, OTHER)
    add_papers(db, LORA, ADAPTERS, RAG)
    return db


def run(db: Database, typed: str, chats: list[int] | None = None, page: int = 0) -> list[SearchHit]:
    query = parse_query(typed)
    assert query.problem is None, typed
    return list(search_catalog(db, query, [CLUB] if chats is None else chats, page).hits)


def ids(hits: list[SearchHit]) -> list[str | None]:
    return [hit.arxiv_id for hit in hits]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("lora", ["2106.09685"]),  # case-insensitive: finds "LoRA"
        ("adapters", ["1902.00751", "2106.09685"]),  # word forms: adapter, Adaptation
        ('"adapter modules"', ["1902.00751"]),
        ("2106.09685", ["2106.09685"]),
        ("2106.09685v1", ["2106.09685"]),  # a version still finds the paper
        ("arXiv:1902.00751", ["1902.00751"]),
        ("author:Houlsby", ["1902.00751"]),
        ('author:"Edward J. Hu"', ["2106.09685"]),
        ("houlsby", ["1902.00751"]),  # plain words search authors too
        ("author:lora", []),
        ("cat:cs.AI", ["2106.09685"]),
        ("year:2020", ["2005.11401"]),
        ("nlp year:2019-2020", ["1902.00751", "2005.11401"]),
        ("nlp -adapter", ["2005.11401"]),
        ("lora OR retrieval", ["2106.09685", "2005.11401"]),
        ("retriev*", ["2005.11401"]),
        ('"low rank adaptation"', ["2106.09685"]),
        ('"rank low adaptation"', []),
        ("c++", []),
        ('lora"', ["2106.09685"]),
        ("lora AND NOT", ["2106.09685"]),
        ("(lora", ["2106.09685"]),
        # exclusions leave out exactly what they name
        ("nlp -1902.00751", ["2005.11401"]),
        ("nlp NOT 1902.00751", ["2005.11401"]),
        ("nlp -cat:cs.AI", ["1902.00751", "2005.11401"]),
        ("language -cat:cs.AI", ["2005.11401"]),
        ("NOT cat:cs.AI language", ["2005.11401"]),
        ("language -author:Hu", ["2005.11401"]),
        ("language NOT year:2021", ["2005.11401"]),
        ("cat:cs.CL -author:Lewis", ["2106.09685", "1902.00751"]),
        ("nlp the OR retrieval", ["2005.11401"]),  # an OR group is never a stop word
        ("nlp the", ["1902.00751", "2005.11401"]),  # a lone stop word is
        ("ＬｏＲＡ", ["2106.09685"]),  # full-width letters find the ASCII spelling
        ("author:Ｈｏｕｌｓｂｙ", ["1902.00751"]),
    ],
)
def test_query_forms_find_the_right_papers(db: Database, typed: str, expected: list[str]) -> None:
    assert sorted(ids(run(db, typed)), key=str) == sorted(expected)


def test_group_notes_come_first_and_name_their_authors(db: Database) -> None:
    add_note(db, CLUB, "Great intro to adapters for PEFT", arxiv_id="1902.00751", author="Bo")
    add_note(db, OTHER, "adapter notes of another group", arxiv_id="2005.11401", author="Cy")
    hits = run(db, "parameter efficient")
    assert ids(hits) == ["1902.00751"]  # the paper matched, and the group noted it
    assert hits[0].from_notes and hits[0].note_authors == ("Bo",)
    hits = run(db, "peft")  # only the note says PEFT
    assert ids(hits) == ["1902.00751"] and "PEFT" in hits[0].excerpt
    hits = run(db, "nlp")
    assert ids(hits) == ["1902.00751", "2005.11401"]
    assert [h.from_notes for h in hits] == [True, False]
    assert hits[1].note_authors == ()  # the other group's notes are not shown here
    assert ids(run(db, "another group")) == []
    assert ids(run(db, "another group", [CLUB, OTHER])) == ["2005.11401"]


def test_exclusions_apply_to_the_groups_notes_too(db: Database) -> None:
    add_note(db, CLUB, "adapters for PEFT", arxiv_id="1902.00751", author="Bo")
    add_note(db, CLUB, "PEFT without a paper", title="PEFT survey notes", author="Bo")
    assert set(ids(run(db, "peft"))) == {None, "1902.00751"}
    assert ids(run(db, "peft -1902.00751")) == [None]
    assert ids(run(db, "peft NOT cat:cs.LG")) == [None]


def test_chinese_author_filters_match_like_chinese_words(db: Database) -> None:
    add_papers(db, Paper("2401.00001", "大模型微调综述", authors=("张三丰", "李四")))
    assert ids(run(db, "author:张三丰")) == ["2401.00001"]
    assert ids(run(db, "张三丰")) == ["2401.00001"]
    assert ids(run(db, "author:三丰")) == ["2401.00001"]
    assert ids(run(db, "微调 -author:张三丰")) == []


def test_a_note_is_findable_at_once_and_gone_when_deleted(db: Database) -> None:
    note = add_note(db, CLUB, "Mixture-of-experts routing notes", title="MoE")
    assert [h.title for h in run(db, "routing")] == ["MoE"]
    db.table("notes").update(note, {"raw_text": "now about speculative decoding"})
    assert run(db, "routing") == []  # the old text left the index with the update
    assert [h.title for h in run(db, "speculative")] == ["MoE"]
    db.table("notes").delete(note)
    assert run(db, "speculative") == []


def test_a_new_version_of_a_paper_is_reindexed(db: Database) -> None:
    revised = "We route tokens to low rank experts."  # a new version brings its own abstract
    add_papers(db, Paper("2106.09685", "LoRA revisited", version=3, abstract=revised))
    assert ids(run(db, "experts")) == ["2106.09685"]
    assert ids(run(db, "freezes")) == []  # the old abstract is gone from the index


@pytest.mark.parametrize("term", ["微调", "检索", "多模态", "检索增强"])
def test_chinese_terms_find_every_seed_entry_that_contains_them(term: str, tmp_path: Path) -> None:
    db = built_once("both seeds", import_both_seeds, tmp_path / "club.db")
    entries = seed_entries(BIG_SEED) + seed_entries(SMALL_SEED)
    in_text = {entry.entry_key for entry in entries if term in entry.raw_text}
    # an entry under a section heading with the term (e.g. 微调数据工程篇) is tagged with it
    in_tags = {e.entry_key for e in entries if any(term in tag for tag in e.fields.tags)}
    expected = in_text | in_tags
    assert in_text, f"the seed has no entry with {term}"
    found: set[str] = set()
    page = 0
    while True:
        result = search_catalog(db, parse_query(term), [CLUB], page)
        found |= {hit.entry_key for hit in result.hits}
        assert all(term in hit.excerpt or hit.entry_key in in_tags for hit in result.hits)
        if not result.has_next:
            break
        page += 1
    assert found == expected


BIG_SEED, SMALL_SEED = "llms-paper-study-club-notes.txt", "small-language-models-overview.txt"


def import_both_seeds(db: Database) -> None:
    """Both seed catalogs in one group, imported with the real importer."""
    add_group(db, CLUB)
    import_seed(db, CLUB, BIG_SEED)
    import_seed(db, CLUB, SMALL_SEED)


def test_pages_of_ten_notes_then_papers(db: Database) -> None:
    for number in range(13):
        add_note(db, CLUB, f"language model note {number}", title=f"entry {number:02}")
    first = search_catalog(db, parse_query("language"), [CLUB], 0)
    second = search_catalog(db, parse_query("language"), [CLUB], 1)
    assert len(first.hits) == PAGE_SIZE and first.has_next and not first.has_previous
    assert [h.from_notes for h in second.hits] == [True] * 3 + [False] * 2
    assert {h.arxiv_id for h in second.hits[3:]} == {"2106.09685", "2005.11401"}
    assert not second.has_next and second.has_previous
    titles = [h.title for h in first.hits + second.hits]
    assert len(set(titles)) == len(titles) == 15
    assert search_catalog(db, parse_query("language"), [CLUB], 5).hits == ()


def test_a_locked_catalog_is_busy_not_no_matches(tmp_path: Path) -> None:
    db = open_db(tmp_path / "catalog.db")
    add_group(db, CLUB)
    add_papers(db, LORA)
    db.execute("PRAGMA busy_timeout = 50")
    writer = sqlite3.connect(tmp_path / "catalog.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process (the paperclub CLI) is writing
    with pytest.raises(SearchBusy):
        save_search(db, CLUB, None, "lora", NOW)
    assert ids(list(search_catalog(db, parse_query("lora"), [CLUB]).hits)) == ["2106.09685"]
    writer.execute("ROLLBACK")
    assert ids(list(search_catalog(db, parse_query("lora"), [CLUB]).hits)) == ["2106.09685"]
