"""The group report's words, shared by its screen and ``pmstudy group report``
(the command line imports them from here, as it does the plan's final-pass line)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmstudy.domain.fmt import percent, probability, span

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pmstudy.domain.exam import CohortTask, Estimate, Missing, Readiness, Verdict
    from pmstudy.services.group_report import LearnerExam, LearnerReport, MockGlance, Unavailable

NO_LEARNERS = "no learner profiles visible to this account"


def unavailable_line(name: str, missing: Unavailable) -> str:
    """'carl: schema 0009, run pmstudy group upgrade' (or why the learner cannot be read)."""
    if missing.revision is not None:
        return f"{name}: schema {missing.revision}, run pmstudy group upgrade"
    return f"{name}: {missing.reason}"


def mock_line(mock: MockGlance | None) -> str:
    """'2026-12-01: 72% (36/50 right, pass)' or 'none yet'."""
    if mock is None:
        return "none yet"
    verdict = ""
    if mock.passed is not None:
        verdict = ", pass" if mock.passed else ", fail"
    length = "" if mock.full_length else f", shortened to {mock.items} items"
    tally = f"{mock.right}/{mock.scored} right{verdict}{length}"
    return f"{mock.day:%Y-%m-%d}: {percent(mock.share, 0)} ({tally})"


def countdown(exam: LearnerExam) -> str:
    """'exam 2026-12-21, 14 days left' (or over)."""
    when = f"exam {exam.exam_date:%Y-%m-%d}"
    if exam.past:
        return f"{when}, the exam is over"
    return f"{when}, {exam.days_left} day{'s' if exam.days_left != 1 else ''} left"


def pass_line(exam: LearnerExam) -> str:
    """The pass probability today as the learner's readiness gives it, or why there is none."""
    if exam.report is None:
        return "the exam is over"
    r = exam.report.readiness
    return _pass_text(r, r.pass_today, r.verdict_today, r.missing)


def _pass_text(
    r: Readiness, estimate: Estimate | None, verdict: Verdict | None, missing: Sequence[Missing]
) -> str:
    """'62% (80% interval 41–80%): likely', or why there is no number."""
    if r.needed_to_pass is None:
        return f"not computed: {r.pass_note}"
    if estimate is None or verdict is None:
        return "no number yet: " + "; ".join(m.sentence() for m in missing)
    interval = span(estimate.low, estimate.high, bounded=True)
    return f"{probability(estimate.value)} (80% interval {interval}): {verdict.value}"


def pass_short(exam: LearnerExam) -> str:
    """The pass probability in a table cell: '38% (20–58%)', 'no number yet', '—'."""
    if exam.report is None:
        return "—"
    r = exam.report.readiness
    if r.needed_to_pass is None:
        return "not computed"
    if r.pass_today is None:
        return "no number yet"
    interval = span(r.pass_today.low, r.pass_today.high, bounded=True)
    return f"{probability(r.pass_today.value)} ({interval})"


def readiness_line(exam: LearnerExam) -> str:
    """Readiness today with its interval, or why there is no number."""
    if exam.report is None:
        return "the exam is over"
    r = exam.report.readiness
    if not exam.counted:
        return f"no number yet: no linked card is on the {exam.goal.profile_id} blueprint"
    return f"{percent(r.today.value, 0)} (80% interval {span(r.today.low, r.today.high)})"


def plan_line(exam: LearnerExam) -> str | None:
    """Readiness if the learner follows the plan, with its interval (None: not asked for)."""
    if exam.report is None or exam.report.readiness.plan is None:
        return None
    plan = exam.report.readiness.plan
    return f"{percent(plan.value, 0)} (80% interval {span(plan.low, plan.high)})"


def pass_plan_line(exam: LearnerExam) -> str | None:
    """The pass probability with the plan, or why there is none (None: not asked for)."""
    if exam.report is None or exam.report.readiness.plan is None:
        return None
    r = exam.report.readiness
    return _pass_text(r, r.pass_plan, r.verdict_plan, r.plan_missing)


def readiness_short(exam: LearnerExam) -> str:
    """Readiness today in a table cell: '64% (55–73%)', 'no number yet', '—'."""
    if exam.report is None:
        return "—"
    if not exam.counted:
        return "no number yet"
    today = exam.report.readiness.today
    return f"{percent(today.value, 0)} ({span(today.low, today.high)})"


def activity_short(learner: LearnerReport) -> str:
    """'25 answers, 2 min'."""
    days = learner.activity
    if days is None:
        return "—"
    total = sum(days.totals)
    return f"{total} answer{'s' if total != 1 else ''}, {sum(days.seconds) / 60:.0f} min"


def activity_line(learner: LearnerReport) -> str:
    """'Last 7 days: 143 answers, 52 min (Tue 20 · Wed 0 · …)'."""
    days = learner.activity
    if days is None:
        return ""
    per_day = " · ".join(f"{days.day(i):%a} {n}" for i, n in enumerate(days.totals))
    return f"Last {len(days.totals)} days: {activity_short(learner)} ({per_day})"


def task_label(task: CohortTask) -> str:
    """'people::1 Manage conflict'; a domain without tasks (Scrum's) by its name alone."""
    if not task.task_id:
        return task.name
    return f"{task.domain_id}::{task.task_id} {task.name}"
