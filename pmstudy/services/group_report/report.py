"""The group report's data: each learner opened read-only, the same numbers their own
``pmstudy readiness`` shows (today's, "if you stopped now", and on request with the plan),
and the cohort's weakest tasks.

Each learner is opened with ``build_services(..., read_only=True)``: nothing is migrated,
seeded, pruned, synced or cached in their database (a trainer on PostgreSQL may only read).
A learner that cannot be read (a schema behind this pmstudy's, no tables yet, no right to read)
is one ``Unavailable`` entry, and the others are still reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pmstudy.clock import Clock
from pmstudy.domain.exam import CohortTask, ExamGoal, weakest_tasks
from pmstudy.domain.stats import charts
from pmstudy.errors import PmStudyError, SchemaBehindError
from pmstudy.services.container import Services, build_services
from pmstudy.services.exams import ExamReport
from pmstudy.services.mock import MockResult
from pmstudy.services.profiles import learner_names
from pmstudy.settings import Settings

ACTIVITY_DAYS = 7
"""Study days of activity shown, today included."""
WEAKEST = 5
"""Weakest tasks shown per exam."""


@dataclass(frozen=True)
class MockGlance:
    """A learner's latest finished exam mock (practice sets do not count)."""

    id: int
    title: str
    finished_at: dt.datetime
    day: dt.date
    """The day it ended, in the exam's time zone."""
    items: int
    full_length: bool
    right: int
    scored: int
    needed: int | None
    passed: bool | None

    @property
    def share(self) -> float:
        """Share of scored items right."""
        return self.right / self.scored if self.scored else 0.0


@dataclass(frozen=True)
class LearnerExam:
    """One exam goal of a learner: its countdown, today's readiness, the last mock.

    ``report`` is None once the exam is over (nothing left to predict)."""

    goal: ExamGoal
    name: str
    exam_date: dt.date
    days_left: int
    past: bool
    report: ExamReport | None
    last_mock: MockGlance | None

    @property
    def counted(self) -> bool:
        """Whether any linked card is on the blueprint (else readiness has no number)."""
        return self.report is not None and any(d.cards for d in self.report.readiness.domains)


@dataclass(frozen=True)
class Unavailable:
    """Why a learner could not be read: ``revision`` set when the schema is behind this
    pmstudy's (``head``); else ``reason``, one sentence from the database layer."""

    reason: str
    revision: str | None = None
    head: str | None = None


@dataclass(frozen=True)
class LearnerReport:
    """One learner profile: their exams and their last days' activity (or why not)."""

    name: str
    exams: tuple[LearnerExam, ...] = ()
    activity: charts.ReviewDays | None = None
    unavailable: Unavailable | None = None


@dataclass(frozen=True)
class CohortExam:
    """An exam some learners prepare for, and its weakest tasks across them."""

    exam: str
    name: str
    learners: int
    weakest: tuple[CohortTask, ...]


@dataclass(frozen=True)
class GroupReport:
    """Every learner this account can see, and the cohort per exam."""

    now: dt.datetime
    today: dt.date
    learners: tuple[LearnerReport, ...]
    cohort: tuple[CohortExam, ...]


Opener = Callable[[Settings, Clock], Services]


def _open(settings: Settings, clock: Clock) -> Services:
    return build_services(settings, clock, read_only=True, sync_decks=False)


def group_report(
    settings: Settings,
    clock: Clock,
    names: Sequence[str] | None = None,
    *,
    opener: Opener = _open,
    with_plan: bool = False,
) -> GroupReport:
    """The report over ``names`` (default: every learner profile this account can see).

    ``with_plan``: each exam's readiness and pass probability if the learner follows the
    plan too, as their own report gives them (a simulation each: ≈ 0.4 s per exam); nothing
    of it is written to the learner's database.
    """
    names = learner_names(settings) if names is None else names
    learners = tuple(_learner(settings, clock, name, opener, with_plan) for name in names)
    now = clock.now()
    today = _today(settings, now)
    return GroupReport(now=now, today=today, learners=learners, cohort=_cohort(learners))


class GroupReports:
    """The report for the app: over the learners the account of ``settings`` can see."""

    def __init__(self, settings: Settings, clock: Clock) -> None:
        self._settings = settings
        self._clock = clock

    def report(self, *, with_plan: bool = False) -> GroupReport:
        """The group report now (each learner opened read-only, one after the other)."""
        return group_report(self._settings, self._clock, with_plan=with_plan)


def _today(settings: Settings, now: dt.datetime) -> dt.date:
    from pmstudy.domain.scheduling import DayClock

    return DayClock.named(settings.zone_name, settings.day_rollover_hour).day_of(now)


def _learner(
    settings: Settings, clock: Clock, name: str, opener: Opener, with_plan: bool
) -> LearnerReport:
    one = settings.model_copy(update={"profile": name})
    try:
        with opener(one, clock) as services:
            return LearnerReport(
                name=name,
                exams=tuple(_exam(services, goal, with_plan) for goal in services.exams.goals()),
                activity=_activity(services),
            )
    except SchemaBehindError as exc:
        return LearnerReport(name, unavailable=Unavailable(str(exc), exc.revision, exc.head))
    except PmStudyError as exc:
        return LearnerReport(name, unavailable=Unavailable(str(exc)))


def _exam(services: Services, goal: ExamGoal, with_plan: bool) -> LearnerExam:
    exams = services.exams
    spec = exams.profile(goal.profile_id)
    zone = ZoneInfo(goal.timezone)
    now = services.clock.now()
    past = now >= goal.exam_at
    report = None if past else exams.report(goal.id, with_plan=with_plan)
    found = services.mocks.last(goal.profile_id)
    return LearnerExam(
        goal=goal,
        name=spec.name,
        exam_date=goal.exam_at.astimezone(zone).date(),
        days_left=0 if report is None else report.days_left,  # no report: the exam is over
        past=past,
        report=report,
        last_mock=None if found is None else _glance(found, zone),
    )


def _glance(result: MockResult, zone: ZoneInfo) -> MockGlance:
    summary, score = result.summary, result.score
    ended = summary.finished_at or summary.started_at
    return MockGlance(
        id=summary.id,
        title=summary.title,
        finished_at=ended,
        day=ended.astimezone(zone).date(),
        items=summary.items,
        full_length=summary.full_length,
        right=score.right,
        scored=score.scored,
        needed=score.needed,
        passed=score.passed,
    )


def _activity(services: Services) -> charts.ReviewDays:
    """Study answers (mock answers are not study) and their time per day, today included."""
    from pmstudy.db.stats import AnswerStore
    from pmstudy.domain.stats import answers

    days = services.days
    first = days.day_of(services.clock.now()) - dt.timedelta(days=ACTIVITY_DAYS - 1)
    # cache=False: the per-day answer cache would be written; the log itself is read instead
    store = AnswerStore(services.engine, cache=False)
    found = store.answers(days.start_of(first), ("state", "duration_ms"))
    return answers.review_days(found, answers.day_starts_us(days, first, ACTIVITY_DAYS), first)


def _cohort(learners: Sequence[LearnerReport]) -> tuple[CohortExam, ...]:
    """Per exam (by profile id), the weakest tasks over each learner's soonest upcoming goal."""
    pooled: dict[str, list[LearnerExam]] = {}
    names: dict[str, str] = {}
    for learner in learners:
        seen: set[str] = set()
        for exam in learner.exams:
            exam_id = exam.goal.profile_id
            if exam.report is None or exam_id in seen:
                continue
            seen.add(exam_id)
            pooled.setdefault(exam_id, []).append(exam)
            names[exam_id] = exam.name
    return tuple(
        CohortExam(
            exam=exam_id,
            name=names[exam_id],
            learners=len(exams),
            weakest=weakest_tasks(
                ((e.report.readiness, e.goal.target) for e in exams if e.report is not None),
                WEAKEST,
            ),
        )
        for exam_id, exams in sorted(pooled.items())
    )
