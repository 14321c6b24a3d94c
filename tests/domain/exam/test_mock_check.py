"""A mock's score against the prediction for its mix of domains, and a mock's own scatter."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pytest

from pmstudy.domain.exam import Compared, DomainReadiness, Estimate, Readiness, check_mock


@dataclass(frozen=True)
class Tally:
    domain: str
    right: int
    items: int


def _domain(
    domain_id: str, weight: float, expected: Estimate, band: str | None = None
) -> DomainReadiness:
    recall = Estimate(0.5, 0.4, 0.6)
    return DomainReadiness(
        id=domain_id,
        name=domain_id.title(),
        weight=weight,
        cards=10,
        seen=5,
        band_today=band,
        band_plan=None,
        today_range=recall,
        plan_range=None,
        expected_today_range=expected,
        expected_plan_range=None,
    )


READINESS = Readiness(
    needed_to_pass=None,
    graded_items=100,
    domains=(
        _domain("people", 40, Estimate(0.5, 0.4, 0.6), "Needs Improvement"),
        _domain("process", 50, Estimate(0.8, 0.7, 0.9), "Above Target"),
        _domain("business", 10, Estimate(0.6, 0.5, 0.7), "Below Target"),
    ),
    tasks=(),
    untagged=0,
    bands_assumed=True,
    today=Estimate(0.5, 0.4, 0.6),
)


def test_the_prediction_follows_the_mocks_own_mix() -> None:
    # a shortened mock: 30 People items, 10 Process, no Business
    check = check_mock(READINESS, 26, 40, [Tally("people", 18, 30), Tally("process", 8, 10)])
    assert check.predicted.value == pytest.approx((30 * 0.5 + 10 * 0.8) / 40)
    assert check.predicted.low == pytest.approx((30 * 0.4 + 10 * 0.7) / 40)
    assert check.predicted.high == pytest.approx((30 * 0.6 + 10 * 0.9) / 40)
    assert check.predicted.level == 0.8
    assert [d.id for d in check.domains] == ["people", "process"]
    people = check.domains[0]
    assert (people.right, people.items, people.share) == (18, 30, 0.6)
    assert people.predicted == Estimate(0.5, 0.4, 0.6)
    assert people.predicted_band == "Needs Improvement"
    assert check.share == 26 / 40
    assert check.difference == pytest.approx(26 / 40 - 0.575)


def test_the_range_adds_a_mocks_own_scatter() -> None:
    check = check_mock(READINESS, 25, 50, [Tally("people", 25, 50)])
    # 80 %: ±1.2816 sd; 50 items at p = 0.5 scatter by 0.0707, the model by ±0.1
    luck = 1.2816 * math.sqrt(0.25 / 50)
    assert check.expected_low == pytest.approx(0.5 - math.hypot(0.1, luck), abs=1e-4)
    assert check.expected_high == pytest.approx(0.5 + math.hypot(0.1, luck), abs=1e-4)
    assert check.compared == Compared.WITHIN


@pytest.mark.parametrize(
    ("right", "compared"),
    [(18, Compared.BELOW), (19, Compared.WITHIN), (31, Compared.WITHIN), (32, Compared.ABOVE)],
)
def test_above_within_below(right: int, compared: Compared) -> None:
    # 50 People items: 0.5 ± 0.135 if the prediction holds, 18.3 to 31.7 right
    assert check_mock(READINESS, right, 50, [Tally("people", right, 50)]).compared == compared


def test_unknown_domains_are_left_out_and_the_blueprint_stands_in() -> None:
    check = check_mock(READINESS, 5, 10, [Tally("gone", 5, 10)])
    assert check.domains == ()
    assert check.predicted.value == pytest.approx(0.4 * 0.5 + 0.5 * 0.8 + 0.1 * 0.6)
