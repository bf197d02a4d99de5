"""Words as the lexical ranker counts them (pure): lower-case tokens without stopwords, and the
sublinear term frequency both the listing index and the catalog model weigh them by."""

from __future__ import annotations

import math
import re
from collections import Counter

_WORD = re.compile(r"[a-z][a-z0-9]+|[0-9]+[a-z][a-z0-9]*")
_STOPWORDS_TEXT = """a about above across after again against all also although am among an and
    any are as at
    based be been being between both but by can could did do does doing done due during each either
    et etc even ever few for from further given had has have having here how however i if in into is
    it its itself just large less many may more most much must new no nor not novel of off often on
    once one only or other our out over own paper per propose proposed rather results same several
    should show shows significantly since so some such than that the their them then there these
    they this those though through thus to too under until up upon us use used uses using various
    very via was we well were what when where whether which while who whose why will with within
    without would yet you"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


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
