"""Turn what a member types after /search into a safe FTS5 expression (pure).

Raw text is never passed to MATCH: the input is split into words, quoted phrases, filters
(`author:`, `cat:`, `year:`) and arXiv ids; every term is re-quoted for FTS5, so `lora"`, `AND`,
`NOT x`, `-`, `(`, `*`, `c++` or a lone `"` are plain text or simple operators. Terms are ANDed;
`-word` or `NOT word` excludes, `a OR b` alternates, `word*` is a prefix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from store.chinese import query_pieces
from store.ids import ArxivId, InvalidArxivId, parse_arxiv_id

MAX_TERMS = 12
MAX_YEAR_SPAN = 40
_TOKEN = re.compile(
    r'(?P<neg>-)?(?:(?P<field>author|cat|year|id):)?(?:"(?P<phrase>[^"]*)"|(?P<word>[^\s"]+))',
    re.IGNORECASE,
)
_ID_LIKE = re.compile(
    r"\d{4}\.\d{4,5}(v\d+)?$|[a-z\-]+(\.[A-Z]{2})?/\d{7}(v\d+)?$|arxiv[:.]|/abs/|/pdf/", re.I
)
_EDGE_PUNCT = "()[]{}<>,;!?&|+\"'"
# Words too common to narrow a search: dropped from a query that has other words, because
# every one of them makes FTS5 read a posting list as long as the catalog ("mixture of experts").
STOPWORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it"}
    | {"of", "on", "or", "the", "to", "via", "with"}
)


class QueryProblem(Enum):
    """Why a query cannot run; the bot answers with usage that fits."""

    EMPTY = "empty"  # nothing to look for
    ONLY_EXCLUDED = "only_excluded"  # "-lora" alone
    BAD_YEAR = "bad_year"


@dataclass(frozen=True)
class Term:
    """One thing to look for: an FTS5-quoted phrase (or a few ANDed pieces), maybe negated."""

    fts: str  # already quoted, e.g. "lora" or ("微调" AND "lora")
    text: str  # as typed, for highlighting
    negated: bool = False
    alternatives: tuple[Term, ...] = ()  # a OR b


@dataclass(frozen=True)
class SearchQuery:
    """A parsed query: text terms, filters and ids."""

    terms: tuple[Term, ...] = ()
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    ids: tuple[ArxivId, ...] = ()
    problem: QueryProblem | None = None
    highlights: tuple[str, ...] = field(default=(), compare=False)

    @property
    def has_filters(self) -> bool:
        """Whether author/cat/year narrow the results."""
        return bool(self.authors or self.categories or self.years)

    @property
    def positive(self) -> tuple[Term, ...]:
        """Terms that must match (not excluded)."""
        return tuple(term for term in self.terms if not term.negated)


def quote(text: str) -> str:
    """One FTS5 string: double quotes doubled, so nothing inside is syntax."""
    return '"' + text.replace('"', '""') + '"'


def has_token(text: str) -> bool:
    """Whether unicode61 would find any token here (letters or digits)."""
    return any(ch.isalnum() for ch in text)


def term_for(text: str, *, prefix: bool = False, negated: bool = False) -> Term | None:
    """A Term for a word or phrase; CJK runs become bigram phrases; None if nothing to match."""
    parts: list[str] = []
    pieces = query_pieces(text)
    for index, (piece, is_cjk) in enumerate(pieces):
        if not has_token(piece):
            continue
        single_cjk = is_cjk and len(piece) == 1
        star = "*" if single_cjk or (prefix and index == len(pieces) - 1) else ""
        parts.append(quote(piece.strip()) + star)
    if not parts:
        return None
    fts = parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"
    return Term(fts=fts, text=text.strip(), negated=negated)


def parse_query(raw: str) -> SearchQuery:
    """Parse member input; always returns (a `problem` is set when there is nothing to run)."""
    text = raw.replace("“", '"').replace("”", '"').replace("＂", '"')
    if text.count('"') % 2:  # a lone quote is just a character
        index = text.rfind('"')
        text = text[:index] + " " + text[index + 1 :]
    terms: list[Term] = []
    authors: list[str] = []
    categories: list[str] = []
    ids: list[ArxivId] = []
    years: tuple[int, int] | None = None
    negate_next = or_next = False
    for match in _TOKEN.finditer(text):
        field_name = (match["field"] or "").lower()
        value = match["phrase"] if match["phrase"] is not None else match["word"]
        if match["phrase"] is None:
            value = value.strip(_EDGE_PUNCT)
        if not value:
            continue
        if field_name == "author":
            authors.append(value)
        elif field_name == "cat":
            categories.append(value)
        elif field_name == "year":
            years = parse_years(value)
            if years is None:
                return SearchQuery(problem=QueryProblem.BAD_YEAR)
        elif match["phrase"] is None and value in ("AND", "&&"):
            continue
        elif match["phrase"] is None and value in ("OR", "||"):
            or_next = bool(terms) and not terms[-1].negated
        elif match["phrase"] is None and value == "NOT":
            negate_next = True
        elif (arxiv_id := as_arxiv_id(value, field_name == "id")) is not None:
            ids.append(arxiv_id)
        else:
            prefix = match["phrase"] is None and value.endswith("*")
            negated = bool(match["neg"]) or negate_next
            term = term_for(value.rstrip("*"), prefix=prefix, negated=negated)
            negate_next = False
            if term is None:
                continue
            if or_next and not negated:
                previous = terms.pop()
                options = previous.alternatives or (previous,)
                fts = "(" + " OR ".join(t.fts for t in (*options, term)) + ")"
                term = Term(fts=fts, text=previous.text, alternatives=(*options, term))
            or_next = False
            terms.append(term)
    terms = terms[:MAX_TERMS]
    highlights = tuple(
        option.text for term in terms if not term.negated for option in term.alternatives or (term,)
    )
    query = SearchQuery(
        terms=tuple(terms),
        authors=tuple(a for a in authors if has_token(a)),
        categories=tuple(c for c in categories if has_token(c)),
        years=years,
        ids=tuple(dict.fromkeys(ids)),
        highlights=highlights,
    )
    if not query.ids and not query.positive and not query.has_filters:
        problem = QueryProblem.ONLY_EXCLUDED if query.terms else QueryProblem.EMPTY
        return SearchQuery(problem=problem)
    return query


def as_arxiv_id(value: str, explicit: bool) -> ArxivId | None:
    """The id if the word is one (`2401.04088v2`, `arXiv:…`, a link), else None."""
    if not explicit and not _ID_LIKE.search(value):
        return None
    try:
        return parse_arxiv_id(value)
    except InvalidArxivId:
        return None


def parse_years(value: str) -> tuple[int, int] | None:
    """`2024` or `2022-2024` (also `2022..2024`); None when it is not a sensible year range."""
    match = re.fullmatch(r"(\d{4})(?:(?:-|\.\.)(\d{4}))?", value.strip())
    if match is None:
        return None
    first, last = int(match[1]), int(match[2] or match[1])
    if first > last:
        first, last = last, first
    if first < 1990 or last > 2100 or last - first > MAX_YEAR_SPAN:
        return None
    return first, last


def text_expression(query: SearchQuery) -> str | None:
    """The FTS5 expression for the text terms alone, or None when none must match."""
    positive = [term for term in query.terms if not term.negated]
    if not positive:
        return None
    kept = [term for term in positive if term.text.lower() not in STOPWORDS] or positive
    expression = " AND ".join(term.fts for term in kept)
    for term in query.terms:
        if term.negated:
            expression = f"({expression}) NOT {term.fts}"
    return expression


def filter_expression(query: SearchQuery) -> str | None:
    """Column filters, the same in both indexes: authors, categories, years."""
    parts = [f"authors : {quote(author)}" for author in query.authors]
    parts += [f"cats : {quote(category)}" for category in query.categories]
    if query.years is not None:
        first, last = query.years
        parts.append("year : (" + " OR ".join(quote(str(y)) for y in range(first, last + 1)) + ")")
    return " AND ".join(parts) or None


PAPER_TEXT = "{title abstract authors}"
NOTE_TEXT = "{title text tags author ptitle abstract authors}"


def match_expression(query: SearchQuery, text_columns: str) -> str | None:
    """Text terms (limited to the text columns) and filters; None when neither is given."""
    text = text_expression(query)
    filters = filter_expression(query)
    if text is None and filters is not None:
        for term in query.terms:  # "cat:cs.CL -vision": exclusions still apply
            if term.negated:
                filters = f"({filters}) NOT {text_columns} : {term.fts}"
        return filters
    if text is None:
        return None
    text = f"{text_columns} : ({text})"
    return f"{text} AND {filters}" if filters else text


def papers_expression(query: SearchQuery) -> str | None:
    """The MATCH expression for the papers index."""
    return match_expression(query, PAPER_TEXT)


def notes_expression(query: SearchQuery) -> str | None:
    """The MATCH expression for the notes index (note text and its paper's text)."""
    return match_expression(query, NOTE_TEXT)
