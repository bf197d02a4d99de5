"""Rank a day's candidates for one group (pure), in absolute terms, and say why for each.

score = cos(paper, catalog) - DAY_CONTRAST * cos(catalog, day) * cos(paper, day)
        + KEYWORD_WEIGHT * keyword_score(matches)

- cos(paper, catalog) is between untruncated TF-IDF vectors: the paper's title and abstract, and
  the catalog's centroid (title, abstract and notes of each entry, each at unit length before
  they are summed), with the listing's IDF on both sides. It is never divided by the day's
  best: a day with nothing close scores low.
- The second term takes off the catalog's projection on the day's centroid (what the whole
  listing is about: "large language models" for an LLM club on cs.CL), so a paper is rewarded
  for what is particular to the club, not for being about LLMs at all. A catalog unlike the
  day has little projection, and loses little.
- keyword_score is bounded (hits / (hits + 2), a title match counting two hits), so many broad
  keywords refine the order instead of swamping it; exclusions remove a paper whatever its score.
- With neither keywords nor catalog the order is arXiv's. At equal scores, new before cross.

The weights are fixed, never set per day, by one rule on bench/bench_relevance.py --sweep (the
seed catalog's 67 held-out papers), applied on cs.CL and on cs.AI+CL+CV+LG: the day contrast
with the best mean of R@10 and R@20, then the largest keyword weight within one standard error
of the best (keywords are what the admin asked for: they get all the weight that costs no
measurable recall), the smaller of the two sets' weights. Both sets chose DAY_CONTRAST = 1
(the whole projection); cs.CL allowed a keyword weight of 0.1, the four categories 0.03.

Reasons name the keywords a paper matches and the title of the catalog paper it is closest to
(their cosine at least CLOSE_FLOOR); a paper with neither says it follows arXiv's order, and
among the explained papers those with a reason come first. `rank` is the seam for other rankers
(the semantic one fuses with it): the full ordered list with scores and reasons; `explain` gives
the reasons of any list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import repeat
from operator import mul

from jobs.rank.catalog_match import Seen, nearest_entry, profile, search_words
from jobs.rank.catalog_model import CatalogEntry, CatalogModel, build_catalog_model
from jobs.rank.group_feedback import FEEDBACK_WEIGHT, Feedback, feedback_score, liked_action
from jobs.rank.keywords import KeywordSet, compile_keywords, excluded, keyword_score, matches
from jobs.rank.listing_index import ListingIndex, RankInput, build_listing_index
from store.reasons import Reason

__all__ = [
    "EXPLAINED",
    "CatalogEntry",
    "CatalogModel",
    "ListingIndex",
    "RankInput",
    "Ranked",
    "Reason",
    "add_group_reasons",
    "build_catalog_model",
    "build_listing_index",
    "explain",
    "rank",
    "rank_candidates",
]

KEYWORD_WEIGHT = 0.03
DAY_CONTRAST = 1.0  # 1: the whole projection on the day's centroid is taken off
CLOSE_FLOOR = 0.1  # below this cosine, "close to …" would be noise
EXPLAINED = 50  # a digest explains its best this many and shows those with a reason first


@dataclass(frozen=True)
class Ranked:
    """A candidate with its score, the parts of it, and its reasons."""

    arxiv_id: str
    score: float
    reasons: tuple[Reason, ...] = ()
    position: int = 0
    similarity: float = 0.0  # cosine to the catalog, less the day's share (the text's part)
    keyword: float = 0.0  # keyword_score, in [0, 1)
    cross: bool = False


def rank(
    index: ListingIndex,
    model: CatalogModel | None,
    keywords: Sequence[str] | KeywordSet,
    *,
    explain_top: int = 50,
    feedback: Feedback | None = None,
) -> list[Ranked]:
    """Every candidate not excluded, best first, with its score; the first `explain_top` also
    get their closeness reason (see `explain`). With the group's `feedback` (what it claimed,
    noted and wanted: jobs/rank/group_feedback.py), papers like those move up."""
    learnt = feedback if feedback is not None and not feedback.empty else None
    words = keywords if isinstance(keywords, KeywordSet) else compile_keywords(keywords)
    centroid = profile(model, index) if model is not None and not model.empty else {}
    # The profile without what the whole day shares: minus its projection on the day.
    day = index.day
    share = DAY_CONTRAST * sum(w * day.get(t, 0.0) for t, w in centroid.items())
    particular = dict(centroid)
    for term, weight in day.items() if share else ():
        particular[term] = particular.get(term, 0.0) - share * weight
    get = particular.get
    ranked: list[Ranked] = []
    for candidate, vector in zip(index.candidates, index.vectors, strict=True):
        title, abstract = candidate.title, candidate.abstract
        if words.excluded and excluded(words.excluded, title, abstract):
            continue
        found, hits = matches(words.wanted, title, abstract) if words.wanted else ([], 0)
        similarity = sum(map(mul, vector.values(), map(get, vector, repeat(0.0))))
        keyword = keyword_score(hits)
        pull = FEEDBACK_WEIGHT * feedback_score(learnt, vector) if learnt is not None else 0.0
        ranked.append(
            Ranked(
                candidate.arxiv_id,
                round(similarity + KEYWORD_WEIGHT * keyword + pull, 6),
                (Reason("match", ", ".join(found)),) if found else (),
                candidate.position,
                similarity,
                keyword,
                candidate.announce_type == "cross",
            )
        )
    if words.wanted or centroid or learnt is not None:
        ranked.sort(key=lambda r: (-r.score, r.cross, r.position))
    else:
        ranked.sort(key=lambda r: r.position)
    return explain(index, model, ranked, explain_top)


def explain(
    index: ListingIndex,
    model: CatalogModel | None,
    ranked: Sequence[Ranked],
    count: int,
) -> list[Ranked]:
    """`ranked` with the first `count` explained: the catalog paper each is closest to (when
    close enough), and arXiv's order for a paper that has no other reason; among those
    `count`, the papers with a reason go first (a digest shows what it can explain first)."""
    result = list(ranked)
    vectors = {c.arxiv_id: v for c, v in zip(index.candidates, index.vectors, strict=True)}
    catalog = model if model is not None and not model.empty else None
    seen: Seen = {}
    for place, item in enumerate(result[:count]):
        reasons = tuple(r for r in item.reasons if r.kind == "match")
        vector = vectors.get(item.arxiv_id)
        near = None
        if catalog is not None and vector is not None:
            words = search_words(catalog, vector)
            near = nearest_entry(catalog, index, vector, words, DAY_CONTRAST, seen)
        if catalog is not None and near is not None and near[1] >= CLOSE_FLOOR:
            reasons += (Reason("close", catalog.titles[near[0]], catalog.has_notes[near[0]]),)
        if not reasons:
            reasons = (Reason("order", ""),)
        result[place] = replace(item, reasons=reasons)
    result[:count] = sorted(result[:count], key=lambda r: r.reasons[0].kind == "order")
    return result


def add_group_reasons(
    ranked: Sequence[Ranked], index: ListingIndex, feedback: Feedback | None, count: int
) -> list[Ranked]:
    """The first `count` items that are like a paper the group chose say so ("like papers this
    group claimed"), in place of "arXiv's order" or after their other reasons; a claim or note
    already named by a "close to …" reason is not said twice."""
    result = list(ranked)
    if feedback is None or not feedback.liked:
        return result
    vectors = {c.arxiv_id: v for c, v in zip(index.candidates, index.vectors, strict=True)}
    for place, item in enumerate(result[:count]):
        vector = vectors.get(item.arxiv_id)
        action = liked_action(feedback, vector) if vector is not None else None
        if action is None or (action != "wanted" and any(r.kind == "close" for r in item.reasons)):
            continue
        kept = tuple(r for r in item.reasons if r.kind != "order")
        result[place] = replace(item, reasons=(*kept, Reason("group", action)))
    return result


def rank_candidates(
    candidates: Sequence[RankInput],
    keywords: Sequence[str],
    model: CatalogModel,
    *,
    explain: int = 50,
) -> list[Ranked]:
    """One listing for one group, indexing the listing on the way (a single group's caller)."""
    return rank(build_listing_index(candidates), model, keywords, explain_top=explain)
