"""The dashboard's exams: a readiness panel per exam ahead, with the eligibility status line
(training hours, months of experience: ``eligibility_text.status_line``) above the countdown
of an exam that has a requirement on file (PMP, CAPM, PMI-ACP; none for PSM, PRINCE2...)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.containers import Vertical
from textual.widgets import Static

from pmstudy.tui.screens.eligibility_text import status_line
from pmstudy.tui.widgets.readiness import ExamReadiness

if TYPE_CHECKING:
    from pmstudy.domain.exam import ExamGoal
    from pmstudy.tui.ports import ExamsServices

MAX_EXAMS_SHOWN = 3
NO_EXAM = "No exam date set: press x to add one and see your readiness."


def eligibility_lines(services: ExamsServices, goals: list[ExamGoal]) -> dict[int, str]:
    """The status line of each shown exam that has a requirement, by goal id (read in the
    dashboard's worker thread: one read of the log per exam)."""
    lines = {}
    for goal in goals[:MAX_EXAMS_SHOWN]:
        line = status_line(services.eligibility.goal_status(goal))
        if line is not None:
            lines[goal.id] = line
    return lines


def show_exams(
    box: Vertical, services: ExamsServices, goals: list[ExamGoal], lines: dict[int, str]
) -> None:
    """Fill ``box`` with a panel per exam ahead (the first three), or the hint to add one."""
    box.remove_children()
    if not goals:
        box.mount(Static(Text(NO_EXAM, "dim"), classes="dash-exam-hint"))
        return
    for goal in goals[:MAX_EXAMS_SHOWN]:
        line = lines.get(goal.id)
        if line is None:
            panel = ExamReadiness(services, classes="dash-exam")
            box.mount(panel)
        else:
            panel = ExamReadiness(services)
            status = Static(Text(line, "dim"), classes="dash-eligibility")
            box.mount(Vertical(status, panel, classes="dash-exam"))
        panel.show(goal.id)
