"""Parse what a member types after /search into quoted FTS5 terms, filters and ids (pure).

Raw text is never passed to MATCH: the input is split into words, quoted phrases, filters
(`author:`, `cat:`, `year:`) and arXiv ids; every term is re-quoted for FTS5, so `lora"`, `AND`,
`NOT x`, `-`, `(`, `*`, `c++` or a lone `"` are plain text or simple operators. Terms are ANDed;
`-word` or `NOT word` excludes, and so do `-author:x`, `NOT cat:y`, `-year:2020` and
`-2401.04088`; `a OR b` alternates, `word*` is a prefix. NOT and OR act on the next token only.
store/search_expression.py builds the MATCH expressions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import Enum

from store.chinese import query_pieces
from store.parse.ids import ArxivId, InvalidArxivId, parse_arxiv_id

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
class Exclusion:
    """A filter that leaves results out: `-author:Hu`, `NOT cat:cs.CL`, `-year:2020`."""

    field: str  # author | cat | year
    value: str  # as typed (a year range is "first-last")


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
    excluded: tuple[Exclusion, ...] = ()  # -author:x, NOT cat:y, -year:2020
    excluded_ids: tuple[str, ...] = ()  # versionless ids left out: -2401.04088

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
    """A Term for a word or phrase; CJK runs become bigram phrases; None if nothing to match.

    Full-width letters and digits (`ＬｏＲＡ`) also look for their NFKC form (`LoRA`): the index
    keeps text as written, so both spellings are asked for, without reindexing.
    """
    fts = _pieces_fts(text, prefix)
    if fts is None:
        return None
    folded = _pieces_fts(unicodedata.normalize("NFKC", text), prefix)
    if folded is not None and folded != fts:
        fts = f"({fts} OR {folded})"
    return Term(fts=fts, text=text.strip(), negated=negated)


def _pieces_fts(text: str, prefix: bool) -> str | None:
    """The quoted pieces of one word or phrase, ANDed; None when no piece has a token."""
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
    return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"


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
    excluded: list[Exclusion] = []
    excluded_ids: list[str] = []
    years: tuple[int, int] | None = None
    negate_next = or_next = False  # set by NOT / OR, used up by the very next token
    for match in _TOKEN.finditer(text):
        field_name = (match["field"] or "").lower()
        value = match["phrase"] if match["phrase"] is not None else match["word"]
        if match["phrase"] is None:
            value = value.strip(_EDGE_PUNCT)
        if not value:
            continue
        negated = bool(match["neg"]) or negate_next
        if field_name == "year":
            negate_next = or_next = False
            span = parse_years(value)
            if span is None:
                return SearchQuery(problem=QueryProblem.BAD_YEAR)
            if negated:
                excluded.append(Exclusion("year", f"{span[0]}-{span[1]}"))
            else:
                years = span
        elif field_name in ("author", "cat"):
            negate_next = or_next = False
            if negated:
                excluded.append(Exclusion(field_name, value))
            else:
                (authors if field_name == "author" else categories).append(value)
        elif match["phrase"] is None and value in ("AND", "&&"):
            continue
        elif match["phrase"] is None and value in ("OR", "||"):
            or_next = bool(terms) and not terms[-1].negated
        elif match["phrase"] is None and value == "NOT":
            negate_next = True
        elif (arxiv_id := as_arxiv_id(value, field_name == "id")) is not None:
            negate_next = or_next = False
            if negated:
                excluded_ids.append(arxiv_id.id)
            else:
                ids.append(arxiv_id)
        else:
            prefix = match["phrase"] is None and value.endswith("*")
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
        ids=tuple(i for i in dict.fromkeys(ids) if i.id not in excluded_ids),
        highlights=highlights,
        excluded=tuple(e for e in dict.fromkeys(excluded) if has_token(e.value)),
        excluded_ids=tuple(dict.fromkeys(excluded_ids)),
    )
    if not query.ids and not query.positive and not query.has_filters:
        leaves_out = query.terms or query.excluded or query.excluded_ids
        problem = QueryProblem.ONLY_EXCLUDED if leaves_out else QueryProblem.EMPTY
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
