"""The workload simulator places review intervals by the load balancer when given day loads:
the same rule as live answers (test_balance.py checks that they pick the same day)."""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from dataclasses import replace

import numpy as np

from pmstudy.domain.exam import CardTags, Groups, SimulationSetup, membership, simulate
from pmstudy.domain.model import Preset
from pmstudy.domain.scheduling import CardArrays, LearnerProfile, WorkloadSetup, simulate_workload
from tests.domain.exam.test_simulate import SPEC
from tests.exams.tables import new_cards

# day 0 is a Monday: days 6, 13, 20... are Sundays
SUNDAYS_OFF = (1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0) * 40


def _backlog(n: int) -> CardArrays:
    """``n`` review cards, all due over the first week in a lump (a burst to spread)."""
    rng = np.random.default_rng(2)
    return CardArrays(
        state=np.full(n, 2, dtype=np.int64),
        step=np.full(n, -1, dtype=np.int64),
        stability=rng.uniform(3.0, 30.0, n),
        difficulty=np.full(n, 5.0),
        last=-rng.uniform(3.0, 30.0, n),
        due=rng.uniform(0.0, 3.0, n),
        preset=np.zeros(n, dtype=np.int64),
    )


SETUP = WorkloadSetup(days=60, new_per_day=0, new_cards=0, learner=LearnerProfile())


def _roughness(reviews: np.ndarray) -> float:
    return statistics.fmean(abs(a - b) for a, b in itertools.pairwise(reviews.tolist()))


def test_the_balancer_evens_out_simulated_days() -> None:
    fuzzed = simulate_workload(_backlog(2000), Preset(), 0.9, SETUP)
    balanced = simulate_workload(_backlog(2000), Preset(), 0.9, replace(SETUP, loads=(1.0,)))
    assert abs(balanced.reviews.sum() - fuzzed.reviews.sum()) < 0.05 * fuzzed.reviews.sum()
    window = slice(7, 60)
    # measured over days 8..60: day-to-day change 9.2 -> 5.8 reviews, stdev 13.4 -> 11.0
    assert _roughness(balanced.reviews[window]) < 0.7 * _roughness(fuzzed.reviews[window])


def test_simulated_sundays_off_get_few_reviews() -> None:
    fuzzed = simulate_workload(_backlog(2000), Preset(), 0.9, SETUP)
    easy = simulate_workload(_backlog(2000), Preset(), 0.9, replace(SETUP, loads=SUNDAYS_OFF))
    sundays = np.arange(13, 60, 7)
    # only intervals under 2.5 days (after a lapse: not fuzzed, not balanced) still land on a
    # Sunday; measured: 51 reviews on the seven Sundays against 376 without easy days
    assert easy.reviews[sundays].sum() < 0.2 * fuzzed.reviews[sundays].sum()
    assert easy.reviews.sum() > 0.9 * fuzzed.reviews.sum()


def test_the_plan_simulation_keeps_easy_days_too() -> None:
    """The plan simulation places intervals by the same rule: a weekday at load 0 gets few
    reviews, the other days take them."""
    cards, days = 300, 42
    groups = Groups.of(SPEC)
    member = membership(CardTags.of([("exam::x::d",)] * cards), "x", groups)
    table = new_cards(cards, (Preset(),))
    origin = dt.datetime(2026, 12, 7, 4, tzinfo=dt.UTC).timestamp()  # a Monday
    setup = SimulationSetup(
        origin_ts=origin,
        now_ts=origin + 5 * 3600,
        exam_ts=origin + days * 86_400 + 5 * 3600,
        exam_day=days,
        new_per_day=(30,) * 10 + (0,) * (days - 10),
        learner=LearnerProfile(),
    )
    plain = simulate(table, groups, member, [100.0], setup, np.random.default_rng(3), runs=8)
    easy = simulate(
        table,
        groups,
        member,
        [100.0],
        replace(setup, loads=(SUNDAYS_OFF,)),
        np.random.default_rng(3),
        runs=8,
    )
    sundays = np.arange(13, days, 7)
    assert easy.reviews_per_day[sundays].sum() < 0.3 * plain.reviews_per_day[sundays].sum()
    assert easy.reviews_per_day.sum() > 0.9 * plain.reviews_per_day.sum()
