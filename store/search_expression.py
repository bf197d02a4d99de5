"""The FTS5 MATCH expressions for a parsed query, one per index (pure).

Text terms are limited to the text columns; `author:`, `cat:` and `year:` filter their own
columns (in the notes index `author:` also finds the members who wrote the notes); exclusions
(`-word`, `-author:x`, `NOT cat:y`) hang off the part that must match, because FTS5's NOT is
binary.
"""

from __future__ import annotations

from store.parse.search_query import Exclusion, SearchQuery, quote, term_for
from store.parse.stopwords import SEARCH_STOPWORDS


def text_expression(query: SearchQuery) -> str | None:
    """The FTS5 expression for the text terms alone, or None when none must match."""
    positive = [term for term in query.terms if not term.negated]
    if not positive:
        return None
    # Only a single word is dropped: an OR group ("the OR retrieval") is the member's choice.
    kept = [
        t for t in positive if t.alternatives or t.text.lower() not in SEARCH_STOPWORDS
    ] or positive
    expression = " AND ".join(term.fts for term in kept)
    for term in query.terms:
        if term.negated:
            expression = f"({expression}) NOT {term.fts}"
    return expression


def filter_value(value: str) -> str:
    """A filter value as the index holds it: quoted, CJK runs as bigram phrases (`张三丰`)."""
    term = term_for(value)
    return term.fts if term is not None else quote(value)


def year_value(first: int, last: int) -> str:
    """Every year of a range, ORed (the index holds the year as a word)."""
    return "(" + " OR ".join(quote(str(year)) for year in range(first, last + 1)) + ")"


PAPER_AUTHORS = "authors"
NOTE_AUTHORS = "{authors author}"  # the paper's authors, or the member who wrote the note


def filter_expression(query: SearchQuery, author_columns: str = PAPER_AUTHORS) -> str | None:
    """Column filters: authors (in `author_columns`), categories, years."""
    parts = [f"{author_columns} : {filter_value(author)}" for author in query.authors]
    parts += [f"cats : {filter_value(category)}" for category in query.categories]
    if query.years is not None:
        parts.append(f"year : {year_value(*query.years)}")
    return " AND ".join(parts) or None


def exclusion_expression(exclusion: Exclusion, author_columns: str = PAPER_AUTHORS) -> str:
    """What an excluded filter leaves out, as an FTS5 column filter."""
    if exclusion.field == "year":
        first, _, last = exclusion.value.partition("-")
        return f"year : {year_value(int(first), int(last))}"
    column = author_columns if exclusion.field == "author" else "cats"
    return f"{column} : {filter_value(exclusion.value)}"


PAPER_TEXT = "{title abstract authors}"
NOTE_TEXT = "{title text tags author ptitle abstract authors}"


def match_expression(
    query: SearchQuery, text_columns: str, author_columns: str = PAPER_AUTHORS
) -> str | None:
    """Text terms (limited to the text columns) and filters; None when neither is given."""
    text = text_expression(query)
    filters = filter_expression(query, author_columns)
    if text is None and filters is None:
        return None
    if text is None:
        expression = str(filters)
        for term in query.terms:  # "cat:cs.CL -vision": exclusions still apply
            if term.negated:
                expression = f"({expression}) NOT {text_columns} : {term.fts}"
    else:
        expression = f"{text_columns} : ({text})"
        expression = f"{expression} AND {filters}" if filters else expression
    for exclusion in query.excluded:  # FTS5's NOT is binary: it needs the part that matches
        expression = f"({expression}) NOT {exclusion_expression(exclusion, author_columns)}"
    return expression


def papers_expression(query: SearchQuery) -> str | None:
    """The MATCH expression for the papers index."""
    return match_expression(query, PAPER_TEXT)


def notes_expression(query: SearchQuery) -> str | None:
    """The MATCH expression for the notes index (note text and its paper's text)."""
    return match_expression(query, NOTE_TEXT, NOTE_AUTHORS)
