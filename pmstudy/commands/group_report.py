"""``pmstudy group report [--json]``: the trainer's view of every learner (docs/group.md)."""

from __future__ import annotations

import argparse
import shutil
import textwrap
from typing import TYPE_CHECKING

from pmstudy.commands.common import make_clock, print_json
from pmstudy.commands.exam_printers import name_width
from pmstudy.domain.fmt import percent, span
from pmstudy.settings import Settings
from pmstudy.tui.screens.group_report_text import (
    NO_LEARNERS,
    activity_line,
    countdown,
    mock_line,
    pass_line,
    pass_plan_line,
    plan_line,
    readiness_line,
    task_label,
    unavailable_line,
)

if TYPE_CHECKING:
    from pmstudy.services.group_report import CohortExam, GroupReport, LearnerExam


def cmd_report(settings: Settings, args: argparse.Namespace) -> int:
    """Every learner's readiness, last mock, exam countdown and activity; the weakest tasks."""
    from pmstudy.services.group_report import group_report, report_json

    report = group_report(settings, make_clock(settings), with_plan=args.with_plan)
    if args.json:
        print_json(report_json(report))
    else:
        print_group_report(report)
    return 0


def _labelled(label: str, text: str) -> None:
    """'    Label            text', wrapped under the text at the terminal's width."""
    head = f"    {label:<17}"
    width = max(60, shutil.get_terminal_size().columns)
    print(textwrap.fill(text, width, initial_indent=head, subsequent_indent=" " * len(head)))


def _print_exam(exam: LearnerExam) -> None:
    print(f"  {exam.name} ({exam.goal.profile_id}), {countdown(exam)}")
    _labelled("Last mock", mock_line(exam.last_mock))
    if exam.report is None:
        return
    _labelled("Readiness today", readiness_line(exam))
    if (plan := plan_line(exam)) is not None:
        _labelled("With the plan", plan)
    _labelled("Pass today", pass_line(exam))
    if (pass_plan := pass_plan_line(exam)) is not None:
        _labelled("Pass, plan", pass_plan)
    domains = exam.report.readiness.domains
    width = name_width((d.name for d in domains), 40)
    print(f"    {'Domain':<{width}} cards  seen  today  (interval)")
    for d in domains:
        name, *rest = textwrap.wrap(d.name, width) or [""]
        if d.cards:
            figures = (
                f"{percent(d.recall_today, 0):>5}  ({span(d.today_range.low, d.today_range.high)})"
            )
        else:
            figures = "    —  (no card covers it)"
        print(f"    {name:<{width}} {d.cards:>5} {d.seen:>5} {figures}")
        for more in rest:
            print(f"      {more}")


def _print_cohort(cohort: tuple[CohortExam, ...]) -> None:
    if not cohort:
        return
    print()
    print("Weakest tasks across the group (exam-day recall if they stopped now)")
    for exam in cohort:
        print(f"  {exam.name} ({exam.exam}), {exam.learners} learner(s) preparing")
        if not exam.weakest:
            print("    no task has cards yet")
        for task in exam.weakest:
            print(
                f"    {task_label(task)}: mean {percent(task.mean_recall, 0)}, lowest "
                f"{percent(task.lowest_recall, 0)}; {task.below_target} of {task.learners} "
                "below their target"
            )


def print_group_report(report: GroupReport) -> None:
    """The group report, human-readable."""
    count = len(report.learners)
    if not count:
        print(NO_LEARNERS)
        return
    print(f"Group report, {report.today:%Y-%m-%d}: {count} learner{'s' if count != 1 else ''}")
    for learner in report.learners:
        print()
        if learner.unavailable is not None:
            print(unavailable_line(learner.name, learner.unavailable))
            continue
        print(learner.name)
        if not learner.exams:
            print("  no exam booked")
        for exam in learner.exams:
            _print_exam(exam)
        print(f"  {activity_line(learner)}")
    _print_cohort(report.cohort)
