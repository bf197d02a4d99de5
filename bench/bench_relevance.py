"""Would the digest have picked the papers the club went on to write notes on? Replays the seed
catalog over real listing days (bench/relevance_cases.py says how the cases are made).

Run: .venv/bin/python -m bench.bench_relevance ../shared [--protocol picks|held-out]
     [--categories cs.AI,cs.CL,cs.CV,cs.LG] [--model DIR] [--vectors FILE]
`../shared` is the shared data folder (seeds/, data/arxiv/). The headline is the "picks"
protocol on four categories (a group tracking cs.AI, cs.CL, cs.CV and cs.LG, about 190
candidates a day): each day ranked with the catalog as it stood before it, and the papers of
that day the club went on to note as the answers. Each ranker's R@10 and R@20 (with the catalog,
and cold: keywords only) carry 90 % bootstrap intervals over the picks, and its paired
difference against the default (lexical; with --model, fused) says whether a gain is evidence:
its interval excludes zero. CPU per digest and peak traced memory of one digest are printed too.

The keywords are the club's section topics in English, as its admin would type them (CLUB_KEYWORDS).
Other rankers plug in through EXTRA_RANKERS; --model DIR adds the semantic rows (nearest
entries and centroid), each fused with lexical (bench/relevance_semantic.py, the semantic extra).
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import jobs.rank.lexical
from bench.relevance_cases import Case, held_out_cases, pick_cases
from bench.relevance_stats import Interval, hits, interval, paired, resamples
from jobs.rank.lexical import (
    EXPLAINED,
    CatalogModel,
    build_catalog_model,
    build_listing_index,
    rank,
)

FOUR = "cs.AI,cs.CL,cs.CV,cs.LG"
DEFAULT = "lexical (default)"


Ranker = Callable[[Case, bool], list[str]]  # (case, with catalog?) -> arXiv ids, best first


def arxiv_order(case: Case, with_catalog: bool) -> list[str]:
    return [c.arxiv_id for c in case.candidates]


def keywords_only(case: Case, with_catalog: bool) -> list[str]:
    return [r.arxiv_id for r in rank(case.index, None, case.keywords, explain_top=0)]


def lexical(case: Case, with_catalog: bool) -> list[str]:
    model = build_catalog_model(case.catalog) if with_catalog else None
    return [r.arxiv_id for r in rank(case.index, model, case.keywords, explain_top=EXPLAINED)]


def similarity_only(case: Case, with_catalog: bool) -> list[str]:
    model = build_catalog_model(case.catalog) if with_catalog else None
    return [r.arxiv_id for r in rank(case.index, model, (), explain_top=EXPLAINED)]


RANKERS: list[tuple[str, Ranker]] = [
    ("arXiv order", arxiv_order),
    ("keywords only", keywords_only),
    ("lexical, no keywords", similarity_only),
    ("lexical (default)", lexical),
]
# Other rankers' rows; --model adds bench/relevance_semantic.py's "semantic" and "fused".
EXTRA_RANKERS: list[tuple[str, Ranker]] = []


@dataclass(frozen=True)
class Row:
    """One ranker's places for every pick, with and without the catalog, and its cost."""

    name: str
    places: tuple[int, ...]
    cold: tuple[int, ...]
    cpu_ms: float
    peak_mb: float


def places_of(ranker: Ranker, cases: Sequence[Case], with_catalog: bool) -> list[int]:
    """Each pick's 1-based place in its day's order (0: not ranked at all)."""
    places: list[int] = []
    for case in cases:
        order = ranker(case, with_catalog)
        where = {arxiv_id: n for n, arxiv_id in enumerate(order, 1)}
        places.extend(where.get(pick, 0) for pick in case.picks)
    return places


def measure(name: str, ranker: Ranker, cases: Sequence[Case]) -> Row:
    """Places with and without the catalog, CPU per digest and peak memory of one digest."""
    start = time.process_time()
    warm = places_of(ranker, cases, True)
    cpu = time.process_time() - start
    cold = places_of(ranker, cases, False)
    tracemalloc.start()
    ranker(cases[0], True)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return Row(name, tuple(warm), tuple(cold), cpu * 1000 / len(cases), peak / 1e6)


def print_table(rows: Sequence[Row], default: str) -> None:
    """R@10 and R@20 with intervals, warm and cold, then each row's paired difference."""
    draws = resamples(len(rows[0].places))
    base = next(row for row in rows if row.name == default)
    print(
        f"{'ranker':<28} {'R@10 [90 %]':>17} {'R@20 [90 %]':>17} │ {'cold R@10':>17} "
        f"{'cold R@20':>17} │ {'CPU/digest':>10} {'peak':>8}"
    )
    for row in rows:
        cells = [
            interval(hits(places, cut), draws).plain()
            for places in (row.places, row.cold)
            for cut in (10, 20)
        ]
        print(
            f"{row.name:<28} {cells[0]:>17} {cells[1]:>17} │ {cells[2]:>17} {cells[3]:>17} │ "
            f"{row.cpu_ms:>7.1f} ms {row.peak_mb:>5.1f} MB"
        )
    print(f"\npaired differences against {default!r} (evidence: the interval excludes 0)")
    print(f"{'ranker':<28} {'ΔR@10':>19} {'ΔR@20':>19} │ {'cold ΔR@10':>19} {'cold ΔR@20':>19}")
    for row in rows:
        if row is base:
            continue
        diffs: list[Interval] = [
            paired(hits(mine, cut), hits(theirs, cut), draws)
            for mine, theirs in ((row.places, base.places), (row.cold, base.places))
            for cut in (10, 20)
        ]
        marks = [f"{d}{'*' if d.excludes_zero() else ' '}" for d in diffs]
        print(f"{row.name:<28} {marks[0]:>19} {marks[1]:>19} │ {marks[2]:>19} {marks[3]:>19}")
    print("* : evidence at 90 %; cold differences are against the default with its catalog")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", type=Path, help="the shared data folder (seeds/, data/arxiv/)")
    parser.add_argument("--protocol", choices=("picks", "held-out"), default="picks")
    parser.add_argument("--categories", default=FOUR, help="the group's, comma-separated")
    parser.add_argument("--limit", type=int, default=0, help="held-out: only the first N papers")
    parser.add_argument("--sweep", action="store_true", help="apply the weight rule instead")
    parser.add_argument(
        "--model",
        type=Path,
        help="a sentence-embedding model folder: adds the "
        "semantic and fused rows (needs the semantic extra)",
    )
    parser.add_argument("--vectors", type=Path, help="a file keeping the embeddings between runs")
    args = parser.parse_args()
    categories = [c.strip() for c in args.categories.split(",") if c.strip()]
    start = time.process_time()
    if args.protocol == "picks":
        cases = pick_cases(args.shared, categories)
    else:
        cases = held_out_cases(args.shared, categories, args.limit)
    if args.sweep:
        sweep(cases)
        return
    picks = sum(len(case.picks) for case in cases)
    size = sum(len(case.candidates) for case in cases) / len(cases)
    index_ms = min(timed(build_listing_index, case.candidates) for case in cases[:5])
    print(
        f"{args.protocol}: {picks} picks over {len(cases)} listing days ({', '.join(categories)}), "
        f"{size:.0f} candidates a day, catalog of {min(len(c.catalog) for c in cases)}–"
        f"{max(len(c.catalog) for c in cases)} entries; "
        f"set-up {time.process_time() - start:.1f} s CPU"
    )
    print(f"listing index (once per listing, shared by all groups): {index_ms:.0f} ms CPU")
    extra = list(EXTRA_RANKERS)
    if args.model is not None:
        from bench.relevance_semantic import semantic_rankers

        semantic_rows, warm = semantic_rankers(args.model, args.vectors)
        warm(cases)  # listings and catalogs embedded once, outside the rows' time
        extra += semantic_rows
    rows = [measure(name, ranker, cases) for name, ranker in [*RANKERS, *extra]]
    print_table(rows, DEFAULT)


CONTRASTS = (0.0, 0.5, 1.0)
KEYWORD_WEIGHTS = (0.0, 0.01, 0.03, 0.1, 0.3)


def sweep(cases: Sequence[Case]) -> None:
    """The weight rule, on these cases: for each (day contrast, keyword weight) on the grid,
    the mean of R@10 and R@20 (each paper's hit@10 and hit@20 averaged) and its standard
    error; the rule takes the best contrast, then the largest keyword weight whose figure is
    within one standard error of the best (keywords are what the admin asked for: give them
    all the weight that costs no measurable recall)."""
    models: dict[object, CatalogModel] = {}
    results: dict[tuple[float, float], tuple[float, float]] = {}
    print(f"{'contrast':>8} {'keywords':>8} {'(R@10+R@20)/2':>14} {'± s.e.':>7} {'MRR':>6}")
    for contrast in CONTRASTS:
        for weight in KEYWORD_WEIGHTS:
            jobs.rank.lexical.DAY_CONTRAST, jobs.rank.lexical.KEYWORD_WEIGHT = contrast, weight
            found: list[float] = []
            reciprocal: list[float] = []
            for case in cases:
                model = models.get(case.listing) or build_catalog_model(case.catalog)
                models[case.listing] = model
                ranked = rank(case.index, model, case.keywords, explain_top=EXPLAINED)
                order = [r.arxiv_id for r in ranked]
                where = {arxiv_id: n for n, arxiv_id in enumerate(order, 1)}
                for pick in case.picks:
                    place = where.get(pick, 0)
                    found.append(((0 < place <= 10) + (0 < place <= 20)) / 2)
                    reciprocal.append(1 / place if place else 0.0)
            mean = statistics.fmean(found)
            error = statistics.stdev(found) / len(found) ** 0.5
            results[(contrast, weight)] = (mean, error)
            print(
                f"{contrast:>8} {weight:>8} {mean:>14.3f} {error:>7.3f} "
                f"{statistics.fmean(reciprocal):>6.3f}"
            )
    best = max(results, key=lambda key: results[key][0])
    floor = results[best][0] - results[best][1]
    weight = max(w for w in KEYWORD_WEIGHTS if results[(best[0], w)][0] >= floor)
    print(f"rule: contrast {best[0]}, keyword weight {weight}")


def timed(work: Callable[..., object], *args: object) -> float:
    start = time.process_time()
    work(*args)
    return (time.process_time() - start) * 1000


if __name__ == "__main__":
    main()
