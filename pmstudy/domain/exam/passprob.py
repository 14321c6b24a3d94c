"""Pass probability: exam items in blueprint proportions, each right with its domain's share.

The share of a domain's items answered right comes from the recall-to-item link
(``pmstudy.domain.exam.item_link``). The number of correct answers is a sum of independent
Bernoulli variables with different probabilities: a Poisson-binomial distribution, computed
exactly here by dynamic programming (O(n²), n <= a few hundred items), for all of readiness's
draws at once. Where a pass mark is not published the planner shows the
performance band each domain is heading for, under thresholds that are an explicit assumption
(``ASSUMED_BAND_THRESHOLDS``; see docs/readiness.md).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

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


def poisson_binomial_rows(probabilities: FloatArray) -> FloatArray:
    """Row r: P(exactly j successes), j = 0..n, for independent trials ``probabilities[r]``.

    One dynamic programme for every row at once (the readiness draws): n steps over
    (rows × n + 1) arrays.
    """
    p = np.atleast_2d(np.asarray(probabilities, dtype=np.float64))
    if p.size and (p.min() < 0.0 or p.max() > 1.0):
        bad = p[(p < 0.0) | (p > 1.0)][0]
        raise ValueError(f"probability {bad} is outside [0, 1]")
    rows, n = p.shape
    pmf = np.zeros((rows, n + 1))
    pmf[:, 0] = 1.0
    for k in range(n):
        step = p[:, k : k + 1]
        # the right side is read whole before the assignment: each step mixes the previous row
        pmf[:, 1 : k + 2] = pmf[:, 1 : k + 2] * (1.0 - step) + pmf[:, 0 : k + 1] * step
        pmf[:, 0] *= 1.0 - step[:, 0]
    return pmf


def poisson_binomial(probabilities: Sequence[float]) -> list[float]:
    """P(exactly j successes) for j = 0..n, independent trials with the given probabilities."""
    return [float(x) for x in poisson_binomial_rows(np.asarray([probabilities]))[0]]


def at_least(pmf: Sequence[float], needed: int) -> float:
    """P(successes >= needed) from a pmf."""
    if needed <= 0:
        return 1.0
    return float(min(1.0, max(0.0, sum(pmf[needed:]))))


def pass_probabilities(shares: FloatArray, items: Sequence[int], needed: int) -> FloatArray:
    """P(right answers >= needed) per row of ``shares`` (rows × domains): domain d asks
    ``items[d]`` items, each right with the row's share for d (Poisson-binomial, exact)."""
    per_item = np.repeat(np.atleast_2d(shares), np.asarray(items, dtype=np.int64), axis=1)
    pmf = poisson_binomial_rows(np.clip(per_item, 0.0, 1.0))
    tail = pmf[:, max(needed, 0) :].sum(axis=1)
    return np.asarray(np.clip(tail, 0.0, 1.0), dtype=np.float64)


def assumed_band(expected_share: float) -> str:
    """The performance band an expected share of right answers falls in (assumed thresholds)."""
    for threshold, band in ASSUMED_BAND_THRESHOLDS:
        if expected_share >= threshold:
            return band
    return ASSUMED_BAND_THRESHOLDS[-1][1]
