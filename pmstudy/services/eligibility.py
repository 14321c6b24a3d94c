"""The eligibility log: add, list and remove training courses and spans of experience, and
their totals against an exam's requirement (``pmstudy.domain.exam.eligibility``).

The exam defaults to the next booked exam goal with a requirement; ``exam_id`` names an exam
profile (``pmp-2026``, ``capm``, ``pmi-acp``...) instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pmstudy.clock import Clock
from pmstudy.db.unit_of_work import Database
from pmstudy.domain.exam import (
    EligibilityEntry,
    EligibilityStatus,
    ExamGoal,
    check_entry,
    eligibility_status,
    requirement,
)
from pmstudy.domain.scheduling import DayClock
from pmstudy.errors import NotFoundError, PmStudyError


@dataclass(frozen=True)
class EligibilityReport:
    """Every logged entry, and their totals against one exam (None: no exam with a
    requirement is booked or named)."""

    entries: list[EligibilityEntry]
    status: EligibilityStatus | None


class EligibilityService:
    """Read and change the eligibility log."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        days: DayClock,
        goals: Callable[[], list[ExamGoal]],
    ) -> None:
        self._db = db
        self._clock = clock
        self._days = days
        self._goals = goals

    def today(self) -> dt.date:
        """Today's study day."""
        return self._days.day_of(self._clock.now())

    def add(self, entry: EligibilityEntry) -> EligibilityEntry:
        """Log ``entry``; PmStudyError naming the field when it is malformed."""
        try:
            checked = check_entry(entry)
        except ValueError as error:
            raise PmStudyError(str(error)) from None
        with self._db.write() as uow:
            return uow.eligibility.add(checked, self._clock.now())

    def remove(self, entry_id: int) -> EligibilityEntry:
        """Delete entry ``entry_id``; returns it (NotFoundError when there is none)."""
        with self._db.write() as uow:
            removed = uow.eligibility.remove(entry_id)
        if removed is None:
            raise NotFoundError(f"no eligibility entry with id {entry_id}")
        return removed

    def entries(self) -> list[EligibilityEntry]:
        """Every entry, oldest first."""
        with self._db.read() as uow:
            return uow.eligibility.entries()

    def report(self, exam_id: str | None = None, education: str | None = None) -> EligibilityReport:
        """Every entry, with totals against exam profile ``exam_id`` (None: the next booked
        exam that has a requirement)."""
        entries = self.entries()
        return EligibilityReport(entries, self.status_of(entries, exam_id, education))

    def status_of(
        self,
        entries: list[EligibilityEntry],
        exam_id: str | None = None,
        education: str | None = None,
    ) -> EligibilityStatus | None:
        """Totals of ``entries`` against ``exam_id`` (None: the next booked exam with one)."""
        if exam_id is None:
            exam_id = next(
                (g.profile_id for g in self._goals() if requirement(g.profile_id) is not None),
                None,
            )
            if exam_id is None:
                return None
        req = requirement(exam_id)
        if req is None:
            raise NotFoundError(
                f"exam {exam_id!r} has no eligibility requirement on file "
                "(known: pmp-2026, pmp-2021, capm, pmi-acp)"
            )
        try:
            return eligibility_status(req, entries, self.today(), education)
        except ValueError as error:
            raise PmStudyError(f"--education: {error}") from None

    def goal_status(self, goal: ExamGoal) -> EligibilityStatus | None:
        """Totals against exam goal ``goal``'s exam (None: it has no requirement)."""
        if requirement(goal.profile_id) is None:
            return None
        return self.status_of(self.entries(), goal.profile_id)

    def export_csv(self, path: Path) -> int:
        """Write every entry to ``path`` as CSV; returns the number of entries."""
        from pmstudy.io.eligibility_csv import write_eligibility_csv

        return write_eligibility_csv(self.entries(), path)
