"""The workload simulator and the retention advice."""

from __future__ import annotations

import numpy as np
import pytest

from pmstudy.domain.model import Preset
from pmstudy.domain.scheduling import (
    CardArrays,
    LearnerProfile,
    WorkloadSetup,
    retention_advice,
    simulate_workload,
)


def _empty() -> CardArrays:
    nothing = np.zeros(0)
    none = np.zeros(0, dtype=np.int64)
    return CardArrays(none, none, nothing, nothing, nothing, nothing, none)


SETUP = WorkloadSetup(days=60, new_per_day=10, new_cards=300, learner=LearnerProfile())


def test_simulation_is_deterministic_and_counts_add_up() -> None:
    first = simulate_workload(_empty(), Preset(), 0.9, SETUP)
    again = simulate_workload(_empty(), Preset(), 0.9, SETUP)
    assert np.array_equal(first.reviews, again.reviews)
    assert first.new.sum() == 300  # 10 a day for 30 days, then the pool is empty
    assert first.new[:30].tolist() == [10] * 30
    assert first.new[30:].sum() == 0
    assert first.minutes.sum() == pytest.approx(first.answers.sum() * 8 / 60)
    assert 0 < first.memorised[-1] <= 300
    assert first.reviews[0] == 0
    assert first.reviews[1:].sum() > 0


def test_higher_retention_means_more_reviews() -> None:
    low = simulate_workload(_empty(), Preset(), 0.75, SETUP)
    high = simulate_workload(_empty(), Preset(), 0.95, SETUP)
    assert high.reviews.sum() > low.reviews.sum()
    assert high.memorised[-1] > low.memorised[-1]


def test_review_limit_caps_each_day() -> None:
    capped = WorkloadSetup(
        days=60, new_per_day=30, new_cards=900, learner=LearnerProfile(), max_reviews_per_day=25
    )
    result = simulate_workload(_empty(), Preset(), 0.9, capped)
    assert result.reviews.max() <= 25


def test_existing_cards_are_reviewed_when_due() -> None:
    cards = CardArrays(
        state=np.full(5, 2, dtype=np.int64),
        step=np.zeros(5, dtype=np.int64),
        stability=np.full(5, 10.0),
        difficulty=np.full(5, 5.0),
        last=np.full(5, -10.0),
        due=np.asarray([0.2, 1.5, 2.5, 40.0, 80.0]),
        preset=np.zeros(5, dtype=np.int64),
    )
    setup = WorkloadSetup(days=3, new_per_day=0, new_cards=0, learner=LearnerProfile())
    result = simulate_workload(cards, Preset(), 0.9, setup)
    assert result.reviews.tolist() == [1, 1, 1]


def test_advice_lies_on_the_grid() -> None:
    advice = retention_advice(_empty(), Preset(), SETUP, grid=(0.7, 0.8, 0.9, 0.95))
    assert advice.best in (0.7, 0.8, 0.9, 0.95)
    per_card = advice.minutes_per_card()
    assert all(value is not None and value > 0 for value in per_card)
    assert advice.minutes[-1] > advice.minutes[0]


def test_setup_is_checked() -> None:
    with pytest.raises(ValueError, match="days"):
        WorkloadSetup(days=0, new_per_day=1, new_cards=1, learner=LearnerProfile())
    with pytest.raises(ValueError, match="retention"):
        simulate_workload(_empty(), Preset(), 0.2, SETUP)
