"""The one home of the CJK ranges (search, keywords, the semantic ranker), and what makes
Chinese (and other CJK) text searchable with FTS5's unicode61 tokenizer: bigrams.

unicode61 keeps a run of Han characters as ONE token, so `微调` never matches `参数高效微调`, and
the trigram tokenizer cannot match the two-character words members type most (`微调`, `检索`).
We rewrite each CJK run before it reaches the index: `参数高效微调` → `参数 数高 高效 效微 微调 调`.
A query run becomes the phrase of its bigrams (`检索增强` → "检索 索增 增强"), which matches
exactly where the query is a substring of the text, for any length ≥ 2; a single character is
a prefix query (every character starts a bigram, or is a run's final character, kept as its
own token). Why not jieba: its segmentation depends on the dictionary and the context
(`多模态` is cut `多/模态`, `检索增强` may be one word or two), so the index and a query can
disagree and recall silently drops; loading its dictionary also costs ~1 s and tens of MB.
Bigrams are the classic CJK choice of search engines (Lucene's CJKAnalyzer) for that reason.

The rewrite is registered as the SQL function `paperclub_search_text` on every connection
(store/db.py), so the index triggers keep FTS5 in step inside the writer's own transaction.
It must stay deterministic: contentless FTS5 deletes re-tokenize the old values, so a change
here needs a new migration that empties both indexes (FTS5 'delete-all') and re-fills them.
"""

from __future__ import annotations

import re

from sqlite_utils import Database

_CJK = (
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7af"  # hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\U00020000-\U0002ffff"  # extensions B-F
)
CJK_RUN = re.compile(f"[{_CJK}]+")
# The same, with CJK punctuation and full-width forms: what an English-only model cannot read.
CJK_TEXT_RUN = re.compile(f"[\u3000-\u303f\uff00-\uffef{_CJK}]+")
SQL_FUNCTION = "paperclub_search_text"


def has_cjk(text: str) -> bool:
    """Whether `text` holds any CJK character (English-only text passes through untouched)."""
    return CJK_RUN.search(text) is not None


def cjk_bigrams(run: str) -> list[str]:
    """Overlapping two-character tokens of one CJK run (a single character stays itself)."""
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_text(text: object) -> str:
    """Text as the index stores it: each CJK run becomes its bigrams plus its final character."""
    if text is None:
        return ""
    value = text if isinstance(text, str) else str(text)
    if not has_cjk(value):
        return value
    return CJK_RUN.sub(
        lambda m: " " + " ".join([*cjk_bigrams(m.group()), m.group()[-1]]) + " ", value
    )


def query_pieces(word: str) -> list[tuple[str, bool]]:
    """Split one typed word into (piece, is_cjk) parts; CJK runs become their bigram phrase."""
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in CJK_RUN.finditer(word):
        if match.start() > position:
            pieces.append((word[position : match.start()], False))
        pieces.append((" ".join(cjk_bigrams(match.group())), True))
        position = match.end()
    if position < len(word):
        pieces.append((word[position:], False))
    return pieces


def register_search_text(db: Database) -> None:
    """Make `paperclub_search_text(text)` available to this connection's triggers and queries."""
    db.register_function(index_text, deterministic=True, replace=True, name=SQL_FUNCTION)
