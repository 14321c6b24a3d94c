"""``pmstudy group report [--json]``: the trainer's view of every learner (docs/group.md)."""

from __future__ import annotations

import argparse
import shutil
import textwrap
from typing import TYPE_CHECKING

from pmstudy.commands.common import make_clock, print_json
from pmstudy.commands.exam_printers import name_width
from pmstudy.domain.fmt import percent, probability, span
from pmstudy.settings import Settings

if TYPE_CHECKING:
    from pmstudy.domain.exam import CohortTask
    from pmstudy.services.group_report import (
        CohortExam,
        GroupReport,
        LearnerExam,
        LearnerReport,
        MockGlance,
        Unavailable,
    )

NO_LEARNERS = "no learner profiles visible to this account"


def cmd_report(settings: Settings, args: argparse.Namespace) -> int:
    """Every learner's readiness, last mock, exam countdown and activity; the weakest tasks."""
    from pmstudy.services.group_report import group_report, report_json

    report = group_report(settings, make_clock(settings))
    if args.json:
        print_json(report_json(report))
    else:
        print_group_report(report)
    return 0


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
    assert exam.report is not None
    r = exam.report.readiness
    if r.needed_to_pass is None:
        return f"not computed: {r.pass_note}"
    if r.pass_today is None or r.verdict_today is None:
        return "no number yet: " + "; ".join(m.sentence() for m in r.missing)
    return (
        f"{probability(r.pass_today.value)} (80% interval "
        f"{span(r.pass_today.low, r.pass_today.high, bounded=True)}): {r.verdict_today.value}"
    )


def readiness_line(exam: LearnerExam) -> str:
    """Readiness today with its interval, or why there is no number."""
    assert exam.report is not None
    r = exam.report.readiness
    if not exam.counted:
        return f"no number yet: no linked card is on the {exam.goal.profile_id} blueprint"
    return f"{percent(r.today.value, 0)} (80% interval {span(r.today.low, r.today.high)})"


def activity_line(learner: LearnerReport) -> str:
    """'Last 7 days: 143 answers, 52 min (Tue 20 · Wed 0 · …)'."""
    days = learner.activity
    if days is None:
        return ""
    per_day = " · ".join(f"{days.day(i):%a} {n}" for i, n in enumerate(days.totals))
    minutes = sum(days.seconds) / 60
    return (
        f"Last {len(days.totals)} days: {sum(days.totals)} answers, {minutes:.0f} min ({per_day})"
    )


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
    _labelled("Pass today", pass_line(exam))
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


def task_label(task: CohortTask) -> str:
    """'people::1 Manage conflict'."""
    code = task.domain_id + (f"::{task.task_id}" if task.task_id else "")
    return f"{code} {task.name}"


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
