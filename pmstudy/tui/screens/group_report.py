"""The trainer's group report: every learner at a glance, each one's readiness by domain, and
the group's weakest tasks (``pmstudy group report`` in the terminal; docs/group.md).

One service call (``GroupReports.report``: each learner opened read-only) in a thread worker,
so the app stays responsive while a server answers. Everything read from the learners'
collections is shown literally (Rich ``Text``, never markup).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from pmstudy import crashlog
from pmstudy.domain.fmt import percent, span
from pmstudy.errors import PmStudyError
from pmstudy.services.group_report import ACTIVITY_DAYS
from pmstudy.tui.screens.group_report_text import (
    NO_LEARNERS,
    activity_line,
    mock_line,
    pass_line,
    pass_plan_line,
    pass_short,
    plan_line,
    readiness_short,
    task_label,
    unavailable_line,
)
from pmstudy.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from pmstudy.services.group_report import CohortExam, GroupReport, LearnerExam
    from pmstudy.tui.ports import GroupReportServices

LOADING = "Reading every learner's collection (read-only)…"


def _table(title: str, *columns: str, figures: int) -> Table:
    """A table in the report's style; its last ``figures`` columns are numbers (right)."""
    table = Table(
        title=Text(title, "bold"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
        expand=False,
    )
    for index, name in enumerate(columns):
        right = index >= len(columns) - figures
        table.add_column(Text(name), justify="right" if right else "left")
    return table


def overview_rows(report: GroupReport) -> list[list[Text]]:
    """The overview's cells: a row per learner and exam (a learner without one: one row)."""
    rows: list[list[Text]] = []
    for learner in report.learners:
        if learner.unavailable is not None:
            continue
        days = learner.activity
        activity = (
            ["", ""] if days is None else [str(sum(days.totals)), f"{sum(days.seconds) / 60:.0f}"]
        )
        if not learner.exams:
            rows.append([Text(learner.name), Text("none", "dim"), *map(Text, [""] * 4 + activity)])
        for index, exam in enumerate(learner.exams):
            mock = exam.last_mock
            cells = [
                exam.goal.profile_id,
                readiness_short(exam),
                pass_short(exam),
                "—" if mock is None else f"{percent(mock.share, 0)} {mock.day:%m-%d}",
                "over" if exam.past else str(exam.days_left),
                *(activity if index == 0 else ["", ""]),
            ]
            rows.append([Text(learner.name if index == 0 else ""), *map(Text, cells)])
    return rows


def overview_table(report: GroupReport) -> Table:
    """A row per learner and exam: readiness, pass, last mock, countdown, the last 7 days.

    Every column but the learner's is as wide as its widest cell, so the figures never wrap
    (at 80 columns Rich's own fitting split 'no number yet' over two lines); a long learner
    name wraps instead."""
    headers = ("Learner", "Exam", "Readiness", "Pass", "Mock", "Days", "Answers", "Min")
    table = _table(
        f"Learners · answers and minutes over the last {ACTIVITY_DAYS} days",
        *headers,
        figures=3,
    )
    rows = overview_rows(report)
    for index, column in enumerate(table.columns[1:], start=1):
        column.min_width = max([len(headers[index]), *(row[index].cell_len for row in rows)])
    for row in rows:
        table.add_row(*row)
    return table


def domain_table(name: str, exam: LearnerExam) -> RenderableType:
    """One learner's exam: readiness by domain with intervals, the pass line, the last mock."""
    title = f"{name} · {exam.name}"
    parts: list[RenderableType] = []
    if exam.report is None:
        return Group(Text(title, "bold"), Text(f"exam {exam.exam_date:%Y-%m-%d} is over", "dim"))
    table = _table(title, "Domain", "Cards", "Seen", "Today", "80% interval", figures=4)
    for d in exam.report.readiness.domains:
        if d.cards:
            figures = (percent(d.recall_today, 0), span(d.today_range.low, d.today_range.high))
        else:
            figures = ("—", "no card covers it")
        table.add_row(Text(d.name), str(d.cards), str(d.seen), *map(Text, figures))
    parts.append(table)
    parts.append(Text(f"Pass today: {pass_line(exam)}", "dim"))
    if (plan := plan_line(exam)) is not None:
        parts.append(Text(f"With the plan: {plan}", "dim"))
    if (pass_plan := pass_plan_line(exam)) is not None:
        parts.append(Text(f"Pass, plan: {pass_plan}", "dim"))
    parts.append(Text(f"Last mock: {mock_line(exam.last_mock)}", "dim"))
    return Group(*parts)


def cohort_table(exam: CohortExam) -> RenderableType:
    """The exam's weakest tasks across the learners preparing for it."""
    title = f"Weakest tasks · {exam.name} · {exam.learners} learner(s)"
    if not exam.weakest:
        return Group(Text(title, "bold"), Text("no task has cards yet", "dim"))
    table = _table(title, "Task", "Learners", "Below target", "Mean", "Lowest", figures=4)
    for task in exam.weakest:
        table.add_row(
            Text(task_label(task)),
            str(task.learners),
            str(task.below_target),
            percent(task.mean_recall, 0),
            percent(task.lowest_recall, 0),
        )
    return table


def report_view(report: GroupReport) -> RenderableType:
    """The whole report as one renderable."""
    count = len(report.learners)
    if not count:
        return Text(NO_LEARNERS, "italic")
    parts: list[RenderableType] = [
        Text(
            f"Group report, {report.today:%Y-%m-%d}: {count} learner{'s' if count != 1 else ''}; "
            "readiness and pass as each learner's own 'if you stopped now' figures",
            "bold",
        ),
        overview_table(report),
    ]
    for learner in report.learners:
        if learner.unavailable is not None:
            parts.append(Text(unavailable_line(learner.name, learner.unavailable), "yellow"))
    for learner in report.learners:
        if learner.unavailable is not None:
            continue
        for exam in learner.exams:
            parts.extend((Text(""), domain_table(learner.name, exam)))
        if not learner.exams:
            parts.extend((Text(""), Text(f"{learner.name} · no exam goal", "bold")))
        parts.append(Text(f"{learner.name}: {activity_line(learner)}", "dim"))
    for cohort in report.cohort:
        parts.extend((Text(""), cohort_table(cohort)))
    return Group(*parts)


class GroupReportScreen(Screen[None]):
    """Every learner this account can see, read-only."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "refresh", "Refresh", tooltip="Read every learner again"),
        Binding(
            "p",
            "with_plan",
            "With plan",
            tooltip="Add (or leave out) each exam's figures if the learner follows the plan: "
            "a simulation per exam, slower",
        ),
        Binding("escape", "back", "Back", tooltip="Leave the group report"),
    ]
    DEFAULT_CSS = """
    GroupReportScreen #group-report { padding: 1 2 0 2; }
    """

    class Loaded(Message):
        """The report (or why there is none) arrived from the worker."""

        def __init__(self, report: GroupReport | None, error: str | None = None) -> None:
            self.report = report
            self.error = error
            super().__init__()

    def __init__(self, services: GroupReportServices) -> None:
        super().__init__()
        self.services = services
        self.sub_title = "Group report"
        self.report: GroupReport | None = None
        self.with_plan = False

    def compose(self) -> ComposeResult:
        """The report (scrolls), the keys."""
        with VerticalScroll(id="group-report"):
            yield Static(Text(LOADING, "italic"), id="group-report-text")
        yield KeyBar()

    def on_mount(self) -> None:
        """Read the learners."""
        self.query_one("#group-report", VerticalScroll).focus()
        self.action_refresh()

    def action_refresh(self) -> None:
        """Read every learner again."""
        self._load(self.with_plan)

    def action_with_plan(self) -> None:
        """Read every learner again, with (or without) the figures if they follow the plan."""
        self.with_plan = not self.with_plan
        if self.with_plan:
            waiting = Text(LOADING + " Simulating each exam's plan takes a moment.", "italic")
            self.query_one("#group-report-text", Static).update(waiting)
        self._load(self.with_plan)

    @work(thread=True, exclusive=True, group="group-report")
    def _load(self, with_plan: bool) -> None:
        try:
            report = self.services.group_report.report(with_plan=with_plan)
        except PmStudyError as exc:
            self.post_message(self.Loaded(None, str(exc)))
            return
        except Exception as exc:
            # a failed report stays on its screen; the app goes on
            line = crashlog.logged(exc, self.services.settings.data_dir)
            self.post_message(self.Loaded(None, f"The group report failed: {line}"))
            return
        self.post_message(self.Loaded(report))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        text = self.query_one("#group-report-text", Static)
        if event.report is None:
            text.update(Text(event.error or "the group report failed", "bold red"))
            return
        self.report = event.report
        text.update(report_view(event.report))

    def action_back(self) -> None:
        """Close the report."""
        if len(self.app.screen_stack) > 1:
            self.dismiss(None)
