"""The review log's answers as columns, and what the statistics make of them.

One entry per answer (rating > 0), in time order. Instants are whole microseconds since the
Unix epoch (UTC), so assigning answers to the learner's study days (time zone and rollover
hour, daylight saving included) is an exact integer comparison with each day's start.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import numpy.typing as npt

from pmstudy.domain.scheduling import DayClock
from pmstudy.domain.stats.charts import (
    MATURE_DAYS,
    RETENTION_PERIODS,
    CardCounts,
    FloatArray,
    HourRow,
    IntArray,
    RetentionCell,
    RetentionTable,
    ReviewDays,
)

SmallArray = npt.NDArray[np.int8]
BoolArray = npt.NDArray[np.bool_]

MICROS_PER_SECOND = 1_000_000
MICROS_PER_DAY = 86_400 * MICROS_PER_SECOND
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
REVIEW_STATE = 2  # CardState.REVIEW
RELEARNING_STATE = 3  # CardState.RELEARNING
AGAIN = 1
OFFSET_SAMPLE_SECONDS = 6 * 3600

# Each column's storage type (little-endian, so a packed column reads the same anywhere).
DTYPES: dict[str, str] = {
    "answered_us": "<i8",
    "duration_ms": "<i8",
    "state": "i1",
    "rating": "i1",
    "mature": "?",
    "card_id": "<i8",
    "note_id": "<i8",
    "elapsed_days": "<f8",
    "stability": "<f8",
}


@dataclass(frozen=True, eq=False)
class Answers:
    """Answers in time order, as parallel columns.

    ``state`` is the card's state before the answer; ``mature`` marks review-state answers
    whose interval before the answer was at least 21 days (``due − last review``, else the
    stability); ``elapsed_days`` and ``stability`` (the stability before) are NaN except for
    the answers calibration uses (review state, known stability and last review). A reader
    may fill only the columns it was asked for: the others are then empty.
    """

    answered_us: IntArray
    duration_ms: IntArray
    state: SmallArray
    rating: SmallArray
    mature: BoolArray
    card_id: IntArray
    note_id: IntArray
    elapsed_days: FloatArray
    stability: FloatArray

    @classmethod
    def from_columns(cls, columns: dict[str, npt.NDArray[np.generic]]) -> Answers:
        """Answers from named columns (missing ones empty), each in its storage type."""
        filled: dict[str, Any] = {
            name: np.asarray(columns[name], dtype=dtype)
            if name in columns
            else np.zeros(0, dtype=dtype)
            for name, dtype in DTYPES.items()
        }
        return cls(**filled)

    @classmethod
    def empty(cls) -> Answers:
        """No answers."""
        return cls.from_columns({})

    def __len__(self) -> int:
        return int(self.answered_us.size)

    def columns(self) -> dict[str, npt.NDArray[np.generic]]:
        """The columns by name."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def since(self, instant_us: int) -> Answers:
        """The answers given at or after ``instant_us`` (a view, nothing copied)."""
        start = int(np.searchsorted(self.answered_us, instant_us, side="left"))
        cut: dict[str, Any] = {
            name: column[start:] if column.size else column
            for name, column in self.columns().items()
        }
        return Answers(**cut)


def micros(instant: dt.datetime) -> int:
    """Whole microseconds since the Unix epoch (exact: integer arithmetic)."""
    delta = instant.astimezone(dt.UTC) - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * MICROS_PER_SECOND + delta.microseconds


def epoch_days(instant: dt.datetime) -> float:
    """Fractional days since the Unix epoch (the unit the database hands over for cards)."""
    return (instant.astimezone(dt.UTC) - _EPOCH) / dt.timedelta(days=1)


def day_starts(days: DayClock, first: dt.date, count: int) -> FloatArray:
    """When each of ``count + 1`` study days from ``first`` starts, in epoch days."""
    return np.array(
        [epoch_days(days.start_of(first + dt.timedelta(days=n))) for n in range(count + 1)],
        dtype=np.float64,
    )


def day_starts_us(days: DayClock, first: dt.date, count: int) -> IntArray:
    """When each of ``count + 1`` study days from ``first`` starts, in epoch microseconds."""
    return np.array(
        [micros(days.start_of(first + dt.timedelta(days=n))) for n in range(count + 1)],
        dtype=np.int64,
    )


def day_index(
    instants: npt.NDArray[np.float64] | npt.NDArray[np.int64],
    starts: npt.NDArray[np.float64] | npt.NDArray[np.int64],
) -> IntArray:
    """Which day each instant falls in: -1 before the first, len(starts)-1 after the last."""
    return np.asarray(np.searchsorted(starts, instants, side="right") - 1, dtype=np.int64)


def day_bounds(answers: Answers, starts: IntArray) -> IntArray:
    """Where each day begins in the (time-ordered) answers: day ``d`` is the slice
    ``bounds[d]:bounds[d + 1]``."""
    return np.asarray(np.searchsorted(answers.answered_us, starts, side="left"), dtype=np.int64)


def _per_day(values: npt.NDArray[np.generic], bounds: IntArray) -> IntArray:
    """Sums of ``values`` (booleans or integers) per day, exactly (integer running sums)."""
    running = np.concatenate(([0], np.cumsum(values, dtype=np.int64)))
    return np.asarray(running[bounds[1:]] - running[bounds[:-1]], dtype=np.int64)


def review_days(answers: Answers, starts: IntArray, first: dt.date) -> ReviewDays:
    """Answers per study day by state before (``starts``: day boundaries from ``first``)."""
    bounds = day_bounds(answers, starts)
    state = answers.state

    def count(selected: BoolArray) -> tuple[int, ...]:
        return tuple(int(v) for v in _per_day(selected, bounds))

    milliseconds = _per_day(answers.duration_ms, bounds)
    return ReviewDays(
        first,
        count(state < REVIEW_STATE),
        count(state == REVIEW_STATE),
        count(state == RELEARNING_STATE),
        tuple(round(float(ms) / 1000, 3) for ms in milliseconds),
    )


def retention_table(answers: Answers, starts: IntArray, today_index: int) -> RetentionTable:
    """True retention for today, the last 7, 30 and 365 days (today included)."""
    bounds = day_bounds(answers, starts)
    end = int(bounds[today_index + 1])
    first = int(bounds[max(today_index - max(span for _, span in RETENTION_PERIODS) + 1, 0)])
    # Only the answers of the longest period, once; each period is a tail of them.
    review = answers.state[first:end] == REVIEW_STATE
    passed = answers.rating[first:end] > AGAIN
    mature = review & answers.mature[first:end]
    young = review & ~mature
    kinds = {
        "young": young,
        "young_passed": young & passed,
        "mature": mature,
        "mature_passed": mature & passed,
    }
    young_cells = []
    mature_cells = []
    for _, span in RETENTION_PERIODS:
        begin = int(bounds[max(today_index - span + 1, 0)]) - first
        count = {name: int(np.count_nonzero(flags[begin:])) for name, flags in kinds.items()}
        young_cells.append(
            RetentionCell(count["young_passed"], count["young"] - count["young_passed"])
        )
        mature_cells.append(
            RetentionCell(count["mature_passed"], count["mature"] - count["mature_passed"])
        )
    return RetentionTable(
        tuple(name for name, _ in RETENTION_PERIODS), tuple(young_cells), tuple(mature_cells)
    )


def utc_offsets(tz: dt.tzinfo, instants_us: IntArray) -> IntArray:
    """Each instant's UTC offset in ``tz``, in seconds.

    The offset is sampled every six hours over the span of the instants; where two samples
    differ the exact second of the change is found by bisection. So a year costs about 1,500
    ``utcoffset`` calls however many instants there are (no zone changes its offset twice
    within six hours).
    """
    if instants_us.size == 0:
        return np.zeros(0, dtype=np.int64)
    low = int(instants_us.min()) // MICROS_PER_SECOND
    high = int(instants_us.max()) // MICROS_PER_SECOND + 1

    def offset(second: int) -> int:
        instant = _EPOCH + dt.timedelta(seconds=second)
        value = instant.astimezone(tz).utcoffset()
        return 0 if value is None else int(value.total_seconds())

    samples = [*range(low, high, OFFSET_SAMPLE_SECONDS), high]
    values = [offset(s) for s in samples]
    changes: list[int] = []  # first second of each new offset
    after: list[int] = []
    for left, right, before, later in zip(samples, samples[1:], values, values[1:], strict=False):
        if before == later:
            continue
        a, b = left, right  # offset(a) == before, offset(b) != before
        while b - a > 1:
            middle = (a + b) // 2
            if offset(middle) == before:
                a = middle
            else:
                b = middle
        changes.append(b)
        after.append(offset(b))
    if not changes:  # one offset all along (UTC, or no daylight saving in the span)
        return np.full(instants_us.shape, values[0], dtype=np.int64)
    table = np.array([values[0], *after], dtype=np.int64)
    where = np.searchsorted(
        np.array(changes, dtype=np.int64), instants_us // MICROS_PER_SECOND, side="right"
    )
    return np.asarray(table[where], dtype=np.int64)


def local_hours(tz: dt.tzinfo, instants_us: IntArray) -> IntArray:
    """The local clock hour (0-23) of each instant."""
    seconds = instants_us // MICROS_PER_SECOND + utc_offsets(tz, instants_us)
    return np.asarray((seconds // 3600) % 24, dtype=np.int64)


def hour_rows(answers: Answers, tz: dt.tzinfo) -> tuple[HourRow, ...]:
    """Answers, and how many passed, by the local clock hour they were given in."""
    hours = local_hours(tz, answers.answered_us)
    reviews = np.bincount(hours, minlength=24)
    passed = np.bincount(hours[answers.rating > AGAIN], minlength=24)
    return tuple(HourRow(h, int(reviews[h]), int(passed[h])) for h in range(24))


def studied(answers: Answers, starts: IntArray) -> BoolArray:
    """For each day between ``starts``, whether it has an answer."""
    return np.diff(day_bounds(answers, starts)) > 0


def streak(days_studied: BoolArray) -> int:
    """Consecutive study days ending with the last day (or the one before, if the last day has
    no answers yet), from ``studied`` over a window ending today."""
    flags = days_studied[:-1] if days_studied.size and not days_studied[-1] else days_studied
    gaps = np.flatnonzero(~flags)
    return int(flags.size - 1 - gaps[-1]) if gaps.size else int(flags.size)


def card_counts(
    state: IntArray,
    suspended: BoolArray,
    buried: BoolArray,
    interval: FloatArray,
    new_cards: int = 0,
) -> CardCounts:
    """Counts from per-card arrays (cards with a memory), plus ``new_cards`` counted apart.

    ``new_cards``: new cards neither suspended nor buried (the arrays hold the others).
    """
    free = ~suspended & ~buried
    review = free & ((state == 2) | (state == 3))
    mature = free & (state == 2) & (interval >= MATURE_DAYS)
    return CardCounts(
        new=new_cards + int((free & (state == 0)).sum()),
        learning=int((free & (state == 1)).sum()),
        relearning=int((free & (state == 3)).sum()),
        young=int((review & (state == 2)).sum()) - int(mature.sum()),
        mature=int(mature.sum()),
        suspended=int(suspended.sum()),
        buried=int((buried & ~suspended).sum()),
    )
