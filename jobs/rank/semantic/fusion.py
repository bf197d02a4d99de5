"""Reciprocal rank fusion (pure, no numpy): several orders of the same papers become one, each
paper scoring the sum of 1 / (k + its rank) in each order. Ranks, not scores, are combined, so
the lexical and semantic scales need no weights to be chosen."""

from __future__ import annotations

from collections.abc import Sequence

RRF_K = 60  # the constant of Cormack, Clarke and Büttcher (2009), not tuned here


def rrf_scores(orders: Sequence[Sequence[str]], k: int = RRF_K) -> dict[str, float]:
    """Each paper's fused score; a paper missing from an order gets nothing from it. The dict
    keeps the order in which papers first appear (the first order's, then the others')."""
    scores: dict[str, float] = {}
    for order in orders:
        for rank, key in enumerate(order, 1):
            scores[key] = scores.get(key, 0.0) + 1.0 / (k + rank)
    return scores


def fuse_orders(orders: Sequence[Sequence[str]], k: int = RRF_K) -> list[str]:
    """One order from several (best first); ties keep the first order's ranking."""
    scores = rrf_scores(orders, k)
    first = {key: n for n, key in enumerate(scores)}
    return sorted(scores, key=lambda key: (-scores[key], first[key]))
