"""Readiness history rows (``readiness_history``, migration 0005) as domain points."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pmstudy.db.models import ReadinessHistoryRow
from pmstudy.domain.exam import Estimate, ReadinessPoint


def _estimate(
    value: float | None, low: float | None, high: float | None, level: float
) -> Estimate | None:
    if value is None or low is None or high is None:
        return None
    return Estimate(value, low, high, level)


def _parts(estimate: Estimate | None) -> tuple[float | None, float | None, float | None]:
    if estimate is None:
        return None, None, None
    return estimate.value, estimate.low, estimate.high


def _point(row: ReadinessHistoryRow) -> ReadinessPoint:
    level = row.level
    return ReadinessPoint(
        goal_id=row.goal_id,
        day=row.day,
        recorded_at=row.recorded_at,
        today=Estimate(row.today_value, row.today_low, row.today_high, level),
        plan=_estimate(row.plan_value, row.plan_low, row.plan_high, level),
        pass_today=_estimate(row.pass_value, row.pass_low, row.pass_high, level),
        pass_plan=_estimate(row.plan_pass_value, row.plan_pass_low, row.plan_pass_high, level),
        answers_planned=row.answers_planned,
        answers_done=row.answers_done,
    )


class ReadinessHistory:
    """Readiness points of the exam goals over one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _row(self, goal_id: int, day: dt.date) -> ReadinessHistoryRow | None:
        return self.session.scalar(
            select(ReadinessHistoryRow).where(
                ReadinessHistoryRow.goal_id == goal_id, ReadinessHistoryRow.day == day
            )
        )

    def save(self, point: ReadinessPoint) -> bool:
        """Store the day's point, replacing the one stored that day; False (nothing written)
        when the stored point holds the same figures.

        Skipping identical figures matters: any commit empties the exam service's cache, and
        a report asked again with nothing changed gives the very same figures.
        """
        row = self._row(point.goal_id, point.day)
        if row is None:
            row = self._insert(point)
            if row is None:
                return True
        if _point(row).same_figures(point):
            return False
        self._fill(row, point)
        self.session.flush()
        return True

    def _insert(self, point: ReadinessPoint) -> ReadinessHistoryRow | None:
        """Insert the day's point (None); if another process stored one since we looked (the
        unique key on exam and day), return that row for ``save`` to update."""
        row = ReadinessHistoryRow(goal_id=point.goal_id, day=point.day)
        self._fill(row, point)
        try:
            with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:
            stored = self._row(point.goal_id, point.day)
            if stored is None:
                raise
            return stored
        return None

    @staticmethod
    def _fill(row: ReadinessHistoryRow, point: ReadinessPoint) -> None:
        # Every estimate of a report is read at one level (the uncertainty module's).
        row.level = point.today.level
        row.recorded_at = point.recorded_at
        row.today_value = point.today.value
        row.today_low = point.today.low
        row.today_high = point.today.high
        row.plan_value, row.plan_low, row.plan_high = _parts(point.plan)
        row.pass_value, row.pass_low, row.pass_high = _parts(point.pass_today)
        row.plan_pass_value, row.plan_pass_low, row.plan_pass_high = _parts(point.pass_plan)
        row.answers_planned = point.answers_planned
        row.answers_done = point.answers_done

    def points(self, goal_id: int) -> list[ReadinessPoint]:
        """The exam's points, oldest day first."""
        rows = self.session.scalars(
            select(ReadinessHistoryRow)
            .where(ReadinessHistoryRow.goal_id == goal_id)
            .order_by(ReadinessHistoryRow.day)
        )
        return [_point(row) for row in rows]
