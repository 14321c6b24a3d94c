"""Pass probability: exam items in blueprint proportions, each right with p = R + (1 - R)/k.

The number of correct answers is a sum of independent Bernoulli variables with different
probabilities: a Poisson-binomial distribution, computed exactly here by dynamic programming
(O(n²), n <= a few hundred items). Where a pass mark is not published the planner shows the
performance band each domain is heading for, under thresholds that are an explicit assumption
(``ASSUMED_BAND_THRESHOLDS``; see docs/readiness.md).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

# Expected share of a domain's items answered right -> the band of PMI's score report.
# PMI does not publish where the bands start: these thresholds are pmstudy's assumption.
ASSUMED_BAND_THRESHOLDS: tuple[tuple[float, str], ...] = (
    (0.80, "Above Target"),
    (0.70, "Target"),
    (0.60, "Below Target"),
    (0.0, "Needs Improvement"),
)


def allocate(weights: Sequence[float], total: int) -> list[int]:
    """Split ``total`` items over domains in proportion to ``weights`` (largest remainder).

    Ties in the remainder go to the larger weight, then to the earlier domain, so the result is
    deterministic. Zero total weight gives every domain nothing.
    """
    if total < 0:
        raise ValueError("the item count cannot be negative")
    weight_sum = float(sum(weights))
    if weight_sum <= 0 or not weights:
        return [0] * len(weights)
    quotas = [w * total / weight_sum for w in weights]
    counts = [int(q) for q in quotas]
    left = total - sum(counts)
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - counts[i]), -weights[i], i))
    for i in order[:left]:
        counts[i] += 1
    return counts


def item_probability(recall: float, options: int) -> float:
    """Chance of answering an item right: recalled, or a lucky guess among ``options``."""
    if options < 1:
        raise ValueError("an item has at least one option")
    recall = min(max(recall, 0.0), 1.0)
    return recall + (1.0 - recall) / options


def poisson_binomial(probabilities: Sequence[float]) -> list[float]:
    """P(exactly j successes) for j = 0..n, independent trials with the given probabilities."""
    pmf = np.zeros(len(probabilities) + 1)
    pmf[0] = 1.0
    for n, p in enumerate(probabilities, start=1):
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"probability {p} is outside [0, 1]")
        # Shift-and-mix in place, from the top, so each step reads the previous row.
        pmf[1 : n + 1] = pmf[1 : n + 1] * (1.0 - p) + pmf[0:n] * p
        pmf[0] *= 1.0 - p
    return [float(x) for x in pmf]


def at_least(pmf: Sequence[float], needed: int) -> float:
    """P(successes >= needed) from a pmf."""
    if needed <= 0:
        return 1.0
    return float(min(1.0, max(0.0, sum(pmf[needed:]))))


def exam_item_probabilities(
    domain_recalls: Sequence[float], weights: Sequence[float], items: int, options: int
) -> list[float]:
    """One probability per exam item: items allocated to domains by weight."""
    counts = allocate(weights, items)
    probabilities: list[float] = []
    for recall, count in zip(domain_recalls, counts, strict=True):
        probabilities.extend([item_probability(recall, options)] * count)
    return probabilities


def pass_probability(
    domain_recalls: Sequence[float],
    weights: Sequence[float],
    *,
    items: int,
    options: int,
    needed: int | None,
) -> float | None:
    """P(score >= needed) on an exam of ``items`` items; None where no pass mark is known."""
    if needed is None:
        return None
    probabilities = exam_item_probabilities(domain_recalls, weights, items, options)
    return at_least(poisson_binomial(probabilities), needed)


def assumed_band(expected_share: float) -> str:
    """The performance band an expected share of right answers falls in (assumed thresholds)."""
    for threshold, band in ASSUMED_BAND_THRESHOLDS:
        if expected_share >= threshold:
            return band
    return ASSUMED_BAND_THRESHOLDS[-1][1]
