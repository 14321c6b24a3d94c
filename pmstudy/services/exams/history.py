"""Readiness over time: one point per exam and study day, and the adherence drawn from them."""

from __future__ import annotations

import datetime as dt
import threading

from pmstudy.db.unit_of_work import Database
from pmstudy.domain.exam import ADHERENCE_DAYS, ReadinessPoint, adherence, kept
from pmstudy.services.exams.report_data import ExamReport


class History:
    """Readiness points over units of work."""

    def __init__(self, db: Database) -> None:
        self._db = db
        # reports run in worker threads: one writer of the day's point at a time
        self._lock = threading.Lock()

    def record(self, report: ExamReport) -> ReadinessPoint | None:
        """Keep the report as its exam's readiness point of the day (the latest one wins).

        Only reports with the plan are kept (a quick report has no plan figures). Answers
        planned and done are today's totals as the report shows them (new and reviews, done
        included), so that adherence compares like with like. Nothing is written when the
        day's stored figures are the same to 0.1 point (a commit would empty the report
        cache), nor in a database opened read-only (the point is returned all the same).
        """
        if report.plan is None:
            return None
        r = report.readiness
        p = report.progress
        point = ReadinessPoint(
            goal_id=report.goal.id,
            day=report.today,
            recorded_at=report.now,
            today=kept(r.today),
            plan=None if r.plan is None else kept(r.plan),
            pass_today=None if r.pass_today is None else kept(r.pass_today),
            pass_plan=None if r.pass_plan is None else kept(r.pass_plan),
            answers_planned=p.new_target + p.reviews_due,
            answers_done=p.new_done + p.reviews_done,
        )
        if self._db.read_only:  # a trainer's report of a learner: their history is theirs
            return point
        with self._lock, self._db.write() as uow:
            uow.history.save(point)
        return point

    def points(self, goal_id: int) -> list[ReadinessPoint]:
        """The exam's readiness points, oldest day first."""
        with self._db.read() as uow:
            return uow.history.points(goal_id)

    def adherence(
        self, goal_id: int, today: dt.date, days: int = ADHERENCE_DAYS
    ) -> tuple[float, float]:
        """(answers done, answers planned) over the ``days`` study days before ``today``,
        from the readiness history; days with no point count neither way."""
        return adherence(self.points(goal_id), today, days)
