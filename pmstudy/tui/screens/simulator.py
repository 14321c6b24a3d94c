"""Workload simulator: days, new cards per day and retention in; a chart and advice out.

The simulation (one service call) runs in a thread worker; the chart is plain text (reviews
per day as columns of block characters, scaled to the screen), so no plotting dependency.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, LoadingIndicator, Static

from pmstudy.errors import PmStudyError
from pmstudy.tui.screens.plan_day_text import exam_advice_lines

if TYPE_CHECKING:
    from pmstudy.services.tuning import WorkloadReport
    from pmstudy.tui.ports import SimulatorServices

BLOCKS = " ▁▂▃▄▅▆▇█"


def column_chart(values: list[float], *, width: int, height: int) -> list[str]:
    """Values as ``height`` lines of block columns, ``width`` wide (values are bucketed)."""
    if not values or width < 1 or height < 1:
        return []
    buckets = min(width, len(values))
    size = len(values) / buckets
    means = []
    for b in range(buckets):
        chunk = values[int(b * size) : max(int((b + 1) * size), int(b * size) + 1)]
        means.append(sum(chunk) / len(chunk))
    top = max(means)
    if top <= 0:
        return [" " * buckets for _ in range(height)]
    lines = []
    for row in range(height, 0, -1):
        line = []
        for value in means:
            eighths = value / top * height * 8 - (row - 1) * 8
            line.append(BLOCKS[max(0, min(8, round(eighths)))])
        lines.append("".join(line))
    return lines


def report_text(report: WorkloadReport, *, width: int = 60, height: int = 8) -> Text:
    """The chart, the totals and the retention advice as literal text."""
    result = report.result
    days = len(result.reviews)
    text = Text()
    answers = [float(v) for v in result.answers]
    peak = max(answers, default=0.0)
    text.append(f"Answers per day (peak {peak:.0f}), day 1 to day {days}\n", "bold")
    for index, line in enumerate(column_chart(answers, width=width, height=height)):
        label = f"{peak:>5.0f} │" if index == 0 else "      │"
        text.append(label + line + "\n")
    text.append("      └" + "─" * min(width, days) + "\n")
    text.append(
        f"\nReviews: {int(result.reviews.sum()):,} in total, {result.reviews.mean():.0f}/day on "
        f"average. Time: {result.minutes.sum() / 60:.1f} h ({result.minutes.mean():.1f} min/day "
        f"at {report.seconds_per_answer:.1f} s per answer"
        f"{'' if report.own_answer_times else ', a default'}).\n"
    )
    memorised = float(result.memorised[-1]) if len(result.memorised) else 0.0
    text.append(
        f"Memorised at the end: {memorised:.0f} card(s); {report.existing_cards} studied card(s) "
        f"at the start, {report.new_cards} new introduced.\n"
    )
    advice = report.advice
    if advice is not None and advice.best is not None:
        text.append(
            f"Advice: desired retention {advice.best:.2f} costs the fewest minutes per memorised "
            "card (0.70-0.95). Not applied: change it in the deck options.",
            "cyan",
        )
    for line in exam_advice_lines(report):
        reached = report.exam_advice is not None and report.exam_advice.reached
        text.append("\nFor the exam: ", "bold")
        text.append(line, "cyan" if reached else "yellow")
    return text


class SimulatorScreen(Screen[None]):
    """Project the review workload for the next days."""

    DEFAULT_CSS = """
    SimulatorScreen #sim-body { padding: 1 2 0 2; height: 1fr; }
    SimulatorScreen .sim-row { height: auto; }
    SimulatorScreen .sim-row Label { width: 22; padding: 0 1 0 0; }
    SimulatorScreen .sim-row Input { width: 16; }
    SimulatorScreen #sim-buttons { height: auto; margin: 1 0 0 0; }
    SimulatorScreen #sim-buttons Button { margin: 0 2 0 0; }
    SimulatorScreen LoadingIndicator { height: 1; }
    SimulatorScreen #sim-result { height: auto; margin: 1 0 0 0; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "run", "Simulate", priority=True),
        Binding("escape", "close", "Back"),
    ]

    def __init__(
        self,
        services: SimulatorServices,
        *,
        preset: str | None = None,
        deck: str | None = None,
        days: int = 90,
        new_per_day: int = 20,
        retention: float = 0.9,
    ) -> None:
        super().__init__()
        self.services = services
        self.scope_preset = preset
        self.scope_deck = deck
        self.defaults = (str(days), str(new_per_day), f"{retention:.2f}")
        self.report: WorkloadReport | None = None
        self.running = False

    def compose(self) -> ComposeResult:
        """Inputs, buttons, the result."""
        days, new, retention = self.defaults
        yield Header()
        # one-line inputs and buttons, in a scroll: at 80x24 the chart and the advice below it
        # are in sight (they were cut off), and on a smaller terminal they scroll
        with VerticalScroll(id="sim-body"):
            for label, value, widget_id in (
                ("Days to simulate", days, "sim-days"),
                ("New cards per day", new, "sim-new"),
                ("Desired retention", retention, "sim-retention"),
            ):
                with Horizontal(classes="sim-row"):
                    yield Label(label)
                    yield Input(value=value, compact=True, id=widget_id)
            with Horizontal(id="sim-buttons"):
                yield Button("Simulate", variant="primary", compact=True, id="sim-run")
                yield Button("Back", compact=True, id="sim-back")
            yield LoadingIndicator(id="sim-loading")
            yield Static("", id="sim-result")
        yield Footer()

    def on_mount(self) -> None:
        """Title; the spinner shows only while a simulation runs."""
        self.sub_title = "Workload simulator"
        self.query_one(LoadingIndicator).display = False
        self.query_one("#sim-days", Input).focus()

    def _inputs(self) -> tuple[int, int, float] | str:
        raw_days = self.query_one("#sim-days", Input).value.strip()
        raw_new = self.query_one("#sim-new", Input).value.strip()
        raw_retention = self.query_one("#sim-retention", Input).value.strip()
        try:
            days = int(raw_days)
            new = int(raw_new)
        except ValueError:
            return "days and new cards per day must be whole numbers"
        try:
            retention = float(raw_retention)
        except ValueError:
            return "desired retention must be a number such as 0.90"
        if not 1 <= days <= 3650:
            return "days to simulate must lie between 1 and 3650"
        if new < 0:
            return "new cards per day cannot be negative"
        if not 0.5 <= retention <= 0.99:
            return "desired retention must lie between 0.50 and 0.99"
        return days, new, retention

    @on(Input.Submitted)
    @on(Button.Pressed, "#sim-run")
    def action_run(self) -> None:
        """Check the inputs and start the simulation."""
        if self.running:
            return
        values = self._inputs()
        if isinstance(values, str):
            self.query_one("#sim-result", Static).update(Text(values, "red"))
            return
        self.running = True
        self.query_one(LoadingIndicator).display = True
        self.query_one("#sim-result", Static).update("Simulating…")
        self._project(*values)

    @work(thread=True, exclusive=True, group="simulator")
    def _project(self, days: int, new_per_day: int, retention: float) -> None:
        try:
            report = self.services.workload.project(
                days=days,
                new_per_day=new_per_day,
                retention=retention,
                preset=self.scope_preset,
                deck=self.scope_deck,
            )
        except PmStudyError as exc:
            self.app.call_from_thread(self._done, None, str(exc))
            return
        self.app.call_from_thread(self._done, report, None)

    def _done(self, report: WorkloadReport | None, error: str | None) -> None:
        self.running = False
        self.query_one(LoadingIndicator).display = False
        result = self.query_one("#sim-result", Static)
        if report is None:
            result.update(Text(error or "the simulation failed", "red"))
            return
        self.report = report
        # the body's padding (4), its scroll bar (2), the axis labels (7) and a spare cell
        width = max(20, self.size.width - 14)
        result.update(report_text(report, width=width))

    @on(Button.Pressed, "#sim-back")
    def action_close(self) -> None:
        """Back."""
        if not self.running:
            self.dismiss(None)
