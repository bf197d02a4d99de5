"""Parsing what members type after /search: every form becomes a safe FTS5 expression (pure)."""

from __future__ import annotations

import pytest

from store.parse.search_query import QueryProblem, parse_query
from store.search_expression import filter_expression, papers_expression, text_expression

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
    ("rag the OR retrieval", '"rag" AND ("the" OR "retrieval")', []),  # an OR group is kept
    ("author:张三丰", 'authors : "张三 三丰"', []),  # filter values are bigrammed like the index
    ("cat:cs.CL 微调", '"微调" AND cats : "cs.CL"', []),
    ("ＬｏＲＡ", '("ＬｏＲＡ" OR "LoRA")', []),  # full-width: both spellings
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
        ("NOT 2401.04088", QueryProblem.ONLY_EXCLUDED),
        ("-2401.04088", QueryProblem.ONLY_EXCLUDED),
        ("2401.04088 -2401.04088v2", QueryProblem.ONLY_EXCLUDED),
        ("-cat:cs.CL", QueryProblem.ONLY_EXCLUDED),
        ("NOT author:Hu", QueryProblem.ONLY_EXCLUDED),
        ("-year:2020", QueryProblem.ONLY_EXCLUDED),
        ("-year:20x4 lora", QueryProblem.BAD_YEAR),
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


@pytest.mark.parametrize(
    ("typed", "expression", "excluded_ids"),
    [
        # NOT and "-" leave out what follows them, whatever it is, and only that.
        ("lora -2401.04088", '{title abstract authors} : ("lora")', ["2401.04088"]),
        ("lora NOT arXiv:2401.04088v2", '{title abstract authors} : ("lora")', ["2401.04088"]),
        ("-cat:cs.CL lora", '({title abstract authors} : ("lora")) NOT cats : "cs.CL"', []),
        ("NOT cat:cs.CL lora", '({title abstract authors} : ("lora")) NOT cats : "cs.CL"', []),
        ("lora -author:Hu", '({title abstract authors} : ("lora")) NOT authors : "Hu"', []),
        ("lora -year:2020", '({title abstract authors} : ("lora")) NOT year : ("2020")', []),
        ("cat:cs.AI -author:Hu", '(cats : "cs.AI") NOT authors : "Hu"', []),
        (
            "cat:cs.AI -diffusion -author:张三",
            '((cats : "cs.AI") NOT {title abstract authors} : "diffusion") NOT authors : "张三"',
            [],
        ),
        (
            "NOT cat:cs.CL NOT lora rag",
            '({title abstract authors} : (("rag") NOT "lora")) NOT cats : "cs.CL"',
            [],
        ),
    ],
)
def test_exclusions_leave_out_only_what_follows_them(
    typed: str, expression: str, excluded_ids: list[str]
) -> None:
    query = parse_query(typed)
    assert query.problem is None
    assert not query.ids
    assert papers_expression(query) == expression
    assert list(query.excluded_ids) == excluded_ids
