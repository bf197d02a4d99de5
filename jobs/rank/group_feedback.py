"""Learning from the group (pure): what it claimed, noted and wanted pulls similar papers up,
what it called "not for us" pushes them down (Rocchio's relevance feedback on the day's TF-IDF
vectors). Each act weighs by its kind and halves every HALF_LIFE days, so this month's taste
counts more than last year's; papers shown and ignored count nothing.

score += FEEDBACK_WEIGHT * cos(paper, Σ weight · decay · paper vector of each act)

The weights were fixed by reasoning, not tuned: a claim or a want is a member's choice (1), a
note the work that follows a claim (0.5 more, so a presented paper counts 1.5), "not for us"
the opposite of a want (-1); FEEDBACK_WEIGHT puts a recent act on the scale of the catalog's
own similarity (cosines of 0.05 to 0.2 between a paper and a group's centroid).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from jobs.rank.listing_index import ListingIndex
from jobs.rank.terms import sublinear, term_counts
from store.group_signals import Action, GroupSignal

WEIGHTS: dict[Action, float] = {"claimed": 1.0, "noted": 0.5, "wanted": 1.0, "not_for_us": -1.0}
HALF_LIFE = 90.0  # days
FEEDBACK_WEIGHT = 0.1
LIKE_FLOOR = 0.1  # as lexical CLOSE_FLOOR: closer than this to a chosen paper is worth saying


@dataclass(frozen=True)
class Liked:
    """A paper the group chose, as a vector, and what it did with it (for the reason line)."""

    vector: dict[str, float]
    action: Action  # claimed | noted | wanted


@dataclass(frozen=True)
class Feedback:
    """The group's acts as one direction in the day's TF-IDF space, and the papers it chose."""

    direction: dict[str, float]
    liked: tuple[Liked, ...]

    @property
    def empty(self) -> bool:
        return not self.direction


def decay(at: datetime, now: datetime) -> float:
    """1 today, 1/2 after HALF_LIFE days, 1/4 after twice that (never more than 1)."""
    days = max((now - at).total_seconds() / 86400.0, 0.0)
    return float(0.5 ** (days / HALF_LIFE))


def paper_vector(text: str, index: ListingIndex) -> dict[str, float]:
    """A paper's unit TF-IDF vector under the day's IDF (as the candidates' own)."""
    weights = {t: sublinear(n) * index.idf_of(t) for t, n in term_counts(text).items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {term: w / norm for term, w in weights.items()}


def build_feedback(signals: Sequence[GroupSignal], index: ListingIndex, now: datetime) -> Feedback:
    """The group's acts weighed and summed into one unit direction; the papers it chose."""
    per_paper: dict[str, float] = {}
    texts: dict[str, str] = {}
    chosen: dict[str, Action] = {}
    for signal in signals:
        weight = WEIGHTS[signal.action] * decay(signal.at, now)
        per_paper[signal.arxiv_id] = per_paper.get(signal.arxiv_id, 0.0) + weight
        texts[signal.arxiv_id] = signal.text
        if signal.action != "not_for_us" and chosen.get(signal.arxiv_id) != "claimed":
            chosen[signal.arxiv_id] = signal.action  # a claim names it before a note or want
    direction: dict[str, float] = {}
    vectors = {key: paper_vector(texts[key], index) for key in per_paper}
    for key, weight in per_paper.items():
        for term, value in vectors[key].items():
            direction[term] = direction.get(term, 0.0) + weight * value
    norm = math.sqrt(sum(w * w for w in direction.values()))
    direction = {t: w / norm for t, w in direction.items()} if norm > 1e-9 else {}
    liked = tuple(
        Liked(vectors[key], action) for key, action in chosen.items() if per_paper[key] > 0
    )
    return Feedback(direction, liked)


def feedback_score(feedback: Feedback, vector: dict[str, float]) -> float:
    """A candidate's pull from the group's acts: its cosine to their direction."""
    get = feedback.direction.get
    return sum(w * get(term, 0.0) for term, w in vector.items())


def liked_action(feedback: Feedback, vector: dict[str, float]) -> Action | None:
    """What the group did with the chosen paper closest to a candidate, when close enough."""
    best, action = LIKE_FLOOR, None
    for liked in feedback.liked:
        get = liked.vector.get
        cosine = sum(w * get(term, 0.0) for term, w in vector.items())
        if cosine >= best:
            best, action = cosine, liked.action
    return action
