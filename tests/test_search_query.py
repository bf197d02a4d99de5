"""Parsing what members type after /search: every form becomes a safe FTS5 expression (pure)."""

from __future__ import annotations

import pytest

from store.search_query import (
    QueryProblem,
    filter_expression,
    papers_expression,
    parse_query,
    text_expression,
)

CASES = [
    # (typed, FTS5 text terms AND filters, ids)
    ("lora", '"lora"', []),
    ("LoRA adapters", '"LoRA" AND "adapters"', []),
    ("微调", '"微调"', []),
    ("检索增强", '"检索 索增 增强"', []),
    ("多模态", '"多模 模态"', []),
    ("模", '"模"*', []),
    ("LoRA微调", '("LoRA" AND "微调")', []),
    ('"instruction tuning" flan', '"instruction tuning" AND "flan"', []),
    ('lora"', '"lora"', []),
    ('"', None, []),
    ("c++", '"c"', []),
    ("lora*", '"lora"*', []),
    ("(lora)", '"lora"', []),
    ("lora AND qlora", '"lora" AND "qlora"', []),
    ("lora NOT qlora", '("lora") NOT "qlora"', []),
    ("lora -qlora", '("lora") NOT "qlora"', []),
    ("lora OR dora", '("lora" OR "dora")', []),
    ("gpt-4", '"gpt-4"', []),
    ('say "q""b"', '"say" AND "q" AND "b"', []),
    ("mixture of experts", '"mixture" AND "experts"', []),  # stop words narrow nothing
    ('"mixture of experts"', '"mixture of experts"', []),  # but a phrase keeps them
    ("the", '"the"', []),  # a query of stop words alone still runs
    ("2401.04088", None, ["2401.04088"]),
    ("2401.04088v2", None, ["2401.04088v2"]),
    ("arXiv:2401.04088", None, ["2401.04088"]),
    ("https://arxiv.org/abs/2401.04088v1", None, ["2401.04088v1"]),
    ("author:Hinton", 'authors : "Hinton"', []),
    ('author:"Edward Hu" lora', '"lora" AND authors : "Edward Hu"', []),
    ("cat:cs.CL rag", '"rag" AND cats : "cs.CL"', []),
    ("year:2024", 'year : ("2024")', []),
    ("rag year:2023-2024", '"rag" AND year : ("2023" OR "2024")', []),
]


@pytest.mark.parametrize(("typed", "expression", "ids"), CASES)
def test_query_forms(typed: str, expression: str | None, ids: list[str]) -> None:
    query = parse_query(typed)
    if expression is None and not ids:
        assert query.problem is QueryProblem.EMPTY
        return
    assert query.problem is None
    parts = (text_expression(query), filter_expression(query))
    assert (" AND ".join(p for p in parts if p) or None) == expression
    assert [str(i) for i in query.ids] == ids


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", QueryProblem.EMPTY),
        ("    ", QueryProblem.EMPTY),
        ("AND", QueryProblem.EMPTY),
        ("OR NOT", QueryProblem.EMPTY),
        ("- * ( ) ++", QueryProblem.EMPTY),
        ('"" "', QueryProblem.EMPTY),
        ("NOT lora", QueryProblem.ONLY_EXCLUDED),
        ("-lora", QueryProblem.ONLY_EXCLUDED),
        ("year:24", QueryProblem.BAD_YEAR),
        ("year:1200-2024", QueryProblem.BAD_YEAR),
    ],
)
def test_inputs_with_nothing_to_run(typed: str, problem: QueryProblem) -> None:
    assert parse_query(typed).problem is problem


def test_text_terms_are_limited_to_text_columns_and_exclusions_survive_filters() -> None:
    assert papers_expression(parse_query("lora")) == '{title abstract authors} : ("lora")'
    assert papers_expression(parse_query("cat:cs.CV -diffusion")) == (
        '(cats : "cs.CV") NOT {title abstract authors} : "diffusion"'
    )
