"""FSRS-6, vectorised with NumPy: the formulas of py-fsrs's ``Scheduler.review_card``.

The plan simulation answers tens of thousands of cards a day; calling py-fsrs once per answer
would take minutes for 100,000 cards. These functions apply the same formulas (initial
stability and difficulty, short-term stability, recall and forget stability, difficulty mean
reversion, learning and relearning steps, next interval, fuzz ranges) to whole arrays. The tests
check them against ``pmstudy.domain.scheduling.scheduler.Scheduler`` (py-fsrs) answer by answer.

Time is in float days on one axis whose whole numbers are study-day starts, so an instant's study
day is ``floor(t)`` and the time between answers follows the study-day rule
(``pmstudy.domain.scheduling.days.elapsed_days``), as it does for py-fsrs through our Scheduler. The
plan simulation counts from the start of today's study day; reschedule puts each answer on its own
study day. Card states are ``CardState`` numbers. Each card has a preset index into ``VecPresets``
(its deck options).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

import numpy as np

from pmstudy.domain.exam import FloatArray, IntArray
from pmstudy.domain.model import CardState, Preset
from pmstudy.domain.scheduling.days import elapsed_days
from pmstudy.domain.scheduling.scheduler import DEFAULT_PARAMETERS

STABILITY_MIN = 0.001
MIN_DIFFICULTY = 1.0
MAX_DIFFICULTY = 10.0
SECONDS_PER_DAY = 86_400.0
# (start, end, factor): FSRS's fuzz ranges in days, as in pmstudy.domain.scheduling.scheduler.
_FUZZ_RANGES = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, np.inf, 0.05))

NEW = int(CardState.NEW)
LEARNING = int(CardState.LEARNING)
REVIEW = int(CardState.REVIEW)
RELEARNING = int(CardState.RELEARNING)


def _steps_matrix(steps: Sequence[tuple[int, ...]], width: int) -> tuple[FloatArray, IntArray]:
    matrix = np.zeros((len(steps), max(width, 1)), dtype=np.float64)
    for row, values in enumerate(steps):
        matrix[row, : len(values)] = np.asarray(values, dtype=np.float64) / SECONDS_PER_DAY
    return matrix, np.asarray([len(s) for s in steps], dtype=np.int64)


@dataclass(frozen=True)
class VecPresets:
    """Deck options as arrays: FSRS weights (presets × 21), retention, steps in days."""

    weights: FloatArray
    retention: FloatArray
    max_interval: IntArray
    learning_steps: FloatArray
    learning_count: IntArray
    relearning_steps: FloatArray
    relearning_count: IntArray

    @classmethod
    def of(cls, presets: Sequence[Preset]) -> VecPresets:
        """Arrays for ``presets`` (index i is preset i)."""
        width = max(
            (max(len(p.learning_steps), len(p.relearning_steps)) for p in presets), default=1
        )
        learning, learning_count = _steps_matrix([p.learning_steps for p in presets], width)
        relearning, relearning_count = _steps_matrix([p.relearning_steps for p in presets], width)
        return cls(
            weights=np.array(
                [p.fsrs_params or DEFAULT_PARAMETERS for p in presets], dtype=np.float64
            ),
            retention=np.array([p.desired_retention for p in presets], dtype=np.float64),
            max_interval=np.array([p.max_interval_days for p in presets], dtype=np.int64),
            learning_steps=learning,
            learning_count=learning_count,
            relearning_steps=relearning,
            relearning_count=relearning_count,
        )

    @cached_property
    def single(self) -> bool:
        """Whether there is one preset: then every per-card value is one number."""
        return int(self.weights.shape[0]) == 1

    def w(self, index: int, preset: IntArray) -> FloatArray:
        """Weight ``index`` for each card's preset (with one preset, one number that
        broadcasts: the same arithmetic on every card without gathering copies)."""
        if self.single:
            return np.asarray(self.weights[0, index], dtype=np.float64)
        return np.asarray(self.weights[preset, index], dtype=np.float64)

    def of_card(self, values: np.ndarray, preset: IntArray) -> np.ndarray:
        """A per-preset column (retention, maximum interval, step counts...) per card, or
        its one value with one preset."""
        return np.asarray(values[0] if self.single else values[preset])


def decay_of(presets: VecPresets, preset: IntArray) -> FloatArray:
    """w20 per card: the forgetting curve's decay."""
    return np.asarray(presets.weights[preset, 20], dtype=np.float64)


def factor_of(decay: FloatArray) -> FloatArray:
    """F = 0.9^(−1/decay) − 1."""
    return np.power(0.9, -1.0 / decay) - 1.0


def retrievability(
    presets: VecPresets, preset: IntArray, stability: FloatArray, elapsed_days: FloatArray
) -> FloatArray:
    """R = (1 + F·t/S)^(−decay) (elapsed days as given: whole days for py-fsrs's own use)."""
    decay = presets.w(20, preset)
    return np.power(1.0 + factor_of(decay) * np.maximum(elapsed_days, 0.0) / stability, -decay)


def initial_stability(presets: VecPresets, preset: IntArray, rating: IntArray) -> FloatArray:
    """S0 = w[rating − 1]."""
    first = (
        presets.weights[0, rating - 1] if presets.single else presets.weights[preset, rating - 1]
    )
    return np.maximum(first, STABILITY_MIN)


def initial_difficulty(
    presets: VecPresets, preset: IntArray, rating: IntArray | float, *, clamp: bool
) -> FloatArray:
    """D0 = w4 − e^(w5·(rating − 1)) + 1."""
    value = presets.w(4, preset) - np.exp(presets.w(5, preset) * (np.asarray(rating) - 1)) + 1
    result = np.clip(value, MIN_DIFFICULTY, MAX_DIFFICULTY) if clamp else value
    return np.asarray(result, dtype=np.float64)


def next_difficulty(
    presets: VecPresets, preset: IntArray, difficulty: FloatArray, rating: IntArray
) -> FloatArray:
    """Linear damping towards 10, then mean reversion towards D0(Easy)."""
    w7 = presets.w(7, preset)
    delta = -(presets.w(6, preset) * (rating - 3))
    damped = difficulty + (10.0 - difficulty) * delta / 9.0
    easy = initial_difficulty(presets, preset, 4.0, clamp=False)
    return np.clip(w7 * easy + (1 - w7) * damped, MIN_DIFFICULTY, MAX_DIFFICULTY)


def short_term_stability(
    presets: VecPresets, preset: IntArray, stability: FloatArray, rating: IntArray
) -> FloatArray:
    """Same-day review: S · e^(w17·(rating − 3 + w18)) · S^(−w19), not below S on a pass."""
    increase = np.exp(presets.w(17, preset) * (rating - 3 + presets.w(18, preset))) * np.power(
        stability, -presets.w(19, preset)
    )
    increase = np.where(rating >= 2, np.maximum(increase, 1.0), increase)
    return np.asarray(np.maximum(stability * increase, STABILITY_MIN), dtype=np.float64)


def next_stability(
    presets: VecPresets,
    preset: IntArray,
    difficulty: FloatArray,
    stability: FloatArray,
    recall: FloatArray,
    rating: IntArray,
) -> FloatArray:
    """Recall stability on Hard/Good/Easy, forget stability on Again."""
    w = presets.w
    hard = np.where(rating == 2, w(15, preset), 1.0)
    easy = np.where(rating == 4, w(16, preset), 1.0)
    recalled = stability * (
        1
        + np.exp(w(8, preset))
        * (11 - difficulty)
        * np.power(stability, -w(9, preset))
        * (np.exp((1 - recall) * w(10, preset)) - 1)
        * hard
        * easy
    )
    long_term = (
        w(11, preset)
        * np.power(difficulty, -w(12, preset))
        * (np.power(stability + 1, w(13, preset)) - 1)
        * np.exp((1 - recall) * w(14, preset))
    )
    short_term = stability / np.exp(w(17, preset) * w(18, preset))
    forgot = np.minimum(long_term, short_term)
    result = np.maximum(np.where(rating == 1, forgot, recalled), STABILITY_MIN)
    return np.asarray(result, dtype=np.float64)


def next_interval(presets: VecPresets, preset: IntArray, stability: FloatArray) -> FloatArray:
    """Whole days until R falls to the desired retention, in [1, maximum interval]."""
    decay = presets.w(20, preset)
    retention = presets.of_card(presets.retention, preset)
    raw = stability / factor_of(decay) * (np.power(retention, -1.0 / decay) - 1)
    days = np.maximum(np.round(raw), 1.0)
    longest = presets.of_card(presets.max_interval, preset).astype(np.float64)
    return np.asarray(np.minimum(days, longest), dtype=np.float64)


def fuzz_bounds(interval: FloatArray, max_interval: IntArray) -> tuple[FloatArray, FloatArray]:
    """FSRS's fuzz range [low, high] of whole-day intervals (meaningful from 2.5 days)."""
    delta = np.ones_like(interval)
    for start, end, factor in _FUZZ_RANGES:
        delta += factor * np.maximum(np.minimum(interval, end) - start, 0.0)
    high = np.minimum(np.round(interval + delta), np.asarray(max_interval, dtype=np.float64))
    low = np.minimum(np.maximum(2.0, np.round(interval - delta)), high)
    return low, high


def fuzz(interval: FloatArray, max_interval: IntArray, uniform: FloatArray) -> FloatArray:
    """FSRS fuzz of whole-day intervals, with ``uniform`` draws in [0, 1) (one per card)."""
    low, high = fuzz_bounds(interval, max_interval)
    fuzzed = np.minimum(np.floor(uniform * (high - low + 1)) + low, high)
    return np.where(interval < 2.5, interval, fuzzed)


class Balance(Protocol):
    """Chooses fuzzed intervals by the load balancer (``balance.DayCounts``)."""

    def intervals(
        self,
        rows: IntArray,
        interval: FloatArray,
        max_interval: IntArray,
        uniform: FloatArray,
        now: FloatArray,
    ) -> FloatArray:
        """The interval, in days, for cards ``rows`` answered at ``now``."""
        ...

    def moved(
        self,
        rows: IntArray,
        before: tuple[IntArray, FloatArray],
        after: tuple[IntArray, FloatArray],
    ) -> None:
        """Cards ``rows`` went from (state, due) ``before`` to ``after`` (an answer)."""
        ...


@dataclass
class CardArrays:
    """Mutable scheduling columns of a simulation (one row per simulated card)."""

    state: IntArray
    step: IntArray
    stability: FloatArray
    difficulty: FloatArray
    last: FloatArray
    due: FloatArray
    preset: IntArray

    def copy(self) -> CardArrays:
        """An independent copy."""
        return CardArrays(
            self.state.copy(),
            self.step.copy(),
            self.stability.copy(),
            self.difficulty.copy(),
            self.last.copy(),
            self.due.copy(),
            self.preset.copy(),
        )


def _steps_after(
    steps: FloatArray,
    count: IntArray,
    step: IntArray,
    rating: IntArray,
) -> tuple[IntArray, FloatArray, np.ndarray]:
    """Learning-step machine: (new step, interval in days, graduates?) as py-fsrs does it."""
    graduate = (count == 0) | ((step >= count) & (rating >= 2))
    graduate |= rating == 4
    graduate |= (rating == 3) & (step + 1 == count)
    new_step = np.where(rating == 1, 0, np.where(rating == 3, step + 1, step))
    safe = np.clip(new_step, 0, np.maximum(count - 1, 0))
    rows = np.arange(len(step))
    interval = steps[rows, safe]
    first = steps[rows, 0]
    second = steps[rows, np.minimum(1, np.maximum(count - 1, 0))]
    hard_first = np.where(count == 1, first * 1.5, (first + second) / 2.0)
    interval = np.where((rating == 2) & (step == 0), hard_first, interval)
    return new_step, interval, graduate


def _sub(presets: VecPresets, preset: IntArray, rows: IntArray) -> IntArray:
    return preset if presets.single else preset[rows]


def _update_memory(
    presets: VecPresets,
    preset: IntArray,
    s: FloatArray,
    d: FloatArray,
    last: FloatArray,
    now: FloatArray,
    rating: IntArray,
    s_out: FloatArray,
    d_out: FloatArray,
    rows: IntArray,
) -> None:
    """Stability and difficulty after an answer, for cards that have a memory."""
    known = ~np.isnan(last)
    elapsed = elapsed_days(np.floor(np.where(known, last, now)), np.floor(now)).astype(np.float64)
    same_day = known & (elapsed == 0)
    short = np.flatnonzero(same_day)
    if len(short):
        s_out[rows[short]] = short_term_stability(
            presets, _sub(presets, preset, short), s[short], rating[short]
        )
    long = np.flatnonzero(~same_day)
    if len(long):
        p = _sub(presets, preset, long)
        recall = retrievability(presets, p, s[long], elapsed[long])
        s_out[rows[long]] = next_stability(presets, p, d[long], s[long], recall, rating[long])
    d_out[rows] = next_difficulty(presets, preset, d, rating)


def review(
    cards: CardArrays,
    index: IntArray,
    rating: IntArray,
    now: FloatArray,
    presets: VecPresets,
    uniform: FloatArray | None,
    balance: Balance | None = None,
) -> None:
    """Answer cards ``index`` with ``rating`` at times ``now`` (days), in place.

    ``uniform`` holds one [0, 1) draw per card for the interval fuzz (None: no fuzz), which is
    applied, as in pmstudy's scheduler, only to cards that end in the review state; with
    ``balance`` the same draw picks the day by the load balancer (``balance.balanced_days``).
    """
    if len(index) == 0:
        return
    preset = cards.preset[index]
    state = cards.state[index]
    step = cards.step[index]
    s = cards.stability[index]
    d = cards.difficulty[index]
    last = cards.last[index]
    has_memory = np.isfinite(s)
    # Each card takes one of three updates: computing only that one (element by element the
    # same arithmetic) spares two thirds of the exponentials.
    s_new = np.empty(len(index), dtype=np.float64)
    d_new = np.empty(len(index), dtype=np.float64)
    first = np.flatnonzero(~has_memory)
    if len(first):
        rated = rating[first]
        s_new[first] = initial_stability(presets, _sub(presets, preset, first), rated)
        d_new[first] = initial_difficulty(presets, _sub(presets, preset, first), rated, clamp=True)
    known = np.flatnonzero(has_memory)
    if len(known):
        _update_memory(
            presets,
            _sub(presets, preset, known),
            s[known],
            d[known],
            last[known],
            now[known],
            rating[known],
            s_new,
            d_new,
            known,
        )

    new_state = np.empty(len(index), dtype=np.int64)
    new_step = np.empty(len(index), dtype=np.int64)
    interval = np.empty(len(index), dtype=np.float64)
    reviewed = np.flatnonzero(state == REVIEW)
    if len(reviewed):
        p = _sub(presets, preset, reviewed)
        # A lapse goes to relearning step 0 (or stays in review with no relearning steps).
        lapse = (rating[reviewed] == 1) & (presets.of_card(presets.relearning_count, p) > 0)
        new_state[reviewed] = np.where(lapse, RELEARNING, REVIEW)
        new_step[reviewed] = np.where(lapse, 0, -1)
        interval[reviewed] = presets.of_card(presets.relearning_steps[:, 0], p)
    stepping = np.flatnonzero(state != REVIEW)
    if len(stepping):
        p = _sub(presets, preset, stepping)
        before = state[stepping]
        learning = before != RELEARNING
        steps = np.where(
            learning[:, None],
            presets.of_card(presets.learning_steps, p),
            presets.of_card(presets.relearning_steps, p),
        )
        count = np.where(
            learning,
            presets.of_card(presets.learning_count, p),
            presets.of_card(presets.relearning_count, p),
        )
        step0 = np.where(before == NEW, 0, step[stepping])
        after, step_interval, graduate = _steps_after(steps, count, step0, rating[stepping])
        new_state[stepping] = np.where(graduate, REVIEW, np.where(learning, LEARNING, RELEARNING))
        new_step[stepping] = np.where(graduate, -1, after)
        interval[stepping] = step_interval
    # Cards ending in review get the FSRS interval (fuzzed), the others keep their step's.
    ends = np.flatnonzero(new_state == REVIEW)
    if len(ends):
        p = _sub(presets, preset, ends)
        days = next_interval(presets, p, s_new[ends])
        if uniform is not None and balance is not None:
            longest = presets.of_card(presets.max_interval, p)
            days = balance.intervals(index[ends], days, longest, uniform[ends], now[ends])
        elif uniform is not None:
            days = fuzz(days, presets.of_card(presets.max_interval, p), uniform[ends])
        interval[ends] = days
    due_before = cards.due[index]
    cards.state[index] = new_state
    cards.step[index] = new_step
    cards.stability[index] = s_new
    cards.difficulty[index] = d_new
    cards.last[index] = now
    cards.due[index] = now + interval
    if balance is not None:
        balance.moved(index, (state, due_before), (new_state, cards.due[index]))
