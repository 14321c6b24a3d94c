"""Rescheduling after FSRS parameters or desired retention change (pure, NumPy).

For every card with a history, the memory (stability, difficulty) is recomputed by replaying its
answers with the preset's new parameters, exactly as py-fsrs would have scheduled them
(``pmstudy.domain.scheduling.fsrs_vec``: the same formulas, on arrays). Review cards then get a new
due date: their last review plus the interval the new stability gives at the desired retention, with
the same seeded fuzz the study session applies (so the result is reproducible).

The replay follows the study-day rule (``pmstudy.domain.scheduling.days``) as live answers do: each
answer is placed on its study day, so answers on one study day take the short-term formula. It also
follows the log rules of the training data: a manual row that sets the card back to new starts the
history afresh; other manual rows and mock-exam rows are skipped. A card whose history does not
start with a first learning answer (an import without it) keeps its memory: its answers alone cannot
rebuild it. Learning and relearning cards keep their step's due date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pmstudy.domain.exam import BoolArray, FloatArray, IntArray
from pmstudy.domain.model import CardState, Preset
from pmstudy.domain.scheduling.days import DayClock
from pmstudy.domain.scheduling.fsrs_vec import REVIEW, CardArrays, VecPresets, next_interval, review
from pmstudy.domain.scheduling.scheduler import fuzz_days, fuzz_rng
from pmstudy.domain.scheduling.training import MANUAL, MOCK_EXAM, LogColumns, study_days

SECONDS_PER_DAY = 86_400.0
FORECAST_DAYS = 30


@dataclass(frozen=True)
class CardColumns:
    """The cards to reschedule, column-wise: instants in epoch seconds (NaN none), step -1 none."""

    ids: IntArray
    state: IntArray
    step: IntArray
    stability: FloatArray
    difficulty: FloatArray
    due: FloatArray
    last: FloatArray
    reps: IntArray
    preset: IntArray
    suspended: BoolArray

    def __len__(self) -> int:
        return int(self.ids.shape[0])


@dataclass(frozen=True)
class ReschedulePlan:
    """What rescheduling would change.

    ``changed`` indexes the rows of the CardColumns whose memory or due date changes; the new
    values are given for every row (unchanged rows keep their old values).
    """

    changed: IntArray
    stability: FloatArray
    difficulty: FloatArray
    due: FloatArray
    considered: int
    replayed: int
    moving: int
    earlier: int
    later: int
    forecast_before: tuple[int, ...]
    forecast_after: tuple[int, ...]

    def as_dict(self) -> dict[str, object]:
        """JSON-ready summary."""
        return {
            "cards_considered": self.considered,
            "memory_recomputed": self.replayed,
            "cards_changed": len(self.changed),
            "cards_moving": self.moving,
            "earlier": self.earlier,
            "later": self.later,
            "forecast_before": list(self.forecast_before),
            "forecast_after": list(self.forecast_after),
        }


def _answers(
    cards: CardColumns, log: LogColumns
) -> tuple[IntArray, IntArray, FloatArray, BoolArray]:
    """Per answer kept for replay: card row, rating, instant; and which rows replay fully."""
    n = len(log)
    order = np.argsort(cards.ids, kind="stable")
    sorted_ids = cards.ids[order]
    spot = np.searchsorted(sorted_ids, log.card)
    spot = np.minimum(spot, max(len(cards) - 1, 0))
    known = (sorted_ids[spot] == log.card) if len(cards) else np.zeros(n, dtype=np.bool_)
    row = order[spot]
    index = np.arange(n, dtype=np.int64)
    reset = known & (log.rating == 0) & (log.state_after == int(CardState.NEW))
    last_reset = np.full(len(cards), -1, dtype=np.int64)
    np.maximum.at(last_reset, row[reset], index[reset])
    answer = (
        known
        & (log.rating >= 1)
        & (log.rating <= 4)
        & (log.kind != MANUAL)
        & (log.kind != MOCK_EXAM)
        & (index > last_reset[row])
    )
    rows = row[answer]
    first = np.ones(len(rows), dtype=np.bool_)
    first[1:] = rows[1:] != rows[:-1]
    complete = np.zeros(len(cards), dtype=np.bool_)
    complete[rows[first]] = log.state_before[answer][first] == int(CardState.NEW)
    return rows, log.rating[answer], log.at[answer], complete


def recompute_memory(
    cards: CardColumns, log: LogColumns, presets: Sequence[Preset], days: DayClock
) -> tuple[FloatArray, FloatArray, BoolArray]:
    """(stability, difficulty, replayed) for every card: replayed rows get the new memory.

    ``days`` is the learner's study day, as the answers were given under it.
    """
    rows, rating, at, complete = _answers(cards, log)
    keep = complete[rows]
    rows, rating, at = rows[keep], rating[keep], at[keep]
    stability = cards.stability.copy()
    difficulty = cards.difficulty.copy()
    if len(rows) == 0:
        return stability, difficulty, complete
    # fsrs_vec reads an answer's study day as floor(t): each answer at its study day's number.
    day = study_days(at, days)
    axis = (day - day.min()).astype(np.float64)
    n = len(cards)
    arrays = CardArrays(
        state=np.zeros(n, dtype=np.int64),
        step=np.full(n, -1, dtype=np.int64),
        stability=np.full(n, np.nan),
        difficulty=np.full(n, np.nan),
        last=np.full(n, np.nan),
        due=np.zeros(n),
        preset=cards.preset.copy(),
    )
    vec = VecPresets.of(presets)
    first = np.ones(len(rows), dtype=np.bool_)
    first[1:] = rows[1:] != rows[:-1]
    starts = np.flatnonzero(first)
    position = np.arange(len(rows)) - np.repeat(starts, np.diff(np.append(starts, len(rows))))
    order = np.argsort(position, kind="stable")
    bounds = np.searchsorted(position[order], np.arange(int(position.max()) + 2))
    for k in range(len(bounds) - 1):
        chosen = order[bounds[k] : bounds[k + 1]]
        review(arrays, rows[chosen], rating[chosen], axis[chosen], vec, None)
    stability[complete] = arrays.stability[complete]
    difficulty[complete] = arrays.difficulty[complete]
    return stability, difficulty, complete


def _forecast(
    due: FloatArray, mask: BoolArray, today: int, days: DayClock, horizon: int
) -> tuple[int, ...]:
    chosen = due[mask & np.isfinite(due)]
    offsets = np.maximum(study_days(chosen, days) - today, 0)
    counts = np.bincount(offsets[offsets < horizon], minlength=horizon)
    return tuple(int(c) for c in counts[:horizon])


def plan_reschedule(
    cards: CardColumns,
    log: LogColumns,
    presets: Sequence[Preset],
    *,
    seed: int,
    now_ts: float,
    days: DayClock,
    horizon: int = FORECAST_DAYS,
) -> ReschedulePlan:
    """New memory for every card with a complete history, new due dates for review cards."""
    stability, difficulty, replayed = recompute_memory(cards, log, presets, days)
    due = cards.due.copy()
    vec = VecPresets.of(presets)
    in_review = (
        (cards.state == REVIEW) & replayed & np.isfinite(stability) & np.isfinite(cards.last)
    )
    rows = np.flatnonzero(in_review)
    if len(rows):
        intervals = next_interval(vec, cards.preset[rows], stability[rows])
        max_interval = vec.max_interval[cards.preset[rows]]
        new_due = []
        for row, interval, cap in zip(
            rows.tolist(), intervals.tolist(), max_interval.tolist(), strict=True
        ):
            card_id = int(cards.ids[row])
            reps = max(int(cards.reps[row]) - 1, 0)
            fuzzed = fuzz_days(int(interval), int(cap), fuzz_rng(seed, card_id, reps))
            new_due.append(float(cards.last[row]) + fuzzed * SECONDS_PER_DAY)
        due[rows] = np.asarray(new_due)
    same_s = np.isclose(stability, cards.stability, rtol=0, atol=1e-9) | (
        np.isnan(stability) & np.isnan(cards.stability)
    )
    same_d = np.isclose(difficulty, cards.difficulty, rtol=0, atol=1e-9) | (
        np.isnan(difficulty) & np.isnan(cards.difficulty)
    )
    same_due = (np.abs(due - cards.due) < 1.0) | (np.isnan(due) & np.isnan(cards.due))
    changed = np.flatnonzero(~(same_s & same_d & same_due))
    review_rows = cards.state == int(CardState.REVIEW)
    finite = np.isfinite(due) & np.isfinite(cards.due)
    old_day = np.where(finite, cards.due, 0.0)
    new_day = np.where(finite, due, 0.0)
    day_old = study_days(old_day, days)
    day_new = study_days(new_day, days)
    moved = review_rows & finite & (day_old != day_new)
    today = int(study_days(np.asarray([now_ts]), days)[0])
    visible = review_rows & ~cards.suspended
    return ReschedulePlan(
        changed=changed.astype(np.int64),
        stability=stability,
        difficulty=difficulty,
        due=due,
        considered=len(cards),
        replayed=int(np.count_nonzero(replayed)),
        moving=int(np.count_nonzero(moved)),
        earlier=int(np.count_nonzero(moved & (day_new < day_old))),
        later=int(np.count_nonzero(moved & (day_new > day_old))),
        forecast_before=_forecast(cards.due, visible, today, days, horizon),
        forecast_after=_forecast(due, visible, today, days, horizon),
    )
