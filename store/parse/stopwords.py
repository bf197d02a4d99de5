"""Words too common to tell papers or queries apart (English), in one place: the ranker drops
the long list from every text it counts, a search only the commonest few."""

from __future__ import annotations

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
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())  # the lexical ranker's (jobs/rank/terms.py)

# Dropped from a search query that has other words, because every one of them makes FTS5 read a
# posting list as long as the catalog ("mixture of experts"); a subset of STOPWORDS.
SEARCH_STOPWORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it"}
    | {"of", "on", "or", "the", "to", "via", "with"}
)
