"""From database aggregates to study days: answer buckets, day boundaries, card counts.

The database groups answers by a prefix of their timestamp; these functions assign the
buckets to the learner's study days (time zone and rollover hour, daylight saving included)
and fill the value types of ``pmstudy.domain.charts``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pmstudy.domain.charts import (
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
from pmstudy.domain.days import DayClock

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def epoch_days(instant: dt.datetime) -> float:
    """Fractional days since the Unix epoch (the unit the database hands over)."""
    return (instant.astimezone(dt.UTC) - _EPOCH) / dt.timedelta(days=1)


def day_starts(days: DayClock, first: dt.date, count: int) -> FloatArray:
    """When each of ``count + 1`` study days from ``first`` starts, in epoch days."""
    return np.array(
        [epoch_days(days.start_of(first + dt.timedelta(days=n))) for n in range(count + 1)],
        dtype=np.float64,
    )


def day_index(instants: FloatArray, starts: FloatArray) -> IntArray:
    """Which day each instant falls in: -1 before the first, len(starts)-1 after the last."""
    return np.asarray(np.searchsorted(starts, instants, side="right") - 1, dtype=np.int64)


def bucket_minutes(days: DayClock, first: dt.date, count: int) -> int:
    """The widest time bucket (60, 10 or 1 minutes) that never straddles a day boundary."""
    minutes = {days.start_of(first + dt.timedelta(days=n)).minute for n in range(0, count + 1, 7)}
    minutes.add(days.start_of(first + dt.timedelta(days=count)).minute)
    if minutes == {0}:
        return 60
    if all(m % 10 == 0 for m in minutes):
        return 10
    return 1


@dataclass(frozen=True)
class AnswerBuckets:
    """Answers aggregated per time bucket by the database (parallel arrays).

    ``at``: the bucket's start in epoch days; the rest are counts (and milliseconds) in it.
    ``young``/``mature`` count review-state answers; ``*_passed`` those that were not Again.
    """

    at: FloatArray
    answers: IntArray
    milliseconds: FloatArray
    learn: IntArray
    review: IntArray
    relearn: IntArray
    passed: IntArray
    mature: IntArray
    mature_passed: IntArray
    review_passed: IntArray

    @classmethod
    def empty(cls) -> AnswerBuckets:
        """No answers."""
        none = np.zeros(0, dtype=np.int64)
        return cls(
            np.zeros(0, dtype=np.float64),
            none,
            np.zeros(0, dtype=np.float64),
            none,
            none,
            none,
            none,
            none,
            none,
            none,
        )


def concat_buckets(parts: Sequence[AnswerBuckets]) -> AnswerBuckets:
    """Buckets from several queries as one (a bucket may appear more than once: sums add)."""
    if not parts:
        return AnswerBuckets.empty()
    names = AnswerBuckets.__dataclass_fields__
    return AnswerBuckets(
        **{name: np.concatenate([getattr(p, name) for p in parts]) for name in names}
    )


def _per_day(index: IntArray, values: npt.NDArray[np.generic], days: int) -> FloatArray:
    inside = (index >= 0) & (index < days)
    weights = values[inside].astype(np.float64)
    return np.asarray(np.bincount(index[inside], weights=weights, minlength=days), np.float64)


def review_days(buckets: AnswerBuckets, starts: FloatArray, first: dt.date) -> ReviewDays:
    """Answers per day from buckets (``starts``: day boundaries from ``first``)."""
    days = len(starts) - 1
    index = day_index(buckets.at, starts)

    def ints(values: IntArray) -> tuple[int, ...]:
        return tuple(round(float(v)) for v in _per_day(index, values, days))

    seconds = _per_day(index, buckets.milliseconds, days) / 1000
    return ReviewDays(
        first,
        ints(buckets.learn),
        ints(buckets.review),
        ints(buckets.relearn),
        tuple(round(float(s), 3) for s in seconds),
    )


def retention_table(buckets: AnswerBuckets, starts: FloatArray, today_index: int) -> RetentionTable:
    """True retention for today, the last 7, 30 and 365 days (today included)."""
    index = day_index(buckets.at, starts)
    young_cells = []
    mature_cells = []
    for _, span in RETENTION_PERIODS:
        inside = (index > today_index - span) & (index <= today_index)
        mature = int(buckets.mature[inside].sum())
        mature_passed = int(buckets.mature_passed[inside].sum())
        review = int(buckets.review[inside].sum())
        review_passed = int(buckets.review_passed[inside].sum())
        young_passed = review_passed - mature_passed
        young = review - mature
        young_cells.append(RetentionCell(young_passed, young - young_passed))
        mature_cells.append(RetentionCell(mature_passed, mature - mature_passed))
    return RetentionTable(
        tuple(name for name, _ in RETENTION_PERIODS), tuple(young_cells), tuple(mature_cells)
    )


def hour_rows(buckets: AnswerBuckets, days: DayClock) -> tuple[HourRow, ...]:
    """Answers by the local clock hour they were given in."""
    reviews = [0] * 24
    passed = [0] * 24
    for at, answers, good in zip(buckets.at, buckets.answers, buckets.passed, strict=True):
        instant = _EPOCH + dt.timedelta(days=float(at))
        hour = instant.astimezone(days.tz).hour
        reviews[hour] += int(answers)
        passed[hour] += int(good)
    return tuple(HourRow(h, reviews[h], passed[h]) for h in range(24))


def card_counts(
    state: IntArray,
    suspended: npt.NDArray[np.bool_],
    buried: npt.NDArray[np.bool_],
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
