"""arXiv id parsing, as a table: every form a member types, and every near miss."""

from __future__ import annotations

import pytest

from store.parse.ids import ArxivId, IdProblem, InvalidArxivId, find_arxiv_ids, parse_arxiv_id

ACCEPTED = [
    ("2401.04088", ArxivId("2401.04088")),
    ("2401.04088v2", ArxivId("2401.04088", 2)),
    ("arXiv:2401.04088", ArxivId("2401.04088")),
    ("ARXIV: 2401.04088v3", ArxivId("2401.04088", 3)),
    ("https://arxiv.org/abs/2401.04088v2", ArxivId("2401.04088", 2)),
    ("http://export.arxiv.org/abs/2401.04088", ArxivId("2401.04088")),
    ("arxiv.org/pdf/2401.04088.pdf", ArxivId("2401.04088")),
    ("https://arxiv.org/pdf/2401.04088v1", ArxivId("2401.04088", 1)),
    ("https://www.arxiv.org/abs/2401.04088?context=cs#x", ArxivId("2401.04088")),
    ("  <2401.04088>  ", ArxivId("2401.04088")),
    ("0704.0001", ArxivId("0704.0001")),
    ("1412.9999", ArxivId("1412.9999")),
    ("1501.00001", ArxivId("1501.00001")),
    ("hep-th/9901001", ArxivId("hep-th/9901001")),
    ("hep-th/9901001v2", ArxivId("hep-th/9901001", 2)),
    ("math.GT/0309136", ArxivId("math/0309136")),
    ("https://arxiv.org/abs/math.GT/0309136", ArxivId("math/0309136")),
    ("cond-mat/0703999", ArxivId("cond-mat/0703999")),
    ("astro-ph/9108001", ArxivId("astro-ph/9108001")),
]

REJECTED = [
    ("2401.4088", IdProblem.DIGITS_5),
    ("2413.00001", IdProblem.MONTH),
    ("2400.00001", IdProblem.MONTH),
    ("0704.00001", IdProblem.DIGITS_4),
    ("1501.0001", IdProblem.DIGITS_5),
    ("0612.0001", IdProblem.TOO_EARLY),
    ("2401.04088v0", IdProblem.VERSION),
    ("", IdProblem.EMPTY),
    ("   ", IdProblem.EMPTY),
    ("junk", IdProblem.FORMAT),
    ("lora", IdProblem.FORMAT),
    ("2401.04088vx", IdProblem.FORMAT),
    ("https://example.com/abs/2401.04088", IdProblem.FORMAT),
    ("hep-th/9901", IdProblem.OLD_STYLE),
    ("nonsense/9901001", IdProblem.OLD_STYLE),
    ("hep-th/0801001", IdProblem.OLD_STYLE),  # the old scheme ended in March 2007
    ("hep-th/9913001", IdProblem.OLD_STYLE),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_accepted_forms(text: str, expected: ArxivId) -> None:
    assert parse_arxiv_id(text) == expected


@pytest.mark.parametrize(("text", "problem"), REJECTED)
def test_rejected_forms_say_why(text: str, problem: IdProblem) -> None:
    with pytest.raises(InvalidArxivId) as caught:
        parse_arxiv_id(text)
    assert caught.value.problem is problem
    assert caught.value.text == text


def test_str_keeps_the_version_asked_for() -> None:
    assert str(parse_arxiv_id("arXiv:2401.04088v2")) == "2401.04088v2"
    assert str(parse_arxiv_id("math.GT/0309136")) == "math/0309136"


def test_ids_are_found_in_free_text_once_each() -> None:
    text = "See https://arxiv.org/pdf/2312.11805, arxiv.org/abs/2312.11805v2 and 2401.04088."
    assert find_arxiv_ids(text) == [ArxivId("2312.11805"), ArxivId("2401.04088")]
