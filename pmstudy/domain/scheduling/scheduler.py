"""FSRS scheduling, pure: py-fsrs does the maths, this module owns time and randomness.

py-fsrs draws its interval fuzz from the global ``random`` module, so we run it with fuzzing
off and apply the same fuzz ranges ourselves from an injected ``random.Random``.  The service
seeds that generator from (collection seed, card id, review count), which makes every interval
reproducible: replaying a card's review log gives exactly its stored state.

py-fsrs counts the time since the last review in real 24-hour days. pmstudy counts it in study
days (``pmstudy.domain.scheduling.days``: the study-day rule, one rule for every path that computes
memory), so py-fsrs is handed a last review that lies exactly that many whole days back: its
same-day test and its R then see study days, and the card keeps its real last review.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

import fsrs

from pmstudy.domain.model import (
    CardState,
    Memory,
    Preset,
    Rating,
    ReviewEntry,
    ReviewKind,
    require_utc,
)
from pmstudy.domain.scheduling.days import DayClock

if TYPE_CHECKING:
    from pmstudy.domain.scheduling.balance import DueLoads

DEFAULT_PARAMETERS: tuple[float, ...] = tuple(fsrs.scheduler.DEFAULT_PARAMETERS)

# The longest interval the load balancer places (``balance``); longer ones are fuzzed only.
MAX_BALANCED_DAYS = 90
# (start, end, factor): FSRS's fuzz ranges, in days.
_FUZZ_RANGES = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, math.inf, 0.05))

_TO_FSRS_STATE = {
    CardState.LEARNING: fsrs.State.Learning,
    CardState.REVIEW: fsrs.State.Review,
    CardState.RELEARNING: fsrs.State.Relearning,
}
_FROM_FSRS_STATE = {value: key for key, value in _TO_FSRS_STATE.items()}


def fuzz_rng(seed: int, card_id: int, reps: int) -> random.Random:
    """The generator for one answer's fuzz: seeded, so replays give the same intervals."""
    return random.Random(f"{seed}:{card_id}:{reps}")


def fuzz_bounds(interval_days: int, max_interval: int) -> tuple[int, int]:
    """FSRS's fuzz range [low, high] of an interval of 2.5 days or more."""
    delta = 1.0
    for start, end, factor in _FUZZ_RANGES:
        delta += factor * max(min(float(interval_days), end) - start, 0.0)
    high = min(round(interval_days + delta), max_interval)
    return min(max(2, round(interval_days - delta)), high), high


def fuzz_days(
    interval_days: int, max_interval: int, rng: random.Random, balance: DueLoads | None = None
) -> int:
    """Spread an interval over FSRS's fuzz range (intervals under 2.5 days stay as they are);
    with ``balance``, the load balancer picks the day with the same draw."""
    if interval_days < 2.5:
        return interval_days
    low, high = fuzz_bounds(interval_days, max_interval)
    uniform = rng.random()
    if balance is not None and interval_days <= balance.max_days:
        return balance.pick(low, high, uniform)
    # Uniform over [low, high] (py-fsrs rounds here, which can overshoot high by one day).
    return min(int(uniform * (high - low + 1)) + low, high)


def review_kind(state: CardState) -> ReviewKind:
    """The log kind of an answer given in ``state``."""
    if state in (CardState.NEW, CardState.LEARNING):
        return ReviewKind.LEARN
    if state == CardState.RELEARNING:
        return ReviewKind.RELEARN
    return ReviewKind.REVIEW


@dataclass(frozen=True, slots=True)
class Scheduler:
    """FSRS with a preset's parameters, retention, steps and maximum interval.

    ``days`` is the learner's study day (time zone, rollover hour): answers on the same study
    day take the short-term formula. Replaying a log needs the clock it was answered under.
    """

    preset: Preset
    days: DayClock = field(default_factory=DayClock)

    @property
    def parameters(self) -> tuple[float, ...]:
        """The FSRS parameters in force (the preset's own, else the defaults)."""
        return self.preset.fsrs_params or DEFAULT_PARAMETERS

    def _fsrs(self) -> fsrs.Scheduler:
        return _fsrs_for(self.preset)

    def review(
        self,
        memory: Memory,
        rating: Rating,
        *,
        now: dt.datetime,
        rng: random.Random | None,
        balance: DueLoads | None = None,
    ) -> Memory:
        """The memory after answering ``rating`` at ``now``; ``rng`` None means no fuzz;
        ``balance`` (the cards due around, the calendar) has the load balancer pick the day."""
        if rating == Rating.MANUAL:
            raise ValueError("a manual entry is not an answer")
        now = require_utc(now, "now")
        card = _to_fsrs(memory, now, self.days)
        reviewed, _ = self._fsrs().review_card(card, fsrs.Rating(int(rating)), now)
        state = _FROM_FSRS_STATE[reviewed.state]
        due = reviewed.due
        if rng is not None and state == CardState.REVIEW:
            days = round((due - now) / dt.timedelta(days=1))
            fuzzed = fuzz_days(days, self.preset.max_interval_days, rng, balance)
            due = now + dt.timedelta(days=fuzzed)
        lapsed = memory.state == CardState.REVIEW and rating == Rating.AGAIN
        return Memory(
            state=state,
            step=reviewed.step,
            stability=reviewed.stability,
            difficulty=reviewed.difficulty,
            due=due,
            last_review=now,
            reps=memory.reps + 1,
            lapses=memory.lapses + (1 if lapsed else 0),
        )

    def preview(
        self,
        memory: Memory,
        *,
        now: dt.datetime,
        seed: int | None,
        card_id: int,
        balance: DueLoads | None = None,
    ) -> dict[Rating, dt.timedelta]:
        """The interval each answer would give now (with the same fuzz, and balance, the
        answer will get)."""
        result = {}
        for rating in (Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY):
            rng = None if seed is None else fuzz_rng(seed, card_id, memory.reps)
            after = self.review(memory, rating, now=now, rng=rng, balance=balance)
            assert after.due is not None
            result[rating] = after.due - require_utc(now)
        return result

    def retrievability(self, memory: Memory, at: dt.datetime) -> float:
        """Probability of recall at ``at`` (0 for a card never reviewed)."""
        return retrievability(memory, at, self.parameters)


def retrievability(memory: Memory, at: dt.datetime, parameters: tuple[float, ...]) -> float:
    """FSRS forgetting curve R = (1 + F·t/S)^(−w20), t in (fractional) days since last review."""
    if memory.last_review is None or not memory.stability:
        return 0.0
    decay = -parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    elapsed = max(0.0, (at - memory.last_review) / dt.timedelta(days=1))
    return float((1 + factor * elapsed / memory.stability) ** decay)


@lru_cache(maxsize=64)
def _fsrs_for(preset: Preset) -> fsrs.Scheduler:
    """py-fsrs scheduler for a preset (built once: construction validates every parameter).

    Safe to share: ``review_card`` copies the card and never mutates the scheduler.
    """
    return fsrs.Scheduler(
        parameters=preset.fsrs_params or DEFAULT_PARAMETERS,
        desired_retention=preset.desired_retention,
        learning_steps=tuple(dt.timedelta(seconds=s) for s in preset.learning_steps),
        relearning_steps=tuple(dt.timedelta(seconds=s) for s in preset.relearning_steps),
        maximum_interval=preset.max_interval_days,
        enable_fuzzing=False,
    )


def _to_fsrs(memory: Memory, now: dt.datetime, days: DayClock) -> fsrs.Card:
    if memory.state == CardState.NEW:
        return fsrs.Card(card_id=1, state=fsrs.State.Learning, step=0, due=now)
    # py-fsrs reads (now - last_review).days: make that the study-day count.
    last_review = memory.last_review
    if last_review is not None:
        last_review = now - dt.timedelta(days=days.elapsed_days(last_review, now))
    return fsrs.Card(
        card_id=1,
        state=_TO_FSRS_STATE[memory.state],
        step=memory.step,
        stability=memory.stability,
        difficulty=memory.difficulty,
        due=memory.due or now,
        last_review=last_review,
    )


def replay(
    scheduler: Scheduler, card_id: int, entries: Iterable[ReviewEntry], *, seed: int | None
) -> Memory:
    """A card's memory from its review log alone (answers replayed; manual rows restored)."""
    memory = Memory()
    for entry in sorted(entries, key=lambda e: e.answered_at):
        if entry.rating == Rating.MANUAL:
            memory = replace(entry.after)
            continue
        rng = None if seed is None else fuzz_rng(seed, card_id, memory.reps)
        memory = scheduler.review(memory, entry.rating, now=entry.answered_at, rng=rng)
    return memory
