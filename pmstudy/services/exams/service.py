"""``ExamService``: the exam use cases behind one object, as the TUI and the CLI call them.

Each use case lives in its own module (goals, exam_mode, report, history, coverage, over the
cached reads); this façade builds them once and hands out their methods: ``report`` is
``Reports.report``, ``history`` is ``History.points``, ``record_history`` is
``History.record``, ``profiles`` and ``profile`` are ``Profiles.all`` and ``Profiles.get``;
the rest keep their names (``last_mock`` is ``LastMocks.last_mock``, given how to find a mock).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pmstudy.clock import Clock
from pmstudy.db.unit_of_work import Database
from pmstudy.domain.exam import Backtest
from pmstudy.domain.scheduling import DayClock
from pmstudy.services.exams.coverage import CoverageReads
from pmstudy.services.exams.deck_choices import DeckChoices
from pmstudy.services.exams.exam_mode import ExamMode, ExamModePolicy
from pmstudy.services.exams.goals import BundledDecks, Goals
from pmstudy.services.exams.history import History
from pmstudy.services.exams.last_mock import FindLastMock, LastMocks
from pmstudy.services.exams.profiles import Profiles
from pmstudy.services.exams.reads import ExamReads
from pmstudy.services.exams.report import Reports


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
        last_mock: FindLastMock | None = None,
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
        # The calls other layers make, passed straight to the use case that answers them.
        self.profiles = self._profiles.all
        self.profile = self._profiles.get
        self.add = self._goals.add
        self.goals = self._goals.goals
        self.deck_choices = DeckChoices(db).choices
        self.goal = self._goals.goal
        self.remove = self._goals.remove
        self.find = self._goals.find
        self.link = self._goals.link
        self.unlink = self._goals.unlink
        self.set_exam_mode = self._goals.set_exam_mode
        self.set_options = self._goals.set_options
        self.reschedule_for_exam = self._goals.reschedule_for_exam
        self.report = self._reports.report
        self.coverage = self._coverage.coverage
        self.card_ids_for_tasks = self._coverage.card_ids_for_tasks
        self.record_history = self._history.record
        self.history = self._history.points
        self.adherence = self._history.adherence
        self.last_mock = LastMocks(self._goals, self._reports, last_mock).last_mock

    def due_policy(self) -> ExamModePolicy | None:
        """The exam-mode policy for a study session starting now (None: no exam mode)."""
        return self._exam_mode.policy(self.goals())
