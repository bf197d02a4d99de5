"""How sure bench_relevance's figures are: percentile bootstrap intervals over the picks, and
paired differences (both rankers on the same resampled picks), so a gain can be told from noise."""

from __future__ import annotations

import random
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

RESAMPLES = 2000
LEVEL = 0.90


@dataclass(frozen=True)
class Interval:
    """A mean and its bootstrap interval at LEVEL."""

    mean: float
    low: float
    high: float

    def excludes_zero(self) -> bool:
        return self.low > 0 or self.high < 0

    def __str__(self) -> str:
        return f"{self.mean:+.2f} [{self.low:+.2f}, {self.high:+.2f}]"

    def plain(self) -> str:
        return f"{self.mean:.2f} [{self.low:.2f}, {self.high:.2f}]"


def hits(places: Sequence[int], cut: int) -> list[float]:
    """1 for each pick ranked within `cut` (places are 1-based, 0 for not ranked)."""
    return [1.0 if 0 < place <= cut else 0.0 for place in places]


def resamples(count: int, seed: int = 0) -> list[list[int]]:
    """The same RESAMPLES index draws for every ranker, which is what makes differences paired."""
    draw = random.Random(seed)
    return [[draw.randrange(count) for _ in range(count)] for _ in range(RESAMPLES)]


def interval(values: Sequence[float], draws: Sequence[Sequence[int]]) -> Interval:
    """The mean of `values` and its percentile bootstrap interval."""
    means = sorted(statistics.fmean(values[i] for i in draw) for draw in draws)
    tail = (1 - LEVEL) / 2
    low = means[int(tail * (len(means) - 1))]
    high = means[int((1 - tail) * (len(means) - 1))]
    return Interval(statistics.fmean(values), low, high)


def paired(
    values: Sequence[float], baseline: Sequence[float], draws: Sequence[Sequence[int]]
) -> Interval:
    """The difference of two rankers' means on the same picks, with its bootstrap interval."""
    return interval([a - b for a, b in zip(values, baseline, strict=True)], draws)
