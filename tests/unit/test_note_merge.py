"""Merging a follow-up note or an edited message into a member's note (pure)."""

from __future__ import annotations

import pytest

from store.note_merge import merge_note, revise_note
from store.parse.note_fields import parse_note, parse_paper_note

NOTE = "Title: Mixtral\nGreat read\nMethod: sparse MoE\n- 2 experts per token\nResults: +3"


def merged(previous: str, text: str) -> tuple[str, tuple[str, ...]]:
    result = merge_note(parse_note(previous), previous, text, parse_note(text))
    assert result.fields == parse_note(result.raw_text) or "\n\n" in result.raw_text
    return result.raw_text, result.changed


@pytest.mark.parametrize(
    ("follow_up", "text", "changed"),
    [
        (  # a labelled field is swapped in place, the rest kept as written
            "Results: +5",
            "Title: Mixtral\nGreat read\nMethod: sparse MoE\n- 2 experts per token\nResults: +5",
            ("results",),
        ),
        (  # a multi-line field is replaced whole, continuation lines too
            "Method: dense",
            "Title: Mixtral\nGreat read\nMethod: dense\nResults: +3",
            ("method",),
        ),
        ("Venue: ICLR", f"{NOTE}\nVenue: ICLR", ("venue",)),  # a new field goes at the end
        ("More thoughts", f"{NOTE}\n\nMore thoughts", ("body",)),  # no labels: added to body
        ("Results: +3", NOTE, ()),  # the same value changes nothing
    ],
)
def test_follow_ups(follow_up: str, text: str, changed: tuple[str, ...]) -> None:
    assert merged(NOTE, follow_up) == (text, changed)


def test_a_follow_up_keeps_the_earlier_body_and_adds_its_own() -> None:
    result = merge_note(parse_note(NOTE), NOTE, "Tags: MoE\nalso see DeepSeekMoE", parse_note(""))
    assert result.raw_text == f"{NOTE}\nTags: MoE\n\nalso see DeepSeekMoE"


def test_an_edit_applies_only_what_it_changed() -> None:
    first = "Method: 8 experts\nResults: +3"
    later = merge_note(parse_note(first), first, "Results: +4", parse_note("Results: +4"))
    edited = "Method: 16 experts\nResults: +3"  # the edit fixes the method only
    result = revise_note(
        later.fields, later.raw_text, (first, parse_note(first)), (edited, parse_note(edited))
    )
    assert result.changed == ("method",)
    assert (result.fields.method, result.fields.results) == ("16 experts", "+4")
    assert result.raw_text == "Method: 16 experts\nResults: +4"


def test_an_edit_that_drops_a_field_empties_it_and_body_edits_replace() -> None:
    first = "nice\nMethod: x\nVenue: ICLR"
    edited = "nicer\nMethod: x"
    result = revise_note(
        parse_note(first), first, (first, parse_note(first)), (edited, parse_note(edited))
    )
    assert (result.fields.venue, result.fields.body) == ("", "nicer")
    assert result.raw_text == "nicer\nMethod: x" and result.changed == ("venue", "body")


def test_a_link_that_is_not_the_papers_is_added_as_body() -> None:
    paper = "https://arxiv.org/abs/2401.04088"
    previous = f"Link: {paper}\nMethod: x"
    text = "Link: https://github.com/mistralai/x"
    fields = parse_paper_note(text, "2401.04088", "Mixtral", paper)
    result = merge_note(parse_note(previous), previous, text, fields)
    assert result.fields.url == paper and result.changed == ("body",)
    assert result.raw_text == f"{previous}\n\n{text}"


def test_text_added_after_a_field_stays_when_that_field_changes() -> None:
    first = "Results: +3"
    added = merge_note(parse_note(first), first, "nice paper", parse_note("nice paper"))
    assert added.raw_text == "Results: +3\n\nnice paper"
    again = merge_note(added.fields, added.raw_text, "Results: +5", parse_note("Results: +5"))
    assert again.raw_text == "Results: +5\n\nnice paper"
    assert (again.fields.results, again.fields.body) == ("+5", "nice paper")


def test_a_resend_adds_only_what_is_new() -> None:
    # Issue 22: a full resend appended the free text ("其余文字追加到正文") a second time.
    note = "实验结果: +4 EM\n相关领域: lora\nMy take: worth presenting."
    assert merged(note, note) == (note, ())
    text, changed = merged(note, note.replace("+4", "+5") + "\nAlso: code is out.")
    assert text.count("My take") == 1 and text.endswith("Also: code is out.")
    assert changed == ("results", "body")
