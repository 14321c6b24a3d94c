"""Readiness over time: one point per exam per study day, and adherence to the plan.

A point is the day's last readiness report with a plan: readiness today and with the plan,
the pass probabilities, each with its interval, and the answers planned and done that day.
Adherence (answers done over answers planned in the last ``ADHERENCE_DAYS`` days before today)
is derived from the points alone: a day without a point (pmstudy not opened) counts neither
way, so missing days do not read as days of no study.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from pmstudy.domain.exam.uncertainty import Estimate

ADHERENCE_DAYS = 14
# Figures are kept to 0.1 percentage point: finer than any chart shows, and coarse enough that
# a report asked again later the same day (the plan projection drifts by ~1e-5 an hour as the
# day runs out) usually finds the same figures stored and writes nothing.
KEPT_DIGITS = 3


@dataclass(frozen=True, slots=True)
class ReadinessPoint:
    """One exam's readiness on one study day (the day's last report with a plan)."""

    goal_id: int
    day: dt.date
    recorded_at: dt.datetime
    today: Estimate
    plan: Estimate | None
    pass_today: Estimate | None
    pass_plan: Estimate | None
    answers_planned: int
    answers_done: int

    def same_figures(self, other: ReadinessPoint) -> bool:
        """Whether both points hold the same figures (when they were recorded aside)."""
        return replace(self, recorded_at=other.recorded_at) == other


def kept(estimate: Estimate) -> Estimate:
    """The estimate as a point keeps it (``KEPT_DIGITS`` decimals)."""
    return Estimate(
        round(estimate.value, KEPT_DIGITS),
        round(estimate.low, KEPT_DIGITS),
        round(estimate.high, KEPT_DIGITS),
        estimate.level,
    )


def adherence(
    points: Iterable[ReadinessPoint], today: dt.date, days: int = ADHERENCE_DAYS
) -> tuple[float, float]:
    """(answers done, answers planned) summed over the ``days`` days before ``today``.

    Today is left out: its answers are still being given. (0.0, 0.0) when no day is known.
    """
    start = today - dt.timedelta(days=days)
    done = planned = 0.0
    for point in points:
        if start <= point.day < today:
            done += point.answers_done
            planned += point.answers_planned
    return done, planned
