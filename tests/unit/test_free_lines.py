"""Free lines through a catalog round trip: where and as written (issue 22)."""

from __future__ import annotations

import pytest

from store.parse.catalog_markdown import parse_catalog, render_catalog

ROUND_TRIPS = [
    # a "- " item after the method, under a label with no field
    "# RAG\nA paper\n- 论文名称: A\n- 论文方法: x\n- 作者: Hu\n- keuntungan:\n",
    # plain lines, indented under the item above; a second one indented as the member wrote it
    "# RAG\nA paper\n- 论文名称: A\n- 论文方法: x\n  My take: thin\n    an indented aside\n",
    # a second title stays body text, before the prose fields
    "# RAG\nA paper\n- 论文名称: A\n- \\论文名称: again\n- 动机: m\n",
]


@pytest.mark.parametrize("text", ROUND_TRIPS)
def test_a_catalog_with_free_lines_reads_back_and_writes_out_the_same(text: str) -> None:
    parsed = parse_catalog(text)
    assert parsed.unplaced == ()
    assert render_catalog(parsed.entries) == text
    [entry] = parse_catalog(render_catalog(parsed.entries)).entries
    assert entry.fields == parsed.entries[0].fields
