"""Every finished mock: date, exam, items, score and pass, and the score over time."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from pmstudy.domain.mock import MockKind, needed_to_pass
from pmstudy.errors import PmStudyError
from pmstudy.tui.widgets.key_bar import KeyBar
from pmstudy.tui.widgets.score_trend import ScoreTrend, TrendSeries

if TYPE_CHECKING:
    from pmstudy.domain.exam import ExamSpec
    from pmstudy.services.mock import MockSummary
    from pmstudy.tui.mock_ports import MockServices


def pass_cell(summary: MockSummary, spec: ExamSpec | None) -> Text:
    """``✓`` or ``✗`` for a mock of an exam with a pass mark; ``—`` otherwise."""
    if summary.kind != MockKind.EXAM or spec is None:
        return Text("—", "dim")
    needed = needed_to_pass(spec, summary.scored)
    if needed is None:
        return Text("no mark", "dim")
    return Text("✓ pass", "green") if summary.right >= needed else Text("✗ fail", "red")


def trend_series(
    summaries: list[MockSummary], specs: dict[str, ExamSpec]
) -> tuple[list[TrendSeries], float | None]:
    """One line per exam for its mocks and one (dotted) for its practice sets, oldest first,
    and the pass mark in percent when every mock is of one exam that publishes one."""
    groups: dict[tuple[str, MockKind], list[tuple[dt.datetime, float]]] = {}
    for summary in sorted(summaries, key=lambda s: s.finished_at or s.started_at):
        when = summary.finished_at or summary.started_at
        groups.setdefault((summary.profile_id, summary.kind), []).append((when, summary.percent))
    series = []
    for (profile_id, kind), points in groups.items():
        spec = specs.get(profile_id)
        name = spec.name if spec is not None else profile_id
        practice = kind == MockKind.PRACTICE
        series.append(
            TrendSeries(f"{name}{' practice' if practice else ''}", tuple(points), practice)
        )
    exams = {s.profile_id for s in summaries}
    pass_percent = None
    if len(exams) == 1 and (spec := specs.get(next(iter(exams)))) is not None:
        needed = needed_to_pass(spec, spec.items_scored)
        pass_percent = None if needed is None else 100.0 * needed / spec.items_scored
    return series, pass_percent


class MockHistoryScreen(Screen[None]):
    """The table of past mocks over the trend of their scores; enter opens one's results."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter", "open", "Results", priority=True, tooltip="The highlighted mock's results"
        ),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, services: MockServices) -> None:
        super().__init__()
        self.services = services
        self.sub_title = "Mock history"
        self.summaries: list[MockSummary] = []

    def compose(self) -> ComposeResult:
        """The table, then the plot."""
        yield Header()
        with Vertical(id="mock-history"):
            yield Static(id="mock-history-empty")
            yield DataTable(id="mock-history-table", cursor_type="row", zebra_stripes=True)
            yield ScoreTrend(id="mock-history-trend")
        yield KeyBar()

    def on_mount(self) -> None:
        """Read the history."""
        self.summaries = self.services.mocks.history()
        specs = {p.id: p for p in self.services.exams.profiles()}
        table = self.query_one(DataTable)
        table.add_columns("Date", "Exam", "Items", "Score", "Pass")
        for summary in self.summaries:
            when = summary.finished_at or summary.started_at
            practice = summary.kind == MockKind.PRACTICE and "practice" not in summary.title
            table.add_row(
                f"{when:%Y-%m-%d}",
                Text(f"{summary.title}{' (practice)' if practice else ''}"),
                str(summary.items),
                Text(f"{summary.percent:.0f}%", "bold"),
                pass_cell(summary, specs.get(summary.profile_id)),
                key=str(summary.id),
            )
        empty = self.query_one("#mock-history-empty", Static)
        empty.display = not self.summaries
        table.display = bool(self.summaries)
        empty.update(Text("No finished mock yet: start one with m on the dashboard.", "dim"))
        series, pass_percent = trend_series(self.summaries, specs)
        self.query_one(ScoreTrend).show(series, pass_percent)
        table.focus()

    @on(DataTable.RowSelected)
    def _selected(self, _: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        """The highlighted mock's results."""
        table = self.query_one(DataTable)
        if not self.summaries or table.cursor_row >= len(self.summaries):
            return
        from pmstudy.tui.screens.mock_results import MockResultsScreen

        try:
            result = self.services.mocks.result(self.summaries[table.cursor_row].id)
        except PmStudyError as exc:
            self.notify(str(exc), title="No results", severity="error", markup=False)
            return
        self.app.push_screen(MockResultsScreen(self.services, result))

    def action_back(self) -> None:
        """Return."""
        self.dismiss()
