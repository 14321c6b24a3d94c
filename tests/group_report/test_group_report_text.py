"""The group report's words where the learner's evidence is enough for a pass probability, and
for an exam without a published pass mark (the group's own data has neither)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pmstudy.clock import FixedClock
from pmstudy.domain.exam import Estimate
from pmstudy.services.group_report import LearnerExam, group_report
from pmstudy.settings import Settings
from pmstudy.tui.screens.group_report_text import pass_line, pass_short, readiness_short
from tests.group_report.support import LATER


def _ana_exam(data: Path) -> LearnerExam:
    report = group_report(Settings(data_dir=data, timezone="UTC"), FixedClock(LATER))
    (exam,) = report.learners[0].exams
    return exam


def _with(exam: LearnerExam, **readiness: object) -> LearnerExam:
    assert exam.report is not None
    changed = replace(exam.report.readiness, **readiness)  # type: ignore[arg-type]
    return replace(exam, report=replace(exam.report, readiness=changed))


def test_a_pass_probability_with_its_interval_and_verdict(group_data: Path) -> None:
    exam = _with(_ana_exam(group_data), pass_today=Estimate(0.384, 0.2, 0.58), missing=())
    assert pass_line(exam) == "38% (80% interval 20–58%): uncertain"
    assert pass_short(exam) == "38% (20–58%)"
    likely = _with(exam, pass_today=Estimate(0.995, 0.9, 0.999))
    assert pass_line(likely) == "> 99% (80% interval 90–> 99%): likely to pass"


def test_withheld_and_not_computed(group_data: Path) -> None:
    exam = _ana_exam(group_data)
    assert pass_short(exam) == "no number yet"
    assert pass_line(exam).startswith("no number yet: review about ")
    assert readiness_short(exam) == "1% (1–1%)"
    no_mark = _with(exam, needed_to_pass=None, pass_note="the pass mark is not published")
    assert pass_line(no_mark) == "not computed: the pass mark is not published"
    assert pass_short(no_mark) == "not computed"


def test_a_task_is_named_with_its_code_and_a_domain_without_tasks_by_its_name() -> None:
    from pmstudy.domain.exam.cohort import CohortTask
    from pmstudy.tui.screens.group_report_text import task_label

    task = CohortTask("people", "1", "Manage conflict", 2, 1, 0.5, 0.4)
    assert task_label(task) == "people::1 Manage conflict"
    domain = CohortTask("people-teams", None, "Developing People and Teams", 2, 1, 0.5, 0.4)
    assert task_label(domain) == "Developing People and Teams"
