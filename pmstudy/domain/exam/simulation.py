"""'If you follow the plan': a seeded Monte Carlo simulation of the days up to the exam.

Every simulated day, at the learner's usual time of day, is ``pmstudy.domain.scheduling.day_loop``'s
study day: due reviews, the plan's new cards for the day, then learning steps. With exam mode
on, the exam-mode rule (``pmstudy.domain.exam.exam_mode``) then moves reviews that would jump past
the exam with recall short of the target.

The FSRS updates are ``pmstudy.domain.scheduling.fsrs_vec`` (py-fsrs's formulas on arrays).
Independent runs are stacked in one set of arrays, so small collections get many runs and large ones
few; the reported value is the mean over runs, with its standard error.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pmstudy.domain.exam.cardtable import (
    SECONDS_PER_DAY,
    CardTable,
    FloatArray,
    Groups,
    IntArray,
    Membership,
)
from pmstudy.domain.exam.exam_mode import choose_day, window
from pmstudy.domain.exam.final_pass import final_window, spread
from pmstudy.domain.exam.readiness import group_sums, recall_after
from pmstudy.domain.scheduling import (
    NEW,
    REVIEW,
    CardArrays,
    DayCounts,
    DayLoop,
    LearnerProfile,
    VecPresets,
    day_loads,
    decay_of,
)

# Runs are added until this many card-runs are simulated (one run for 20,000+ cards).
CARD_RUNS = 20_000
MAX_RUNS = 4_000


@dataclass(frozen=True)
class ExamModeSim:
    """Exam-mode settings for the simulation."""

    target: float
    window_days: int
    capacity: int


@dataclass(frozen=True)
class SimulationSetup:
    """When and what to simulate. Instants are epoch seconds; days count from today (0)."""

    origin_ts: float
    now_ts: float
    exam_ts: float
    exam_day: int
    new_per_day: tuple[int, ...]
    learner: LearnerProfile
    exam_mode: ExamModeSim | None = None
    # the goal's final pass: every card seen in the last N days (None: off)
    final_pass_days: int | None = None
    # days (counted from today) without study: the calendar's breaks (load 0)
    breaks: frozenset[int] = frozenset()
    # the load balancer, as live answers use it: each preset's day loads from today, in the
    # card table's preset order (easy weekdays and specific dates); None: fuzz only (off)
    loads: tuple[tuple[float, ...], ...] | None = None


@dataclass(frozen=True)
class SimulationResult:
    """Mean outcomes over the runs."""

    runs: int
    domain_recall: FloatArray
    task_recall: FloatArray
    overall: float
    stderr: float
    card_recall: FloatArray
    new_per_day: FloatArray
    reviews_per_day: FloatArray
    steps_per_day: FloatArray
    moved_by_exam_mode: float
    moved_by_final_pass: float = 0.0

    @property
    def answers_per_day(self) -> FloatArray:
        """First answers, reviews and learning-step answers, per day."""
        return self.new_per_day + self.reviews_per_day + self.steps_per_day

    @property
    def answers_total(self) -> float:
        """All answers up to the exam (mean per run)."""
        return float(self.answers_per_day.sum())


def runs_for(cards: int) -> int:
    """How many runs: enough that runs × cards reaches CARD_RUNS."""
    return max(1, min(MAX_RUNS, math.ceil(CARD_RUNS / max(cards, 1))))


def introduction_days(table: CardTable, new_per_day: Sequence[int]) -> IntArray:
    """Day each card is introduced (new cards in queue order); -1 for none."""
    days = np.full(len(table), -1, dtype=np.int64)
    fresh = np.flatnonzero((table.state == NEW) & ~table.suspended)
    if len(fresh) == 0 or not new_per_day:
        return days
    order = fresh[np.lexsort((table.ids[fresh], table.position[fresh]))]
    cumulative = np.cumsum(np.asarray(new_per_day, dtype=np.int64))
    ranks = np.arange(len(order))
    day = np.searchsorted(cumulative, ranks, side="right")
    introduced = day < len(new_per_day)
    days[order[introduced]] = day[introduced]
    return days


def _group_means_by_run(
    recall: FloatArray, cards: IntArray, groups: IntArray, size: int, runs: int, n: int
) -> FloatArray:
    """(runs, size) means of per-run recall over each group's cards."""
    if size == 0:
        return np.zeros((runs, 0))
    counts = np.bincount(groups, minlength=size).astype(np.float64)
    offsets = np.repeat(np.arange(runs, dtype=np.int64), len(cards))
    flat_cards = np.tile(cards, runs) + offsets * n
    flat_groups = np.tile(groups, runs) + offsets * size
    sums = group_sums(flat_groups, recall[flat_cards], runs * size).reshape(runs, size)
    return np.divide(sums, counts, out=np.zeros_like(sums), where=counts > 0)


def _day_counts(
    cards: CardArrays, loads: Sequence[Sequence[float]], runs: int, n: int, days: int
) -> DayCounts:
    """The balancer's counts for stacked runs: each run's cards of each preset apart."""
    presets = len(loads)
    per_preset = np.stack([day_loads(list(one), days) for one in loads])
    run = np.arange(runs * n, dtype=np.int64) // max(n, 1)
    return DayCounts(
        run * presets + cards.preset, np.tile(per_preset, (runs, 1)), cards.state, cards.due
    )


class _Run(DayLoop):
    """The mutable state of one simulation (all runs stacked)."""

    def __init__(
        self,
        table: CardTable,
        setup: SimulationSetup,
        runs: int,
        rng: np.random.Generator,
    ) -> None:
        self.setup = setup
        self.learner = setup.learner
        self.rng = rng
        self.runs = runs
        self.n = len(table)
        self.presets = VecPresets.of(table.presets)
        origin = setup.origin_ts
        self.cards = CardArrays(
            state=np.tile(table.state, runs),
            step=np.tile(table.step, runs),
            stability=np.tile(table.stability, runs),
            difficulty=np.tile(table.difficulty, runs),
            last=np.tile((table.last_review - origin) / SECONDS_PER_DAY, runs),
            due=np.tile((table.due - origin) / SECONDS_PER_DAY, runs),
            preset=np.tile(table.preset, runs),
        )
        self.active = np.tile(~table.suspended, runs)
        self.decay = decay_of(self.presets, self.cards.preset)
        # One preset: one decay for every card (the same arithmetic, without gathering).
        self.one_decay = float(self.presets.weights[0, 20]) if self.presets.single else None
        self.intro = np.tile(introduction_days(table, setup.new_per_day), runs)
        self.offset = max(0.0, (setup.now_ts - origin) / SECONDS_PER_DAY)
        self.exam_t = (setup.exam_ts - origin) / SECONDS_PER_DAY
        days = max(setup.exam_day, 0)
        self.new = np.zeros(days)
        self.reviews = np.zeros(days)
        self.steps = np.zeros(days)
        self.moved = 0
        self.final_moved = 0
        if setup.loads is not None:
            self.balance = _day_counts(self.cards, setup.loads, runs, self.n, days)

    def _uniforms(self, index: IntArray, stream: int) -> FloatArray:
        # One generator drawn in turn: the order of the draws is the stream.
        return self.rng.random(len(index))

    def _tally(self, counts: FloatArray, k: int, index: IntArray) -> None:
        counts[k] += len(index)

    def _decay(self, rows: IntArray) -> FloatArray | float:
        return self.decay[rows] if self.one_decay is None else self.one_decay

    def day(self, k: int) -> None:
        """A break day has no answers: its due cards wait for the next study day."""
        if k in self.setup.breaks:
            self._day_ended(k, k + self.offset)
            return
        super().day(k)

    def _day_ended(self, k: int, t: float) -> None:
        if self.setup.exam_mode is not None:
            self._exam_mode(k, t)
        if self.setup.final_pass_days:
            self._final_pass(k, self.setup.final_pass_days)

    def _final_pass(self, k: int, days: int) -> None:
        """Before the final pass begins, reviews due on or after the exam day go into it, to
        the least loaded days of each run (domain/exam/final_pass.py)."""
        cards = self.cards
        exam_day = self.setup.exam_day
        first, last = final_window(exam_day, days)
        if k >= first or first > last:
            return
        review = self.active & (cards.state == REVIEW)
        moving = np.flatnonzero(review & (cards.due >= exam_day))
        if len(moving) == 0:
            return
        where = np.flatnonzero(review & (cards.due >= first) & (cards.due < last + 1))
        width = last - first + 1
        closed = {day - first for day in self.setup.breaks if first <= day <= last}
        slots = (where // self.n) * width + (np.floor(cards.due[where]).astype(np.int64) - first)
        counts = np.bincount(slots, minlength=self.runs * width).reshape(self.runs, width)
        runs_of = moving // self.n
        for run in np.unique(runs_of).tolist():
            cards_of_run = moving[runs_of == run]
            per_day = spread(counts[run].tolist(), len(cards_of_run), closed)
            days_of = np.repeat(np.arange(first, last + 1, dtype=np.float64), per_day)
            cards.due[cards_of_run] = days_of
        self.final_moved += len(moving)

    def _exam_mode(self, k: int, t: float) -> None:
        mode = self.setup.exam_mode
        assert mode is not None
        cards = self.cards
        exam_day = self.setup.exam_day
        first, last = window(k, exam_day, mode.window_days)
        if first > last:
            return
        # Day 0 also takes the cards answered before today: the service applies the rule to
        # them when exam mode is switched on (ExamService.reschedule_for_exam).
        recent = cards.last >= k if k else np.ones(len(cards.last), dtype=np.bool_)
        answered = np.flatnonzero(
            self.active & (cards.state == REVIEW) & recent & (cards.due >= exam_day)
        )
        if len(answered) == 0:
            return
        recall = recall_after(
            cards.stability[answered], self.exam_t - cards.last[answered], self._decay(answered)
        )
        moving = answered[recall < mode.target]
        if len(moving) == 0:
            return
        in_window = (
            self.active & (cards.state == REVIEW) & (cards.due >= first) & (cards.due < last + 1)
        )
        where = np.flatnonzero(in_window)
        width = last - first + 1
        slots = (where // self.n) * width + (np.floor(cards.due[where]).astype(np.int64) - first)
        counts = np.bincount(slots, minlength=self.runs * width).reshape(self.runs, width)
        loads: dict[int, dict[int, int]] = {}
        for run in np.unique(moving // self.n).tolist():
            loads[run] = {first + i: int(c) for i, c in enumerate(counts[run].tolist()) if c}
        for card in moving.tolist():
            load = loads[card // self.n]
            chosen = choose_day(load, first, last, mode.capacity, self.setup.breaks)
            if chosen is None:
                continue
            load[chosen] = load.get(chosen, 0) + 1
            cards.due[card] = float(chosen)
            self.moved += 1

    def final_recall(self) -> FloatArray:
        cards = self.cards
        return recall_after(cards.stability, self.exam_t - cards.last, self.decay)


def simulate(
    table: CardTable,
    groups: Groups,
    member: Membership,
    weights: Sequence[float],
    setup: SimulationSetup,
    rng: np.random.Generator,
    *,
    runs: int | None = None,
) -> SimulationResult:
    """Simulate following the plan up to the exam; mean recall per domain and task at the exam."""
    n = len(table)
    runs = runs or runs_for(n)
    sim = _Run(table, setup, runs, rng)
    sim.run(max(setup.exam_day, 0))
    recall = sim.final_recall()
    domains = _group_means_by_run(
        recall, member.domain_cards, member.domain_groups, len(groups.domains), runs, n
    )
    tasks = _group_means_by_run(
        recall, member.task_cards, member.task_groups, len(groups.tasks), runs, n
    )
    w = np.asarray(weights, dtype=np.float64)
    total = float(w.sum()) or 1.0
    overall_runs = domains @ w / total if len(w) else np.zeros(runs)
    if runs > 1:
        stderr = float(np.std(overall_runs, ddof=1) / math.sqrt(runs))
    else:
        stderr = _single_run_stderr(recall, member, len(groups.domains), w / total)
    return SimulationResult(
        runs=runs,
        domain_recall=domains.mean(axis=0),
        task_recall=tasks.mean(axis=0),
        overall=float(overall_runs.mean()) if len(overall_runs) else 0.0,
        stderr=stderr,
        card_recall=recall.reshape(runs, n).mean(axis=0) if n else np.zeros(0),
        new_per_day=sim.new / runs,
        reviews_per_day=sim.reviews / runs,
        steps_per_day=sim.steps / runs,
        moved_by_exam_mode=sim.moved / runs,
        moved_by_final_pass=sim.final_moved / runs,
    )


def _single_run_stderr(
    recall: FloatArray, member: Membership, size: int, shares: FloatArray
) -> float:
    """An upper bound from one run: the spread of recall between cards of a domain.

    Cards are independent given the plan, so the run-to-run variance of a domain's mean is the
    sum of each card's own variance over n²; the spread between cards bounds it from above.
    """
    if size == 0 or len(member.domain_cards) == 0:
        return 0.0
    values = recall[member.domain_cards]
    counts = np.bincount(member.domain_groups, minlength=size).astype(np.float64)
    sums = group_sums(member.domain_groups, values, size)
    squares = group_sums(member.domain_groups, values * values, size)
    safe = np.maximum(counts, 1.0)
    variance = np.maximum(squares / safe - (sums / safe) ** 2, 0.0)
    return float(np.sqrt(np.sum(shares**2 * variance / safe)))
