"""What the exam commands and screens show: readiness, plan, today's progress, coverage.

Plain data built from the domain maths; ``as_dict`` gives the JSON the CLI prints.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pmstudy.domain.exam import ExamGoal, ExamSpec, exam_tag, is_about_exam
from pmstudy.domain.learner import LearnerProfile
from pmstudy.domain.passprob import ASSUMED_BAND_THRESHOLDS
from pmstudy.domain.plan import StudyPlan
from pmstudy.domain.readiness_history import ReadinessPoint
from pmstudy.domain.readiness_report import Readiness


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


@dataclass(frozen=True)
class TodayProgress:
    """Today's targets for one exam and how far the learner got."""

    new_target: int
    new_done: int
    reviews_due: int
    reviews_done: int
    minutes_target: float
    minutes_done: float

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "new_target": self.new_target,
            "new_done": self.new_done,
            "reviews_due": self.reviews_due,
            "reviews_done": self.reviews_done,
            "minutes_target": round(self.minutes_target, 1),
            "minutes_done": round(self.minutes_done, 1),
        }


@dataclass(frozen=True)
class SimulationInfo:
    """How the 'if you follow the plan' numbers were obtained."""

    runs: int
    stderr: float
    seed: int
    moved_by_exam_mode: float
    answers_total: float


@dataclass(frozen=True)
class ExamReport:
    """Readiness, plan and today's progress for one exam goal; ``history``: its readiness points
    by day, today's included (reports with the plan only)."""

    goal: ExamGoal
    spec: ExamSpec
    now: dt.datetime
    today: dt.date
    exam_day: dt.date
    cards: int
    readiness: Readiness
    plan: StudyPlan | None
    progress: TodayProgress
    learner: LearnerProfile
    simulation: SimulationInfo | None
    history: tuple[ReadinessPoint, ...] = ()

    @property
    def days_left(self) -> int:
        """Study days from today to the exam day (0 on the day itself or after)."""
        return max(0, (self.exam_day - self.today).days)

    def exam_at_zone(self) -> dt.tzinfo:
        """The time zone the exam was booked in."""
        return _zone(self.goal.timezone)

    @property
    def past(self) -> bool:
        """Whether the exam instant has passed."""
        return self.now >= self.goal.exam_at

    def readiness_dict(self) -> dict[str, object]:
        """JSON of ``pmstudy readiness``."""
        r = self.readiness
        local = self.goal.exam_at.astimezone(self.exam_at_zone())
        return {
            "exam_id": self.goal.id,
            "exam": self.spec.id,
            "name": self.spec.name,
            "date": local.date().isoformat(),
            "time": local.strftime("%H:%M"),
            "timezone": self.goal.timezone,
            "days_left": self.days_left,
            "past": self.past,
            "target": self.goal.target,
            "exam_mode": self.goal.exam_mode,
            "cards": self.cards,
            "untagged_cards": r.untagged,
            "overall_today": _round(r.overall_today),
            "overall_plan": _round(r.overall_plan),
            "pass_mark": None
            if r.needed_to_pass is None
            else {"correct": r.needed_to_pass, "of": r.graded_items},
            "pass_probability_today": _round(r.pass_probability_today),
            "pass_probability_plan": _round(r.pass_probability_plan),
            "pass_note": None
            if r.needed_to_pass is not None
            else "no pass mark is published for this exam: see each domain's expected score"
            + (" and the band it points to (assumed thresholds)" if r.bands_assumed else ""),
            "band_thresholds_assumed": {name: t for t, name in ASSUMED_BAND_THRESHOLDS}
            if r.bands_assumed
            else None,
            "options_per_item": self.spec.options_per_item,
            "domains": [
                {
                    "id": d.id,
                    "name": d.name,
                    "weight": d.weight,
                    "cards": d.cards,
                    "seen": d.seen,
                    "coverage": _round(d.seen / d.cards if d.cards else 0.0),
                    "recall_today": _round(d.recall_today),
                    "recall_today_interval": d.today_range.as_dict(),
                    "recall_plan": _round(d.recall_plan),
                    "recall_plan_interval": None
                    if d.plan_range is None
                    else d.plan_range.as_dict(),
                    "task_weighted": d.by_task,
                    "tasks_without_cards": d.empty_tasks,
                    "expected_score_today": _round(d.expected_today),
                    "expected_score_plan": _round(d.expected_plan),
                    "expected_score_today_interval": d.expected_today_range.as_dict(),
                    "expected_score_plan_interval": None
                    if d.expected_plan_range is None
                    else d.expected_plan_range.as_dict(),
                    "band_today": d.band_today,
                    "band_plan": d.band_plan,
                }
                for d in r.domains
            ],
            "weakest_tasks": [
                {
                    "domain": t.domain_id,
                    "task": t.task_id,
                    "name": t.name,
                    "cards": t.cards,
                    "recall_today": _round(t.recall_today),
                    "priority": _round(t.priority),
                }
                for t in r.weakest()
            ],
            "interval_level": r.today.level,
            "readiness_today": r.today.as_dict(),
            "readiness_plan": None if r.plan is None else r.plan.as_dict(),
            "adherence": None
            if r.adherence is None
            else {**r.adherence.as_dict(), "from_history": r.adherence_known},
            "pass_today": None if r.pass_today is None else r.pass_today.as_dict(),
            "pass_plan": None if r.pass_plan is None else r.pass_plan.as_dict(),
            "verdict_today": None if r.verdict_today is None else r.verdict_today.value,
            "verdict_plan": None if r.verdict_plan is None else r.verdict_plan.value,
            "missing": [m.as_dict() for m in r.missing],
            "plan_missing": [m.as_dict() for m in r.plan_missing],
            "mock_exam_answers": r.mock_answers,
            "not_examined_cards": r.not_examined,
            "simulation": None
            if self.simulation is None
            else {
                "runs": self.simulation.runs,
                "stderr": _round(self.simulation.stderr, 5),
                "seed": self.simulation.seed,
                "reviews_moved_by_exam_mode": round(self.simulation.moved_by_exam_mode, 1),
            },
            "today": self.progress.as_dict(),
        }

    def plan_dict(self) -> dict[str, object]:
        """JSON of ``pmstudy plan``."""
        plan = self.plan
        learner = self.learner
        base: dict[str, object] = {
            "exam_id": self.goal.id,
            "exam": self.spec.id,
            "date": self.exam_day.isoformat(),
            "days_left": self.days_left,
            "buffer_days": self.goal.buffer_days,
            "budget_minutes": self.goal.minutes_per_day,
            "seconds_per_answer": round(learner.seconds_per_answer, 1),
            "seconds_from_log": learner.own_seconds,
            "rating_mix_from_log": learner.own_pass,
            "today": self.progress.as_dict(),
        }
        if plan is None:
            base.update(new_per_day=0, new_remaining=0, introduce_by=None, days=[], warning=None)
            return base
        base.update(
            new_per_day=plan.new_per_day,
            new_remaining=plan.new_remaining,
            introduce_by=None if plan.introduce_by is None else plan.introduce_by.isoformat(),
            inside_buffer=plan.inside_buffer,
            peak_minutes=round(plan.peak_minutes, 1),
            days=[
                {
                    "date": d.day.isoformat(),
                    "new": round(d.new, 1),
                    "reviews": round(d.reviews, 1),
                    "minutes": round(d.minutes, 1),
                }
                for d in plan.days
            ],
            warning=None
            if plan.warning is None
            else {"message": plan.warning.message(), "options": plan.warning.options()},
        )
        return base


def _zone(name: str) -> dt.tzinfo:
    return ZoneInfo(name) if name and name != "UTC" else dt.UTC


@dataclass(frozen=True)
class TaskCoverage:
    """Cards carrying one task's tag."""

    id: str
    name: str
    cards: int


@dataclass(frozen=True)
class DomainCoverage:
    """Cards of one domain: all of them, those with no task tag, and per task."""

    id: str
    name: str
    weight: float
    cards: int
    without_task: int
    tasks: tuple[TaskCoverage, ...]


@dataclass(frozen=True)
class Coverage:
    """How many cards of the collection serve each domain and task of an exam.

    ``cards`` counts the cards serving a domain; ``not_examined`` the cards about the exam
    itself (``exam::<profile>::about-the-exam``), which serve none.
    """

    spec: ExamSpec
    cards: int
    domains: tuple[DomainCoverage, ...]
    not_examined: int = 0

    @property
    def gaps(self) -> list[str]:
        """Domains and tasks with no card at all, as 'domain' or 'domain::task'."""
        found = []
        for d in self.domains:
            if d.cards == 0:
                found.append(d.id)
            found.extend(f"{d.id}::{t.id}" for t in d.tasks if t.cards == 0)
        return found

    def as_dict(self) -> dict[str, object]:
        """JSON of ``pmstudy coverage``."""
        return {
            "exam": self.spec.id,
            "name": self.spec.name,
            "cards": self.cards,
            "domains": [
                {
                    "id": d.id,
                    "name": d.name,
                    "weight": d.weight,
                    "cards": d.cards,
                    "without_task": d.without_task,
                    "tasks": [{"id": t.id, "name": t.name, "cards": t.cards} for t in d.tasks],
                }
                for d in self.domains
            ],
            "not_examined": self.not_examined,
            "gaps": self.gaps,
        }


def coverage_from_tags(spec: ExamSpec, tag_counts: list[tuple[tuple[str, ...], int]]) -> Coverage:
    """Count cards per domain and task from (tags of a note, its cards) pairs."""
    domain_cards: dict[str, int] = {d.id: 0 for d in spec.domains}
    without: dict[str, int] = {d.id: 0 for d in spec.domains}
    task_cards: dict[tuple[str, str], int] = {}
    total = 0
    not_examined = 0
    for tags, count in tag_counts:
        if any(is_about_exam(tag, spec.id) for tag in tags):
            not_examined += count
            continue
        domains: set[str] = set()
        tasks: set[tuple[str, str]] = set()
        for tag in tags:
            parts = exam_tag(tag)
            if parts is None or parts[0] != spec.id or parts[1] not in domain_cards:
                continue
            domains.add(parts[1])
            if parts[2] is not None:
                tasks.add((parts[1], parts[2]))
        if not domains:
            continue
        total += count
        for domain in domains:
            domain_cards[domain] += count
            if not any(t[0] == domain for t in tasks):
                without[domain] += count
        for task in tasks:
            task_cards[task] = task_cards.get(task, 0) + count
    return Coverage(
        spec=spec,
        cards=total,
        domains=tuple(
            DomainCoverage(
                id=d.id,
                name=d.name,
                weight=d.weight,
                cards=domain_cards[d.id],
                without_task=without[d.id],
                tasks=tuple(
                    TaskCoverage(t.id, t.name, task_cards.get((d.id, t.id), 0)) for t in d.tasks
                ),
            )
            for d in spec.domains
        ),
        not_examined=not_examined,
    )
