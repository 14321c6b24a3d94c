"""What the exam commands and screens show: readiness, plan and today's progress.

Plain data built from the domain maths; ``readiness_dict`` and ``plan_dict`` give the JSON the
CLI prints (typed in report_json.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast
from zoneinfo import ZoneInfo

from pmstudy.domain.exam import (
    ASSUMED_BAND_THRESHOLDS,
    Estimate,
    ExamGoal,
    ExamSpec,
    Readiness,
    ReadinessPoint,
    StudyPlan,
)
from pmstudy.domain.fmt import rounded
from pmstudy.domain.scheduling import LearnerProfile
from pmstudy.services.exams.report_json import (
    AdherenceJson,
    EstimateJson,
    FinalPassJson,
    PlanHeadJson,
    PlanJson,
    ReadinessJson,
    TodayJson,
    UnmappedJson,
)

if TYPE_CHECKING:
    from pmstudy.services.exams.last_mock import LastMock


def _estimate(estimate: Estimate) -> EstimateJson:
    return cast(EstimateJson, estimate.as_dict())


def _maybe(estimate: Estimate | None) -> EstimateJson | None:
    return None if estimate is None else _estimate(estimate)


@dataclass(frozen=True)
class TodayProgress:
    """Today's targets for one exam and how far the learner got."""

    new_target: int
    new_done: int
    reviews_due: int
    reviews_done: int
    minutes_target: float
    minutes_done: float

    def as_dict(self) -> TodayJson:
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
class UnmappedDeck:
    """A linked deck (its sub-decks included) and its cards not mapped to the exam yet: no
    domain tag of the exam, not about the exam, not marked as not on it."""

    deck: str
    cards: int

    def as_dict(self) -> UnmappedJson:
        """JSON-ready form."""
        return {"deck": self.deck, "cards": self.cards}


@dataclass(frozen=True)
class FinalPass:
    """The final pass in the plan: its window and the load the plan expects in it."""

    days: int
    first: dt.date
    reviews_moved: float | None
    reviews_per_day: float | None
    peak_minutes: float | None


@dataclass(frozen=True)
class SimulationInfo:
    """How the 'if you follow the plan' numbers were obtained."""

    runs: int
    stderr: float
    seed: int
    moved_by_exam_mode: float
    answers_total: float
    # reviews the final pass brings into its window (mean per run; 0 when it is off)
    moved_by_final_pass: float = 0.0


@dataclass(frozen=True)
class ExamReport:
    """Readiness, plan and today's progress for one exam goal; ``history``: its readiness points
    by day, today's included (reports with the plan only); ``unmapped``: the linked decks with
    cards not on the blueprint yet."""

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
    unmapped: tuple[UnmappedDeck, ...] = ()

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

    def readiness_dict(self, last_mock: LastMock | None = None) -> ReadinessJson:
        """JSON of ``pmstudy readiness``; ``last_mock``: the latest mock exam set against this
        report (``ExamService.last_mock``), null when none is given."""
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
            "unmapped": [u.as_dict() for u in self.unmapped],
            "overall_today": rounded(r.overall_today),
            "overall_plan": rounded(r.overall_plan),
            "pass_mark": None
            if r.needed_to_pass is None
            else {"correct": r.needed_to_pass, "of": r.graded_items},
            "pass_probability_today": rounded(r.pass_probability_today),
            "pass_probability_plan": rounded(r.pass_probability_plan),
            "pass_note": None
            if r.needed_to_pass is not None
            else f"{r.pass_note}: see each domain's expected score"
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
                    "coverage": rounded(d.seen / d.cards if d.cards else 0.0),
                    "recall_today": rounded(d.recall_today),
                    "recall_today_interval": _estimate(d.today_range),
                    "recall_plan": rounded(d.recall_plan),
                    "recall_plan_interval": _maybe(d.plan_range),
                    "task_weighted": d.by_task,
                    "tasks_without_cards": d.empty_tasks,
                    "expected_score_today": rounded(d.expected_today),
                    "expected_score_plan": rounded(d.expected_plan),
                    "expected_score_today_interval": _estimate(d.expected_today_range),
                    "expected_score_plan_interval": _maybe(d.expected_plan_range),
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
                    "recall_today": rounded(t.recall_today),
                    "priority": rounded(t.priority),
                }
                for t in r.weakest()
            ],
            "interval_level": r.today.level,
            "readiness_today": _estimate(r.today),
            "readiness_plan": _maybe(r.plan),
            "adherence": None
            if r.adherence is None
            else cast(AdherenceJson, {**r.adherence.as_dict(), "from_history": r.adherence_known}),
            "pass_today": _maybe(r.pass_today),
            "pass_plan": _maybe(r.pass_plan),
            "verdict_today": None if r.verdict_today is None else r.verdict_today.value,
            "verdict_plan": None if r.verdict_plan is None else r.verdict_plan.value,
            "missing": [m.as_dict() for m in r.missing],
            "plan_missing": [m.as_dict() for m in r.plan_missing],
            "mock_exam_answers": r.mock_answers,
            "not_examined_cards": r.not_examined,
            "not_on_exam_cards": r.not_on_exam,
            "simulation": None
            if self.simulation is None
            else {
                "runs": self.simulation.runs,
                "stderr": rounded(self.simulation.stderr, 5),
                "seed": self.simulation.seed,
                "reviews_moved_by_exam_mode": round(self.simulation.moved_by_exam_mode, 1),
                "reviews_moved_by_final_pass": round(self.simulation.moved_by_final_pass, 1),
            },
            "today": self.progress.as_dict(),
            "last_mock": None if last_mock is None else last_mock.as_dict(self.exam_at_zone()),
        }

    def final_pass(self) -> FinalPass | None:
        """The goal's final pass as the plan sees it (None: off)."""
        days = self.goal.final_pass_days
        if days is None:
            return None
        first = self.exam_day - dt.timedelta(days=days)
        extra = self.simulation.moved_by_final_pass if self.simulation is not None else None
        window = [d for d in self.plan.days if d.day >= first] if self.plan is not None else []
        return FinalPass(
            days=days,
            first=first,
            reviews_moved=extra,
            reviews_per_day=sum(d.reviews for d in window) / len(window) if window else None,
            peak_minutes=max((d.minutes for d in window), default=None),
        )

    def final_pass_dict(self) -> FinalPassJson | None:
        """JSON of the final pass (None: off)."""
        found = self.final_pass()
        if found is None:
            return None
        return {
            "days": found.days,
            "first_day": found.first.isoformat(),
            "reviews_moved": None if found.reviews_moved is None else round(found.reviews_moved, 1),
            "reviews_per_day": None
            if found.reviews_per_day is None
            else round(found.reviews_per_day, 1),
            "peak_minutes": None if found.peak_minutes is None else round(found.peak_minutes, 1),
        }

    def plan_dict(self) -> PlanJson:
        """JSON of ``pmstudy plan``."""
        plan = self.plan
        learner = self.learner
        head: PlanHeadJson = {
            "exam_id": self.goal.id,
            "exam": self.spec.id,
            "date": self.exam_day.isoformat(),
            "days_left": self.days_left,
            "buffer_days": self.goal.buffer_days,
            "final_pass": self.final_pass_dict(),
            "plan_sets_new": self.goal.plan_sets_new,
            "budget_minutes": self.goal.minutes_per_day,
            "seconds_per_answer": round(learner.seconds_per_answer, 1),
            "seconds_from_log": learner.own_seconds,
            "rating_mix_from_log": learner.own_pass,
            "today": self.progress.as_dict(),
        }
        if plan is None:
            return {
                **head,
                "new_per_day": 0,
                "new_remaining": 0,
                "introduce_by": None,
                "days": [],
                "warning": None,
            }
        return {
            **head,
            "new_per_day": plan.new_per_day,
            "new_remaining": plan.new_remaining,
            "introduce_by": None if plan.introduce_by is None else plan.introduce_by.isoformat(),
            "inside_buffer": plan.inside_buffer,
            "peak_minutes": round(plan.peak_minutes, 1),
            "days": [
                {
                    "date": d.day.isoformat(),
                    "new": round(d.new, 1),
                    "reviews": round(d.reviews, 1),
                    "minutes": round(d.minutes, 1),
                }
                for d in plan.days
            ],
            "warning": None
            if plan.warning is None
            else {"message": plan.warning.message(), "options": plan.warning.options()},
        }


def _zone(name: str) -> dt.tzinfo:
    return ZoneInfo(name) if name and name != "UTC" else dt.UTC
