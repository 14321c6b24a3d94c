"""``pmstudy group report --json``: the group report with stable keys (docs/group.md).

Readiness keys mean what they mean in ``pmstudy readiness --json`` (today's figures: "if you
stopped now"), under the same names; where a number is withheld it is null and ``missing``
says why, as the
learner's own report does.
"""

from __future__ import annotations

from typing import Any

from pmstudy.domain.exam import CohortTask, Estimate
from pmstudy.domain.fmt import rounded
from pmstudy.services.group_report.report import (
    CohortExam,
    GroupReport,
    LearnerExam,
    LearnerReport,
    MockGlance,
)

Json = dict[str, Any]


def report_json(report: GroupReport) -> Json:
    """The whole report as JSON-ready data."""
    return {
        "generated_at": report.now.isoformat(),
        "today": report.today.isoformat(),
        "learners": [_learner(learner) for learner in report.learners],
        "cohort": [_cohort(exam) for exam in report.cohort],
    }


def _estimate(estimate: Estimate | None) -> Json | None:
    return None if estimate is None else dict(estimate.as_dict())


def _learner(learner: LearnerReport) -> Json:
    missing = learner.unavailable
    activity = learner.activity
    return {
        "name": learner.name,
        "status": "ok"
        if missing is None
        else ("schema_behind" if missing.revision is not None else "unavailable"),
        "problem": None if missing is None else missing.reason,
        "schema": None if missing is None else missing.revision,
        "activity": None
        if activity is None
        else {
            "days": [
                {
                    "date": activity.day(i).isoformat(),
                    "answers": answers,
                    "minutes": round(seconds / 60, 1),
                }
                for i, (answers, seconds) in enumerate(
                    zip(activity.totals, activity.seconds, strict=True)
                )
            ],
            "answers": sum(activity.totals),
            "minutes": round(sum(activity.seconds) / 60, 1),
        },
        "exams": [_exam(exam) for exam in learner.exams],
    }


def _exam(exam: LearnerExam) -> Json:
    goal = exam.goal
    return {
        "exam_id": goal.id,
        "exam": goal.profile_id,
        "name": exam.name,
        "date": exam.exam_date.isoformat(),
        "days_left": exam.days_left,
        "past": exam.past,
        "target": goal.target,
        "readiness": _readiness(exam),
        "last_mock": None if exam.last_mock is None else _mock(exam.last_mock),
    }


def _readiness(exam: LearnerExam) -> Json | None:
    if exam.report is None:
        return None
    r = exam.report.readiness
    counted = exam.counted
    return {
        "cards": exam.report.cards,
        "counted": counted,
        "overall_today": rounded(r.overall_today) if counted else None,
        "readiness_today": _estimate(r.today) if counted else None,
        "pass_mark": None
        if r.needed_to_pass is None
        else {"correct": r.needed_to_pass, "of": r.graded_items},
        "pass_probability_today": rounded(r.pass_probability_today),
        "pass_today": _estimate(r.pass_today),
        "verdict_today": None if r.verdict_today is None else r.verdict_today.value,
        # with --with-plan: the same if the learner follows the plan (else null)
        "readiness_plan": _estimate(r.plan) if counted else None,
        "pass_plan": _estimate(r.pass_plan),
        "verdict_plan": None if r.verdict_plan is None else r.verdict_plan.value,
        "plan_missing": [m.as_dict() for m in r.plan_missing],
        "pass_note": r.pass_note or None,
        "missing": [m.as_dict() for m in r.missing],
        "domains": [
            {
                "id": d.id,
                "name": d.name,
                "weight": d.weight,
                "cards": d.cards,
                "seen": d.seen,
                "recall_today": rounded(d.recall_today) if d.cards else None,
                "recall_today_interval": _estimate(d.today_range) if d.cards else None,
            }
            for d in r.domains
        ],
    }


def _mock(mock: MockGlance) -> Json:
    return {
        "id": mock.id,
        "title": mock.title,
        "date": mock.day.isoformat(),
        "finished_at": mock.finished_at.isoformat(),
        "items": mock.items,
        "full_length": mock.full_length,
        "right": mock.right,
        "scored": mock.scored,
        "score": round(mock.share, 4),
        "needed": mock.needed,
        "passed": mock.passed,
    }


def _cohort(exam: CohortExam) -> Json:
    return {
        "exam": exam.exam,
        "name": exam.name,
        "learners": exam.learners,
        "weakest_tasks": [_task(t) for t in exam.weakest],
    }


def _task(task: CohortTask) -> Json:
    return {
        "domain": task.domain_id,
        "task": task.task_id,
        "name": task.name,
        "learners": task.learners,
        "below_target": task.below_target,
        "mean_recall": rounded(task.mean_recall),
        "lowest_recall": rounded(task.lowest_recall),
    }
