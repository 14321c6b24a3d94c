"""Workload simulator: reviews, minutes and cards memorised per day, and retention advice.

Like Anki's FSRS simulator: starting from the learner's cards as they are today, every day is
``pmstudy.domain.scheduling.day_loop``'s study day, with the due reviews cut at the daily review
limit (most overdue first) and ``new_per_day`` new cards; "memorised" is then the sum of every
card's recall at the end of the day (Anki's definition).

Minutes are answers × the learner's own seconds per answer. The FSRS updates are
``pmstudy.domain.scheduling.fsrs_vec`` (py-fsrs's formulas on arrays, checked against py-fsrs).

Random numbers are counter-based (card × answer number), so one card meets the same luck at
every desired retention: comparing retentions (``retention_advice``) then measures the
retention, not the dice. The advice minimises minutes per memorised card over 0.70–0.95 and
is only advice: nothing is applied.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from pmstudy.domain.exam import FloatArray, IntArray, recall_after
from pmstudy.domain.model import Preset
from pmstudy.domain.scheduling.balance import DayCounts, day_loads
from pmstudy.domain.scheduling.day_loop import DayLoop
from pmstudy.domain.scheduling.fsrs_vec import NEW, CardArrays, VecPresets, decay_of
from pmstudy.domain.scheduling.learner import LearnerProfile

ADVICE_GRID: tuple[float, ...] = tuple(round(0.70 + 0.01 * i, 2) for i in range(26))
_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)


@dataclass(frozen=True)
class WorkloadSetup:
    """What to simulate: days, new cards per day (and how many exist), limits, the learner.

    Day 0 is today's study day and times count days from its start (``fsrs_vec``'s axis: an
    instant's study day is floor(t)); each day's answers are given ``time_of_day`` days after
    the day starts (now's time of day, for today).
    """

    days: int
    new_per_day: int
    new_cards: int
    learner: LearnerProfile
    max_reviews_per_day: int | None = None
    seed: int = 0
    time_of_day: float = 0.0
    # The load balancer, as live answers use it: each day's load from today (days past the
    # end are normal); None: intervals are fuzzed only (the balancer is off).
    loads: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.days <= 3650:
            raise ValueError("days to simulate must lie between 1 and 3650")
        if not 0.0 <= self.time_of_day < 1.0:
            raise ValueError("the time of day lies in [0, 1) days")
        if self.new_per_day < 0 or self.new_cards < 0:
            raise ValueError("new cards cannot be negative")
        if self.max_reviews_per_day is not None and self.max_reviews_per_day < 0:
            raise ValueError("the review limit cannot be negative")


@dataclass(frozen=True)
class WorkloadResult:
    """Per simulated day (index 0 = today): answers, minutes, cards memorised at day end."""

    retention: float
    reviews: FloatArray
    new: FloatArray
    steps: FloatArray
    minutes: FloatArray
    memorised: FloatArray

    @property
    def answers(self) -> FloatArray:
        """All answers per day."""
        return self.reviews + self.new + self.steps

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form (rounded)."""
        return {
            "retention": self.retention,
            "total_minutes": round(float(self.minutes.sum()), 1),
            "total_reviews": int(self.reviews.sum()),
            "memorised_at_end": round(float(self.memorised[-1]), 1) if len(self.memorised) else 0,
            "days": [
                {
                    "day": day,
                    "reviews": int(self.reviews[day]),
                    "new": int(self.new[day]),
                    "learning_steps": int(self.steps[day]),
                    "minutes": round(float(self.minutes[day]), 1),
                    "memorised": round(float(self.memorised[day]), 1),
                }
                for day in range(len(self.reviews))
            ],
        }


@dataclass(frozen=True)
class RetentionAdvice:
    """Minutes per memorised card at each desired retention on the grid; the best one."""

    grid: tuple[float, ...]
    minutes: tuple[float, ...]
    memorised: tuple[float, ...]
    best: float | None

    def minutes_per_card(self) -> tuple[float | None, ...]:
        """Minutes spent per memorised card at each grid retention (None: nothing memorised)."""
        return tuple(
            m / c if c > 0 else None for m, c in zip(self.minutes, self.memorised, strict=True)
        )

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "best_retention": self.best,
            "grid": [
                {
                    "retention": r,
                    "minutes": round(m, 1),
                    "memorised": round(c, 1),
                    "minutes_per_memorised": None if per is None else round(per, 4),
                }
                for r, m, c, per in zip(
                    self.grid, self.minutes, self.memorised, self.minutes_per_card(), strict=True
                )
            ],
        }


def _uniform(key: IntArray, counter: IntArray, stream: int) -> FloatArray:
    """Counter-based uniforms in [0, 1): splitmix64 of (key, counter, stream)."""
    with np.errstate(over="ignore"):
        x = (
            key.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
            + counter.astype(np.uint64) * np.uint64(0xBF58476D1CE4E5B9)
            + np.uint64(stream) * np.uint64(0x94D049BB133111EB)
        ) & _MASK64
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        x = x ^ (x >> np.uint64(31))
    return np.asarray((x >> np.uint64(11)).astype(np.float64) / float(1 << 53), dtype=np.float64)


class _Simulation(DayLoop):
    """All variants (one desired retention each) stacked in one set of arrays.

    ``track``: count cards memorised every day (False: only on the last day).
    """

    def __init__(
        self,
        start: CardArrays,
        preset: Preset,
        retentions: Sequence[float],
        setup: WorkloadSetup,
        *,
        track: bool,
    ) -> None:
        self.setup = setup
        self.learner = setup.learner
        self.offset = setup.time_of_day
        self.active = None
        self.track = track
        variants = len(retentions)
        fresh = setup.new_cards
        base = len(start.state)
        per_variant = base + fresh
        self.per_variant = per_variant
        self.variants = variants
        self.presets = VecPresets.of([replace(preset, desired_retention=r) for r in retentions])

        def stacked(existing: np.ndarray, new_value: float | int, dtype: type) -> np.ndarray:
            one = np.concatenate([existing.astype(dtype), np.full(fresh, new_value, dtype=dtype)])
            return np.tile(one, variants)

        self.cards = CardArrays(
            state=stacked(start.state, NEW, np.int64),
            step=stacked(start.step, -1, np.int64),
            stability=stacked(start.stability, np.nan, np.float64),
            difficulty=stacked(start.difficulty, np.nan, np.float64),
            last=stacked(start.last, np.nan, np.float64),
            due=stacked(start.due, np.inf, np.float64),
            preset=np.repeat(np.arange(variants, dtype=np.int64), per_variant),
        )
        # Existing new cards are not introduced (only the ``new_cards`` pool is).
        self.cards.due[self.cards.state == NEW] = np.inf
        self.variant = self.cards.preset
        self.key = np.tile(np.arange(per_variant, dtype=np.int64), variants) + setup.seed * 7919
        self.count = np.zeros(len(self.variant), dtype=np.int64)
        intro_one = np.full(per_variant, -1, dtype=np.int64)
        if setup.new_per_day > 0 and fresh:
            order = np.arange(fresh, dtype=np.int64) // setup.new_per_day
            intro_one[base:] = np.where(order < setup.days, order, -1)
        self.intro = np.tile(intro_one, variants)
        self.decay = decay_of(self.presets, self.cards.preset)
        if setup.loads is not None:
            self.balance = DayCounts(
                self.variant,
                np.tile(day_loads(setup.loads, setup.days), (variants, 1)),
                self.cards.state,
                self.cards.due,
            )
        shape = (variants, setup.days)
        self.reviews = np.zeros(shape)
        self.new = np.zeros(shape)
        self.steps = np.zeros(shape)
        self.memorised = np.zeros(shape)

    def _uniforms(self, index: IntArray, stream: int) -> FloatArray:
        return _uniform(self.key[index], self.count[index], stream)

    def _answer(self, index: IntArray, rating: IntArray, at: FloatArray) -> None:
        super()._answer(index, rating, at)
        # The next answer to these cards takes the next numbers of their streams.
        self.count[index] += 1

    def _tally(self, counts: FloatArray, k: int, index: IntArray) -> None:
        counts[:, k] += np.bincount(self.variant[index], minlength=self.variants)

    def _limited(self, due: IntArray) -> IntArray:
        limit = self.setup.max_reviews_per_day
        if limit is None or len(due) == 0:
            return due
        order = np.lexsort((self.cards.due[due], self.variant[due]))
        due = due[order]
        variant = self.variant[due]
        group_start = np.searchsorted(variant, variant, side="left")
        rank = np.arange(len(due)) - group_start
        return due[rank < limit]

    def _day_ended(self, k: int, t: float) -> None:
        if self.track or k == self.setup.days - 1:
            recall = recall_after(self.cards.stability, k + 1.0 - self.cards.last, self.decay)
            self.memorised[:, k] = np.bincount(
                self.variant, weights=recall, minlength=self.variants
            )

    def minutes(self) -> FloatArray:
        answers = self.reviews + self.new + self.steps
        return np.asarray(answers * self.setup.learner.seconds_per_answer / 60.0)


def simulate_workload(
    start: CardArrays, preset: Preset, retention: float, setup: WorkloadSetup
) -> WorkloadResult:
    """Simulate ``setup.days`` days at ``retention`` (times in ``start``: days from the start
    of today's study day)."""
    if not 0.5 <= retention <= 0.99:
        raise ValueError("desired retention must lie between 0.50 and 0.99")
    sim = _Simulation(start, preset, [retention], setup, track=True)
    sim.run(setup.days)
    return WorkloadResult(
        retention=retention,
        reviews=sim.reviews[0],
        new=sim.new[0],
        steps=sim.steps[0],
        minutes=sim.minutes()[0],
        memorised=sim.memorised[0],
    )


def retention_advice(
    start: CardArrays,
    preset: Preset,
    setup: WorkloadSetup,
    grid: Sequence[float] = ADVICE_GRID,
) -> RetentionAdvice:
    """The desired retention on ``grid`` with the fewest minutes per memorised card."""
    sim = _Simulation(start, preset, grid, setup, track=False)
    sim.run(setup.days)
    minutes = sim.minutes().sum(axis=1)
    memorised = sim.memorised[:, -1]
    cost = np.where(memorised > 0, minutes / np.maximum(memorised, 1e-9), np.inf)
    best = (
        None
        if not np.isfinite(cost).any() or minutes.sum() == 0
        else float(grid[int(np.argmin(cost))])
    )
    return RetentionAdvice(
        grid=tuple(float(r) for r in grid),
        minutes=tuple(float(m) for m in minutes),
        memorised=tuple(float(c) for c in memorised),
        best=best,
    )
