"""Pass probability: blueprint allocation, exact Poisson-binomial, pass marks from the profiles."""

from __future__ import annotations

import itertools
import math
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmstudy.domain.exam import (
    ASSUMED_BAND_THRESHOLDS,
    allocate,
    assumed_band,
    at_least,
    item_right,
    pass_probabilities,
    poisson_binomial,
    poisson_binomial_rows,
)
from pmstudy.resources import profiles_dir
from pmstudy.services.exams import load_specs


def _brute_force(probabilities: list[float], needed: int) -> float:
    total = 0.0
    for outcome in itertools.product((0, 1), repeat=len(probabilities)):
        if sum(outcome) >= needed:
            chance = 1.0
            for right, p in zip(outcome, probabilities, strict=True):
                chance *= p if right else 1 - p
            total += chance
    return total


def test_largest_remainder_allocation() -> None:
    assert allocate([33, 41, 26], 170) == [56, 70, 44]
    assert allocate([20] * 5, 80) == [16] * 5
    assert allocate([1, 1, 1], 2) == [1, 1, 0]
    assert allocate([0, 0], 10) == [0, 0]
    assert sum(allocate([36, 17, 26, 21], 135)) == 135


@given(
    st.lists(st.floats(min_value=0.1, max_value=100), min_size=1, max_size=8),
    st.integers(min_value=0, max_value=300),
)
def test_allocation_sums_and_stays_within_one_of_the_quota(
    weights: list[float], total: int
) -> None:
    counts = allocate(weights, total)
    assert sum(counts) == total
    for weight, count in zip(weights, counts, strict=True):
        assert abs(count - weight * total / sum(weights)) < 1 + 1e-9


def test_item_probability_has_the_guessing_floor() -> None:
    # the link with a = 1 and c = 1/k is the plain guessing floor
    assert item_right(0.0, 1.0, 0.25) == 0.25
    assert item_right(1.0, 1.0, 0.25) == 1.0
    assert item_right(0.6, 1.0, 0.25) == pytest.approx(0.7)


@pytest.mark.parametrize("seed", range(6))
def test_poisson_binomial_equals_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    probabilities = [rng.random() for _ in range(rng.randint(1, 11))]
    pmf = poisson_binomial(probabilities)
    assert sum(pmf) == pytest.approx(1.0)
    for needed in range(len(probabilities) + 2):
        assert at_least(pmf, needed) == pytest.approx(_brute_force(probabilities, needed))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(min_value=0, max_value=1), min_size=1, max_size=4),
    st.integers(min_value=1, max_value=10),
    st.integers(min_value=2, max_value=5),
)
def test_pass_probability_equals_enumeration_over_items(
    recalls: list[float], items: int, options: int
) -> None:
    weights = [1.0 + i for i in range(len(recalls))]
    counts = allocate(weights, items)
    shares = [float(item_right(r, 1.0, 1.0 / options)) for r in recalls]
    probabilities = [p for p, n in zip(shares, counts, strict=True) for _ in range(n)]
    assert len(probabilities) == items
    for needed in range(items + 1):
        got = float(pass_probabilities(np.asarray([shares]), counts, needed)[0])
        assert got == pytest.approx(_brute_force(probabilities, needed), abs=1e-12)


def test_rows_are_independent_programmes() -> None:
    rows = np.asarray([[0.1, 0.5, 0.9], [0.3, 0.3, 0.3]])
    pmf = poisson_binomial_rows(rows)
    for row, expected in zip(pmf, rows, strict=True):
        assert row.tolist() == pytest.approx(poisson_binomial(expected.tolist()))


def test_binomial_special_case() -> None:
    pmf = poisson_binomial([0.3] * 20)
    for k in range(21):
        assert pmf[k] == pytest.approx(math.comb(20, k) * 0.3**k * 0.7 ** (20 - k))


def test_pass_marks_come_from_the_profiles() -> None:
    specs = {s.id: s for s in load_specs(profiles_dir())}
    assert (specs["psm-1"].needed_to_pass, specs["psm-1"].graded_items) == (68, 80)
    assert (
        specs["prince2-7-foundation"].needed_to_pass,
        specs["prince2-7-foundation"].graded_items,
    ) == (36, 60)
    assert (specs["csm"].needed_to_pass, specs["csm"].graded_items) == (37, 50)
    assert specs["pmp-2026"].needed_to_pass is None
    assert specs["capm"].needed_to_pass is None
    assert specs["pmp-2026"].pass_rule.bands
    # CompTIA publishes 710 on 100-900: a scaled score, which counts no items
    project_plus = specs["comptia-project-plus-pk0-005"]
    assert project_plus.needed_to_pass is None
    assert (project_plus.pass_rule.value, project_plus.pass_rule.scale) == (710, (100, 900))
    assert "710 on a 100–900 scaled score" in project_plus.pass_rule.no_count_reason


def test_psm_pass_probability_is_plausible() -> None:
    spec = {s.id: s for s in load_specs(profiles_dir())}["psm-1"]
    counts = allocate([d.weight for d in spec.domains], spec.graded_items)
    needed = spec.needed_to_pass
    assert needed is not None
    shares = np.asarray([[item_right(0.6, 1.0, 0.25)] * 5, [item_right(0.95, 1.0, 0.25)] * 5])
    low, high = pass_probabilities(shares, counts, needed).tolist()
    assert low < 0.01 < 0.99 < high


def test_assumed_bands() -> None:
    assert [t for t, _ in ASSUMED_BAND_THRESHOLDS] == sorted(
        (t for t, _ in ASSUMED_BAND_THRESHOLDS), reverse=True
    )
    assert assumed_band(0.95) == "Above Target"
    assert assumed_band(0.75) == "Target"
    assert assumed_band(0.65) == "Below Target"
    assert assumed_band(0.25) == "Needs Improvement"
