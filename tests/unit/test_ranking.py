"""Ranking, without Telegram: keywords, exclusions, Chinese, catalog similarity, new > cross."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from jobs.arxiv.feeds import parse_feed
from jobs.rank.keywords import compile_keyword
from jobs.rank.lexical import (
    CatalogEntry,
    RankInput,
    Reason,
    build_catalog_model,
    rank_candidates,
)

FEEDS = Path(__file__).parents[1] / "fixtures" / "feeds"


@pytest.mark.parametrize(
    ("keyword", "text", "found"),
    [
        ("lora", "Efficient LoRA fine-tuning", True),
        ("lora", "Explorations of flora", False),  # whole words only
        ("retrieval augmented", "Retrieval-Augmented Generation for QA", True),
        ("retrieval augmented", "retrieval  augmented generation", True),
        ("agent", "Multi-agent systems with LLM Agents", True),  # plural form
        ("rag", "fragile baselines", False),
        ("c++", "Translating C++ to Rust", True),
        ("检索增强", "基于检索增强生成的问答", True),  # Chinese: substring
        ("微调", "参数高效微调方法", True),
        ("-survey", "A Survey of Hallucination", True),
    ],
)
def test_keyword_matching(keyword: str, text: str, found: bool) -> None:
    compiled = compile_keyword(keyword)
    assert compiled.found_in(text.lower(), text) is found
    assert compiled.exclude is keyword.startswith("-")


def candidates() -> list[RankInput]:
    feed = parse_feed(gzip.decompress((FEEDS / "new-2026-08-20-cs-cl.xml.gz").read_bytes()))
    return [
        RankInput(i.arxiv_id, i.title, i.abstract, i.announce_type, i.position)
        for i in feed.items
        if i.announce_type in ("new", "cross")
    ]


def test_without_keywords_or_catalog_the_order_is_arxivs() -> None:
    items = candidates()
    ranked = rank_candidates(items, [], build_catalog_model([]))
    assert [r.arxiv_id for r in ranked] == [c.arxiv_id for c in items]
    assert all(r.reasons == (Reason("order", ""),) for r in ranked[:50])


def test_keywords_rank_title_matches_first_and_exclusions_remove() -> None:
    items = candidates()
    ranked = rank_candidates(items, ["retrieval", "memory", "-brain"], build_catalog_model([]))
    ids = [r.arxiv_id for r in ranked]
    assert "2608.16975" not in ids, "the excluded word is in that paper's title"
    best = next(c for c in items if c.arxiv_id == ranked[0].arxiv_id)
    assert "memory" in best.title.lower() or "retrieval" in best.title.lower()
    assert ranked[0].reasons[0].kind == "match"
    assert ranked[0].score > ranked[-1].score


def test_new_is_preferred_over_cross_at_equal_relevance() -> None:
    pair = [
        RankInput("2601.00001", "Sparse LoRA adapters", "We study adapters.", "cross", 0),
        RankInput("2601.00002", "Sparse LoRA adapters", "We study adapters.", "new", 1),
    ]
    ranked = rank_candidates(pair, ["lora"], build_catalog_model([]))
    assert [r.arxiv_id for r in ranked] == ["2601.00002", "2601.00001"]
    assert ranked[0].reasons == (Reason("match", "lora"),)


def test_catalog_similarity_names_the_nearest_noted_paper() -> None:
    items = candidates()
    memory = next(c for c in items if c.arxiv_id == "2608.17050")  # cross-model memory transfer
    catalog = [
        CatalogEntry(
            "2312.10997",
            "Retrieval-Augmented Generation for Large Language Models: A Survey. Notes: "
            "non-parametric retrieval versus parametric memory; external knowledge tables.",
            title="Retrieval-Augmented Generation for Large Language Models: A Survey",
        ),
        CatalogEntry(
            "2401.04088",
            "Mixtral of Experts. Sparse mixture of experts routing.",
            title="Mixtral of Experts",
        ),
    ]
    model = build_catalog_model(catalog)
    ranked = rank_candidates(items, [], model)
    top_ids = [r.arxiv_id for r in ranked[:10]]
    assert memory.arxiv_id in top_ids
    reasons = next(r for r in ranked if r.arxiv_id == memory.arxiv_id).reasons
    assert Reason("close", catalog[0].title, True) in reasons


GLOSSARY_GROUP = ["lora", "rag", "检索增强", "-survey", "微调"]  # the Chinese group of issue 19


def glossary_only(reasons: tuple[Reason, ...]) -> bool:
    matched = [r for r in reasons if r.kind == "match"]
    return bool(matched) and all("→" in phrase for r in matched for phrase in r.value.split(", "))


def test_a_glossary_expansion_counts_less_than_a_keyword_as_typed() -> None:
    # Issue 19: six of the top ten ranked only on "微调" matched as "fine-tuning".
    ranked = rank_candidates(candidates(), GLOSSARY_GROUP, build_catalog_model([]))
    matched = [r for r in ranked if any(x.kind == "match" for x in r.reasons)]
    typed = [n for n, r in enumerate(matched) if not glossary_only(r.reasons)]
    expanded = [n for n, r in enumerate(matched) if glossary_only(r.reasons)]
    assert typed and expanded
    assert max(typed) < min(expanded), "a glossary-only match outranked a typed keyword"
    reasons = {r.value for item in matched for r in item.reasons}
    assert "微调 → fine-tuning" in reasons, "the reason shows the expansion"


def test_one_concept_counts_once_however_many_of_its_spellings_match() -> None:
    paper = RankInput(
        "2601.00003", "RAG with retrieval-augmented generation", "Retrieval augmented.", "new", 0
    )
    lora = RankInput("2601.00004", "LoRA for RAG", "Adapters.", "new", 1)
    ranked = rank_candidates([paper, lora], ["rag", "检索增强", "lora"], build_catalog_model([]))
    by_id = {r.arxiv_id: r for r in ranked}
    assert by_id[paper.arxiv_id].reasons == (Reason("match", "rag"),)  # not "rag, 检索增强"
    assert [r.arxiv_id for r in ranked] == [lora.arxiv_id, paper.arxiv_id]  # two concepts win


def test_a_glossary_expansion_never_outranks_a_paper_close_to_the_catalog() -> None:
    catalog = [
        CatalogEntry(
            "2312.10997",
            "Retrieval-Augmented Generation for Large Language Models: A Survey. Notes: "
            "non-parametric retrieval versus parametric memory; external knowledge tables.",
            title="Retrieval-Augmented Generation for Large Language Models: A Survey",
        )
    ]
    ranked = rank_candidates(candidates(), GLOSSARY_GROUP, build_catalog_model(catalog))
    close = [
        n
        for n, r in enumerate(ranked)
        if any(x.kind == "close" for x in r.reasons) and not glossary_only(r.reasons)
    ]
    expanded = [n for n, r in enumerate(ranked) if glossary_only(r.reasons)]
    assert close and expanded
    assert max(close) < min(expanded), "a broad expansion outranked a paper close to the catalog"
