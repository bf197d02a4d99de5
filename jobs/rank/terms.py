"""Words as the lexical ranker counts them (pure): lower-case tokens without stopwords, and the
sublinear term frequency both the listing index and the catalog model weigh them by."""

from __future__ import annotations

import math
import re
from collections import Counter

from store.parse.stopwords import STOPWORDS

_WORD = re.compile(r"[a-z][a-z0-9]+|[0-9]+[a-z][a-z0-9]*")


def tokens(text: str) -> list[str]:
    """Lower-case word tokens without stopwords."""
    return [word for word in _WORD.findall(text.lower()) if word not in STOPWORDS]


def term_counts(text: str) -> Counter[str]:
    """How often each token occurs in `text`."""
    return Counter(tokens(text))


_TF = [0.0] + [1 + math.log(n) for n in range(1, 64)]  # sublinear term frequency, precomputed


def sublinear(count: int) -> float:
    """1 + log(count): the tenth repeat of a word says less than the first."""
    return _TF[count] if count < 64 else 1 + math.log(count)
