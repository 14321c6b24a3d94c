"""``ExamService``: the exam use cases behind one object, as the TUI and the CLI call them.

Each use case lives in its own module (goals, exam_mode, report, history, coverage, over the
cached reads); this façade builds them once and passes calls through.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from pmstudy.db.unit_of_work import Database
from pmstudy.domain.backtest import Backtest
from pmstudy.domain.days import DayClock
from pmstudy.domain.exam import ExamGoal, ExamSpec
from pmstudy.domain.readiness_history import ADHERENCE_DAYS, ReadinessPoint
from pmstudy.services.clock import Clock
from pmstudy.services.exams.coverage import Coverage, CoverageReads
from pmstudy.services.exams.exam_mode import ExamMode, ExamModePolicy
from pmstudy.services.exams.goals import DEFAULT_BUFFER_DAYS, DEFAULT_TARGET, BundledDecks, Goals
from pmstudy.services.exams.history import History
from pmstudy.services.exams.profiles import Profiles
from pmstudy.services.exams.reads import ExamReads
from pmstudy.services.exams.report import Reports
from pmstudy.services.exams.report_data import ExamReport


class ExamService:
    """Exam profiles and goals; readiness, plan and coverage; the exam-mode policy."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        days: DayClock,
        seed: int,
        profiles_dir: Path,
        zone_name: str | None,
        *,
        backtest: Callable[[], Backtest],
        bundled_decks: BundledDecks | None = None,
    ) -> None:
        self._reads = ExamReads(db)
        self._profiles = Profiles(profiles_dir)
        self._exam_mode = ExamMode(db, clock, days)
        self._goals = Goals(
            db, clock, self._reads, self._profiles, self._exam_mode, zone_name, bundled_decks
        )
        self._history = History(db)
        self._coverage = CoverageReads(db, self._reads, self._goals, self._profiles)
        self._reports = Reports(
            clock=clock,
            days=days,
            seed=seed,
            reads=self._reads,
            profiles=self._profiles,
            goals=self._goals,
            exam_mode=self._exam_mode,
            history=self._history,
            backtest=backtest,
        )

    # --- profiles and goals ------------------------------------------------------------

    def profiles(self) -> list[ExamSpec]:
        """Every exam profile pmstudy ships, by id."""
        return self._profiles.all()

    def profile(self, profile_id: str) -> ExamSpec:
        """One profile by id."""
        return self._profiles.get(profile_id)

    def add(
        self,
        profile_id: str,
        date: str,
        time: str | None = None,
        *,
        decks: Sequence[str] = (),
        target: float = DEFAULT_TARGET,
        exam_mode: bool = True,
        buffer_days: int = DEFAULT_BUFFER_DAYS,
        minutes_per_day: int | None = None,
        timezone: str | None = None,
    ) -> ExamGoal:
        """Book an exam. With no deck named, the decks holding its tagged cards are linked."""
        return self._goals.add(
            profile_id,
            date,
            time,
            decks=decks,
            target=target,
            exam_mode=exam_mode,
            buffer_days=buffer_days,
            minutes_per_day=minutes_per_day,
            timezone=timezone,
        )

    def goals(self) -> list[ExamGoal]:
        """Every exam goal, soonest first."""
        return self._goals.goals()

    def goal(self, goal_id: int | None = None) -> ExamGoal:
        """A goal by id; None picks the next exam ahead (else the latest one)."""
        return self._goals.goal(goal_id)

    def remove(self, goal_id: int) -> None:
        """Forget an exam goal; cards keep their schedule (plain FSRS from their next answer)."""
        self._goals.remove(goal_id)

    def set_exam_mode(self, goal_id: int, on: bool) -> int:
        """Switch exam mode; switching on applies the rule to cards at once (returns moved)."""
        return self._goals.set_exam_mode(goal_id, on)

    # --- exam mode ---------------------------------------------------------------------

    def due_policy(self) -> ExamModePolicy | None:
        """The exam-mode policy for a study session starting now (None: no exam mode)."""
        return self._exam_mode.policy(self.goals())

    def reschedule_for_exam(self, goal_id: int) -> int:
        """Apply the exam-mode rule now to cards answered before; each move is logged."""
        return self._goals.reschedule_for_exam(goal_id)

    # --- the report, coverage ----------------------------------------------------------

    def report(
        self, goal_id: int | None = None, *, with_plan: bool = True, backtest: bool = False
    ) -> ExamReport:
        """Readiness today and with the plan, the plan itself, and today's progress
        (``Reports.report``)."""
        return self._reports.report(goal_id, with_plan=with_plan, backtest=backtest)

    def coverage(self, exam: str) -> Coverage:
        """Cards per domain and task of an exam (a profile id, or an exam goal's id)."""
        return self._coverage.coverage(exam)

    def card_ids_for_tasks(
        self, goal_id: int | None, tasks: Sequence[tuple[str, str | None]]
    ) -> list[int]:
        """The exam's cards tagged with any of (domain, task or None for the whole domain)."""
        return self._coverage.card_ids_for_tasks(goal_id, tasks)

    # --- readiness over time -----------------------------------------------------------

    def record_history(self, report: ExamReport) -> ReadinessPoint | None:
        """Keep the report as its exam's readiness point of the day (``History.record``)."""
        return self._history.record(report)

    def history(self, goal_id: int) -> list[ReadinessPoint]:
        """The exam's readiness points, oldest day first."""
        return self._history.points(goal_id)

    def adherence(
        self, goal_id: int, today: dt.date, days: int = ADHERENCE_DAYS
    ) -> tuple[float, float]:
        """(answers done, answers planned) over the ``days`` study days before ``today``."""
        return self._history.adherence(goal_id, today, days)
