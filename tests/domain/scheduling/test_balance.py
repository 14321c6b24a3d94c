"""The load balancer: inside the fuzz range, spreading a burst, siblings, easy days, and the
same day on the live path (py-fsrs through Scheduler) and the vectorised one (fsrs_vec)."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import statistics

import numpy as np
import pytest

from pmstudy.domain.model import CardState, Memory, Preset, Rating
from pmstudy.domain.scheduling import (
    CardArrays,
    DayClock,
    Scheduler,
    StudyCalendar,
    VecPresets,
    fuzz_rng,
    review,
)
from pmstudy.domain.scheduling.balance import DayCounts, DueLoads, balanced_days

NOW = dt.datetime(2026, 12, 7, 9, tzinfo=dt.UTC)  # a Monday, 5 hours into the study day
CLOCK = DayClock()
TODAY = CLOCK.day_of(NOW)
PLAIN = StudyCalendar()


def _one(
    low: int,
    high: int,
    counts: list[float],
    loads: list[float] | None = None,
    siblings: list[bool] | None = None,
    uniform: float = 0.5,
) -> int:
    width = len(counts)
    return int(
        balanced_days(
            np.array([low]),
            np.array([high]),
            np.array([counts], dtype=np.float64),
            np.array([loads or [1.0] * width], dtype=np.float64),
            np.array([siblings or [False] * width]),
            np.array([uniform]),
        )[0]
    )


def test_never_leaves_the_fuzz_range() -> None:
    rng = np.random.default_rng(3)
    n, width = 2000, 14
    low = rng.integers(2, 80, n)
    high = low + rng.integers(0, width, n)
    counts = rng.integers(0, 50, (n, width)).astype(np.float64)
    loads = rng.choice([0.0, 0.5, 1.0], (n, width))
    siblings = rng.random((n, width)) < 0.2
    uniform = rng.random(n)
    days = balanced_days(low, high, counts, loads, siblings, uniform)
    assert ((days >= low) & (days <= high)).all()
    # every draw at the top of [0, 1) still lands inside
    top = balanced_days(low, high, counts, loads, siblings, np.full(n, np.nextafter(1.0, 0)))
    assert ((top >= low) & (top <= high)).all()


def test_prefers_the_empty_day_and_spreads_by_weight() -> None:
    picks = [_one(5, 7, [30, 0, 30], uniform=u) for u in np.linspace(0, 0.999, 200)]
    assert picks.count(6) > 190


def test_a_sibling_day_is_avoided_unless_every_day_has_one() -> None:
    for u in np.linspace(0, 0.999, 50):
        assert _one(5, 7, [0, 0, 0], siblings=[True, False, True], uniform=u) == 6
    assert _one(5, 7, [0, 0, 0], siblings=[True, True, True], uniform=0.3) in (5, 6, 7)


def test_a_zero_load_day_gets_nothing_unless_the_range_has_no_other_day() -> None:
    for u in np.linspace(0, 0.999, 50):
        assert _one(5, 7, [9, 0, 9], loads=[1.0, 0.0, 1.0], uniform=u) != 6
    assert _one(6, 6, [0], loads=[0.0]) == 6
    # a free day with a sibling is still better than a break
    assert _one(5, 6, [0, 0], loads=[1.0, 0.0], siblings=[True, False]) == 5


def test_a_reduced_day_fills_to_its_share_only() -> None:
    # half load: 5 cards against 10 per normal day is its share; above it the day is closed
    assert _one(5, 7, [10, 5, 10], loads=[1.0, 0.5, 1.0], uniform=0.5) in (5, 6, 7)
    for u in np.linspace(0, 0.999, 50):
        assert _one(5, 7, [10, 6, 10], loads=[1.0, 0.5, 1.0], uniform=u) != 6


def _review_memory(stability: float, elapsed: int) -> Memory:
    return Memory(
        state=CardState.REVIEW,
        step=None,
        stability=stability,
        difficulty=5.0,
        due=NOW,
        last_review=NOW - dt.timedelta(days=elapsed),
        reps=4,
        lapses=0,
    )


def _burst(
    balanced: bool, calendar: StudyCalendar = PLAIN, *, background: bool = False
) -> list[int]:
    """500 review cards answered Good today on the live path; cards due per day 1..30
    (with ``background``, on top of cards already due: 40 every third day, 5 on the others)."""
    scheduler = Scheduler(Preset(), CLOCK)
    rng = random.Random(11)
    counts: dict[dt.date, int] = {}
    added: dict[dt.date, int] = {}
    if background:
        for d in range(1, 31):
            counts[TODAY + dt.timedelta(days=d)] = 40 if d % 3 == 0 else 5
    for card_id in range(500):
        stability = rng.uniform(2.0, 6.0)
        memory = _review_memory(stability, max(1, round(stability)))
        loads = DueLoads(TODAY, dict(counts), calendar) if balanced else None
        after = scheduler.review(
            memory, Rating.GOOD, now=NOW, rng=fuzz_rng(1, card_id, memory.reps), balance=loads
        )
        assert after.due is not None
        day = CLOCK.day_of(after.due)
        counts[day] = counts.get(day, 0) + 1
        added[day] = added.get(day, 0) + 1
    return [
        (counts if background else added).get(TODAY + dt.timedelta(days=d), 0) for d in range(1, 31)
    ]


def _roughness(counts: list[int]) -> float:
    """Mean change of the daily count from one day to the next."""
    return statistics.fmean(abs(a - b) for a, b in itertools.pairwise(counts))


def test_the_balancer_evens_out_a_burst() -> None:
    fuzzed = _burst(balanced=False)
    balanced = _burst(balanced=True)
    assert sum(fuzzed) == sum(balanced) == 500
    # the burst lands on days 6..23 either way (the intervals decide that, not the balancer)
    assert [d for d in range(30) if fuzzed[d]] == [d for d in range(30) if balanced[d]]
    busy = slice(5, 23)
    # measured: stdev 13.1 -> 8.6 cards, day-to-day change 6.6 -> 4.1 cards
    assert statistics.pstdev(balanced[busy]) < 0.7 * statistics.pstdev(fuzzed[busy])
    assert _roughness(balanced[busy]) < 0.7 * _roughness(fuzzed[busy])


def test_the_balancer_fills_the_gaps_of_an_uneven_schedule() -> None:
    fuzzed = _burst(balanced=False, background=True)
    balanced = _burst(balanced=True, background=True)
    busy = slice(5, 23)
    # measured over days 6..23: stdev 21.9 -> 11.6 cards (the intervals' own hump stays),
    # day-to-day change 26.5 -> 8.1 cards (the every-third-day spikes are filled around)
    assert statistics.pstdev(balanced[busy]) < 0.6 * statistics.pstdev(fuzzed[busy])
    assert _roughness(balanced[busy]) < _roughness(fuzzed[busy]) / 3


def test_easy_weekdays_and_a_break_take_no_burst() -> None:
    sunday_off = StudyCalendar((1, 1, 1, 1, 1, 0.5, 0.0), {TODAY + dt.timedelta(days=10): 0.0})
    counts = _burst(balanced=True, calendar=sunday_off)
    for offset in range(1, 31):
        day = TODAY + dt.timedelta(days=offset)
        if sunday_off.is_break(day):
            assert counts[offset - 1] == 0, (day, counts)
    saturdays = [
        counts[o - 1] for o in range(1, 31) if (TODAY + dt.timedelta(days=o)).weekday() == 5
    ]
    weekdays = [counts[o - 1] for o in range(1, 31) if (TODAY + dt.timedelta(days=o)).weekday() < 5]
    assert max(saturdays) < max(weekdays)


@pytest.mark.parametrize("rating", [Rating.HARD, Rating.GOOD, Rating.EASY])
def test_live_and_vectorised_paths_pick_the_same_day(rating: Rating) -> None:
    """One card answered on both paths among the same cards due: the same due day."""
    preset = Preset()
    rng = np.random.default_rng(5)
    start = CLOCK.start_of(TODAY)
    offset = (NOW - start) / dt.timedelta(days=1)
    calendar = StudyCalendar((1, 1, 1, 1, 1, 0.5, 0.0), {TODAY + dt.timedelta(days=9): 0.0})
    horizon = 400
    balanced = 0
    loads = np.array([[calendar.load_on(TODAY + dt.timedelta(days=d)) for d in range(horizon)]])
    for trial in range(40):
        stability = float(rng.uniform(2.0, 40.0))
        elapsed = int(rng.integers(1, 30))
        memory = _review_memory(stability, elapsed)
        others = rng.integers(1, 60, 300)
        counts = {TODAY + dt.timedelta(days=int(d)): int((others == d).sum()) for d in set(others)}
        uniform = fuzz_rng(7, trial, memory.reps).random()
        live = Scheduler(preset, CLOCK).review(
            memory,
            rating,
            now=NOW,
            rng=fuzz_rng(7, trial, memory.reps),
            balance=DueLoads(TODAY, counts, calendar),
        )
        assert live.due is not None
        n = 1 + len(others)
        cards = CardArrays(
            state=np.full(n, int(CardState.REVIEW)),
            step=np.full(n, -1),
            stability=np.full(n, stability),
            difficulty=np.full(n, 5.0),
            last=np.full(n, offset - elapsed),
            due=np.concatenate([[offset], others + 0.5]),
            preset=np.zeros(n, dtype=np.int64),
        )
        balance = DayCounts(np.zeros(n, dtype=np.int64), loads, cards.state, cards.due)
        review(
            cards,
            np.array([0]),
            np.array([int(rating)]),
            np.array([offset]),
            VecPresets.of([preset]),
            np.array([uniform]),
            balance,
        )
        vector_day = TODAY + dt.timedelta(days=int(np.floor(cards.due[0])))
        assert CLOCK.day_of(live.due) == vector_day, (trial, stability, elapsed)
        # the answered card now counts on its new day
        assert balance.counts[0, int(np.floor(cards.due[0]))] == counts.get(vector_day, 0) + 1
        balanced += (vector_day - TODAY).days <= 90
    assert balanced >= 20
