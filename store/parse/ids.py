"""Turn anything a member may type for an arXiv paper into its canonical id (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from store.parse.typed_input import plain

# Archives of the pre-2007 scheme (arXiv's identifier documentation); `math.GT` style subject
# classes are dropped from the canonical form.
OLD_ARCHIVES = frozenset(
    {
        "acc-phys",
        "adap-org",
        "alg-geom",
        "ao-sci",
        "astro-ph",
        "atom-ph",
        "bayes-an",
        "chao-dyn",
        "chem-ph",
        "cmp-lg",
        "comp-gas",
        "cond-mat",
        "cs",
        "dg-ga",
        "funct-an",
        "gr-qc",
        "hep-ex",
        "hep-lat",
        "hep-ph",
        "hep-th",
        "math",
        "math-ph",
        "mtrl-th",
        "nlin",
        "nucl-ex",
        "nucl-th",
        "patt-sol",
        "physics",
        "plasm-ph",
        "q-alg",
        "q-bio",
        "quant-ph",
        "solv-int",
        "supr-con",
    }
)

_PREFIX_RE = re.compile(
    r"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html|format)/", re.IGNORECASE
)
_NEW_RE = re.compile(r"^(?P<yymm>\d{4})\.(?P<num>\d+)(?:v(?P<version>\d+))?$")
_OLD_RE = re.compile(
    r"^(?P<archive>[a-z]+(?:-[a-z]+)?)(?:\.[A-Z]{2})?/(?P<yymm>\d{4})(?P<num>\d*)"
    r"(?:v(?P<version>\d+))?$"
)


class IdProblem(Enum):
    """Why an input is not an arXiv id; the bot turns each into a sentence."""

    EMPTY = "empty"
    MONTH = "month"  # 2413.00001
    TOO_EARLY = "too_early"  # new-style ids start at 0704
    DIGITS_4 = "digits_4"  # 0704 ... 1412 have 4 digits after the dot
    DIGITS_5 = "digits_5"  # 1501 onwards have 5
    VERSION = "version"  # v0
    OLD_STYLE = "old_style"  # archive/YYMMNNN with a bad archive, date or number
    FORMAT = "format"  # nothing like an id


class InvalidArxivId(ValueError):
    """The input is not an arXiv id; `problem` says why, `text` is what was typed."""

    def __init__(self, problem: IdProblem, text: str) -> None:
        super().__init__(f"{text!r}: {problem.value}")
        self.problem = problem
        self.text = text


@dataclass(frozen=True, order=True)
class ArxivId:
    """A canonical, versionless arXiv id and the version the member asked for, if any."""

    id: str
    version: int | None = None

    def __str__(self) -> str:
        return self.id if self.version is None else f"{self.id}v{self.version}"


def parse_arxiv_id(text: str) -> ArxivId:
    """Parse every form members type: `arXiv:2401.04088v2`, abs/pdf links, `math.GT/0309136`."""
    raw = text
    text = plain(text).strip("<>()").strip()  # full-width digits, a trailing 。
    if not text:
        raise InvalidArxivId(IdProblem.EMPTY, raw)
    text = _PREFIX_RE.sub("", text)
    text = re.sub(r"^arxiv:\s*", "", text, flags=re.IGNORECASE)
    text = re.split(r"[?#]", text, maxsplit=1)[0].rstrip("/")
    if text.lower().endswith(".pdf"):
        text = text[:-4]
    if match := _NEW_RE.match(text):
        return _new_style(match, raw)
    if match := _OLD_RE.match(text):
        return _old_style(match, raw)
    raise InvalidArxivId(IdProblem.FORMAT, raw)


def is_arxiv_id(text: str) -> bool:
    """Whether `text` is an arXiv id (what `/claim A B` and a note in a topic tell apart)."""
    try:
        parse_arxiv_id(text)
    except InvalidArxivId:
        return False
    return True


def _version(value: str | None, raw: str) -> int | None:
    if value is None:
        return None
    if int(value) < 1:
        raise InvalidArxivId(IdProblem.VERSION, raw)
    return int(value)


def _new_style(match: re.Match[str], raw: str) -> ArxivId:
    yymm, num = match["yymm"], match["num"]
    if not 1 <= int(yymm[2:]) <= 12:
        raise InvalidArxivId(IdProblem.MONTH, raw)
    if int(yymm) < 704:
        raise InvalidArxivId(IdProblem.TOO_EARLY, raw)
    if int(yymm) < 1501 and len(num) != 4:
        raise InvalidArxivId(IdProblem.DIGITS_4, raw)
    if int(yymm) >= 1501 and len(num) != 5:
        raise InvalidArxivId(IdProblem.DIGITS_5, raw)
    return ArxivId(f"{yymm}.{num}", _version(match["version"], raw))


def _old_style(match: re.Match[str], raw: str) -> ArxivId:
    archive, yymm, num = match["archive"], match["yymm"], match["num"]
    year, month = int(yymm[:2]), int(yymm[2:])
    in_range = (year >= 91 and (year, month) >= (91, 8)) or (year < 7 or (year, month) <= (7, 3))
    if archive not in OLD_ARCHIVES or not 1 <= month <= 12 or not in_range or len(num) != 3:
        raise InvalidArxivId(IdProblem.OLD_STYLE, raw)
    return ArxivId(f"{archive}/{yymm}{num}", _version(match["version"], raw))


def find_arxiv_ids(text: str) -> list[ArxivId]:
    """Every valid id mentioned in free text (links in notes), in order, without repeats."""
    found: list[ArxivId] = []
    for token in re.findall(r"[\w.:/\-]+", text):
        token = token.rstrip(".,;:")
        for candidate in (token, token.rsplit("/", 1)[-1]):
            try:
                arxiv_id = parse_arxiv_id(candidate)
            except InvalidArxivId:
                continue
            if all(a.id != arxiv_id.id for a in found):
                found.append(arxiv_id)
            break
    return found
