"""The semantic and fused rows of bench_relevance (needs the semantic extra and a model folder):
each listing is embedded once beforehand, as the bot does for every group, and its vectors kept
in a catalog file, so a row's CPU per digest is the group's side only (its catalog and keyword
vectors read back, the scores, the fusion); bench_semantic gives the cost of embedding."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

import jobs.rank.semantic.ranker as semantic_ranker
from jobs.rank.lexical import EXPLAINED, build_catalog_model, rank
from jobs.rank.semantic.embedder import SemanticRanker
from jobs.rank.semantic.ranker import EmbeddedListing, SemanticProfile, closeness
from store.digests import CatalogText

DAY = date(2024, 1, 20)  # one day for every vector: none is pruned between cases


Ranker = Callable[[Any, bool], list[str]]  # bench_relevance's: (case, with catalog?) -> ids


def semantic_rankers(
    model: Path, cache: Path | None
) -> tuple[list[tuple[str, Ranker]], Callable[[Sequence[Any]], None]]:
    """The semantic and fused rankers, each with the catalog scored by its nearest entries
    and by its centroid, in bench_relevance's shape, and a warm-up that
    embeds every case's listing and catalog first (outside the rows' CPU time)."""
    ranker = SemanticRanker(model, cache)
    listings: dict[tuple[str, ...], EmbeddedListing] = {}

    def embedded(case: Any) -> EmbeddedListing:
        key = tuple(c.arxiv_id for c in case.candidates)
        if key not in listings:
            listings[key] = ranker.listing(case.candidates, DAY)
        return listings[key]

    def texts(case: Any, with_catalog: bool) -> list[CatalogText]:
        if not with_catalog:
            return []
        return [CatalogText(e.key, e.text, e.has_notes, e.title) for e in case.catalog]

    def semantic(case: Any, with_catalog: bool) -> list[str]:
        kept = [r.arxiv_id for r in rank(case.index, None, case.keywords, explain_top=0)]
        listing = embedded(case)
        profile: SemanticProfile = ranker.profile(texts(case, with_catalog), case.keywords, DAY)
        rows = {arxiv_id: row for row, arxiv_id in enumerate(listing.ids)}
        found = closeness(listing.vectors[[rows[i] for i in kept]], profile)
        return [kept[i] for i in np.argsort(-found.score, kind="stable")]

    def fused(case: Any, with_catalog: bool) -> list[str]:
        model = build_catalog_model(case.catalog) if with_catalog else None
        lexical = rank(case.index, model, case.keywords, explain_top=EXPLAINED)
        catalog = texts(case, with_catalog)
        listing = embedded(case)
        reranked = ranker.rerank(
            listing, catalog, case.keywords, lexical, case.index, model, EXPLAINED, DAY
        )
        return [r.arxiv_id for r in reranked]

    def warm(cases: Sequence[Any]) -> None:
        for case in cases:
            embedded(case)
            ranker.profile(texts(case, True), case.keywords, DAY)

    def form(name: str, ranker: Ranker) -> Ranker:
        def ranked(case: Any, with_catalog: bool) -> list[str]:
            semantic_ranker.CATALOG_FORM = name
            try:
                return ranker(case, with_catalog)
            finally:
                semantic_ranker.CATALOG_FORM = "nearest"

        return ranked

    rows = [
        (f"{kind}, {name}", form(name, ranker))
        for name in ("nearest", "centroid")
        for kind, ranker in (("semantic", semantic), ("fused", fused))
    ]
    return rows, warm
