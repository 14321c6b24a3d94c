"""A mock exam against the readiness prediction: did the score land where the report said?

The report predicts each domain's share of items answered right on exam day if study stopped
now (``DomainReadiness.expected_today_range``: recall through the recall-to-item link). A mock
asks its own mix of domains (a shortened mock asks what the bank holds), so the prediction for
the mock weights each domain's prediction by the mock's scored items in it. Its interval adds
the domains' bounds in the same proportion: the domains move together (the FSRS error, the
back-test shift and the link are shared by all of them), so this is close to a joint draw and,
if anything, a little wide.

A mock has luck of its own: ``n`` items at a true share ``p`` scatter by √(p(1 − p)/n), ±9
points at 80 % for 50 items. ``expected_low``/``expected_high`` widen the prediction's interval by
that scatter (the two half-widths added in quadrature, normal approximation, same level): a
score outside them says the prediction is probably off; one inside says nothing against it.

The prediction is for exam day: with weeks to go, forgetting until then lowers it, so a mock
taken now tends to land above it (the screens say so).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from statistics import NormalDist
from typing import Protocol

from pmstudy.domain.exam.report import Readiness
from pmstudy.domain.exam.uncertainty import INTERVAL_LEVEL, Estimate


class DomainTally(Protocol):
    """A mock's scored items of one domain and the right answers among them."""

    @property
    def domain(self) -> str: ...
    @property
    def right(self) -> int: ...
    @property
    def items(self) -> int: ...


class Compared(StrEnum):
    """Where a mock's score fell against what the prediction allows for a mock of its size."""

    ABOVE = "above"
    WITHIN = "within"
    BELOW = "below"


@dataclass(frozen=True)
class DomainCheck:
    """One domain: the mock's right answers against the report's prediction."""

    id: str
    name: str
    right: int
    items: int
    predicted: Estimate
    predicted_band: str | None

    @property
    def share(self) -> float:
        """Share of the domain's scored mock items answered right."""
        return self.right / self.items if self.items else 0.0


@dataclass(frozen=True)
class MockCheck:
    """A mock's score against the prediction for its mix of domains."""

    right: int
    scored: int
    predicted: Estimate
    expected_low: float
    expected_high: float
    domains: tuple[DomainCheck, ...]

    @property
    def share(self) -> float:
        """Share of the mock's scored items answered right."""
        return self.right / self.scored if self.scored else 0.0

    @property
    def difference(self) -> float:
        """Score minus prediction, as a share (+0.08: 8 points above)."""
        return self.share - self.predicted.value

    @property
    def compared(self) -> Compared:
        """Above, within or below what a mock of this size scores if the prediction holds."""
        if self.share > self.expected_high:
            return Compared.ABOVE
        if self.share < self.expected_low:
            return Compared.BELOW
        return Compared.WITHIN


def _weighted(estimates: Sequence[Estimate], weights: Sequence[float]) -> Estimate:
    total = sum(weights) or 1.0
    return Estimate(
        sum(w * e.value for e, w in zip(estimates, weights, strict=True)) / total,
        sum(w * e.low for e, w in zip(estimates, weights, strict=True)) / total,
        sum(w * e.high for e, w in zip(estimates, weights, strict=True)) / total,
        estimates[0].level if estimates else INTERVAL_LEVEL,
    )


def check_mock(
    readiness: Readiness, right: int, scored: int, domains: Sequence[DomainTally]
) -> MockCheck:
    """The mock's score (``right`` of ``scored``, per domain ``domains``) against ``readiness``.

    Domains of the mock the report does not know (a profile changed since) are left out of the
    per-domain rows; with no domain in common the blueprint's weights stand in."""
    tallies = {t.domain: t for t in domains}
    rows = tuple(
        DomainCheck(
            d.id,
            d.name,
            tallies[d.id].right,
            tallies[d.id].items,
            d.expected_today_range,
            d.band_today,
        )
        for d in readiness.domains
        if d.id in tallies and tallies[d.id].items > 0
    )
    if rows:
        predicted = _weighted([r.predicted for r in rows], [r.items for r in rows])
    else:
        predicted = _weighted(
            [d.expected_today_range for d in readiness.domains],
            [d.weight for d in readiness.domains],
        )
    z = NormalDist().inv_cdf(0.5 + predicted.level / 2)
    p = min(max(predicted.value, 0.0), 1.0)
    luck = z * math.sqrt(p * (1.0 - p) / scored) if scored else 0.0
    low = predicted.value - math.hypot(predicted.value - predicted.low, luck)
    high = predicted.value + math.hypot(predicted.high - predicted.value, luck)
    return MockCheck(
        right=right,
        scored=scored,
        predicted=predicted,
        expected_low=max(0.0, low),
        expected_high=min(1.0, high),
        domains=rows,
    )
