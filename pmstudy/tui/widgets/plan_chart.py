"""The study plan drawn and summed up: answers per day up to the exam (new cards and reviews
stacked), the day the last new card comes in, and a table of the plan week by week.

``show(plan)`` draws a ``StudyPlan``; ``clear()`` empties it while another exam's plan is
computed. No plan (the exam is over, or it is still being computed) is said in a sentence.
"""

from __future__ import annotations

import math

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static
from textual_plotext import PlotextPlot

from pmstudy.domain.exam import StudyPlan
from pmstudy.tui.widgets.readiness_chart import day_ticks
from pmstudy.tui.widgets.tables import headed_table

REVIEW_COLOR = (95, 175, 255)
NEW_COLOR = (95, 215, 95)
LAST_NEW_COLOR = (255, 175, 0)
NO_PLAN = "No plan: the exam is over."


def week_table(plan: StudyPlan) -> Table:
    """The plan week by week, with column headers."""
    table = headed_table()
    table.add_column("Week", no_wrap=True)
    table.add_column("New", justify="right")
    table.add_column("Reviews", justify="right")
    table.add_column("Minutes", justify="right")
    table.add_column("Min/day", justify="right")
    table.add_column("Busiest day", justify="right")
    budget = plan.budget_minutes
    for week in plan.weeks():
        label = f"{week.first:%a %m-%d}" + (f" – {week.last:%a %m-%d}" if week.days > 1 else "")
        over = budget is not None and week.peak_minutes > budget
        table.add_row(
            label,
            f"{week.new:.0f}",
            f"{week.reviews:.0f}",
            f"{week.minutes:.0f}",
            f"{week.minutes / week.days:.1f}",
            Text(f"{week.peak_minutes:.1f} min", "bold yellow" if over else ""),
        )
    return table


def chart_title(plan: StudyPlan) -> str:
    """What the chart shows, with the figures a glance needs."""
    title = f"Answers per day to the exam · busiest day {plan.peak_minutes:.0f} min"
    if plan.budget_minutes is not None:
        title += f" (budget {plan.budget_minutes})"
    if plan.introduce_by is not None:
        title += f" · last new card {plan.introduce_by:%m-%d} │"
    return title


def y_scale(peak: float, ticks: int = 5) -> tuple[int, int]:
    """A round top for the y axis (at or above ``peak``) and a round step between ticks."""
    raw = max(peak, 1.0) / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step))
    return step * math.ceil(max(peak, 1.0) / step), step


class PlanChart(Vertical):
    """Answers per day (new at the bottom, reviews above), then the plan week by week."""

    DEFAULT_CSS = """
    PlanChart { height: auto; margin: 1 0 0 0; }
    PlanChart > #plan-chart-note { color: $text-muted; height: auto; }
    PlanChart > PlotextPlot { height: 14; }
    PlanChart > #plan-weeks { height: auto; margin: 1 0 0 0; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.plan: StudyPlan | None = None

    def compose(self) -> ComposeResult:
        """A sentence, the plot, the weekly table."""
        yield Static(Text(""), id="plan-chart-note")
        yield PlotextPlot(id="plan-chart-plot")
        yield Static(Text(""), id="plan-weeks")

    def on_mount(self) -> None:
        """Nothing to plot until a plan arrives."""
        self.clear()

    def clear(self, sentence: str = "") -> None:
        """Show only ``sentence`` (empty while a plan is being computed)."""
        self.plan = None
        self.query_one("#plan-chart-note", Static).update(Text(sentence))
        self.query_one("#plan-chart-note").display = bool(sentence)
        self.query_one(PlotextPlot).display = False
        self.query_one("#plan-weeks").display = False

    def show(self, plan: StudyPlan | None, note: str | None = None) -> None:
        """Draw ``plan`` (None: the exam is over), with ``note`` above it (the final pass)."""
        if plan is None or not plan.days:
            self.clear(NO_PLAN)
            return
        self.plan = plan
        self.query_one("#plan-chart-note", Static).update(Text(note or ""))
        self.query_one("#plan-chart-note").display = bool(note)
        widget = self.query_one(PlotextPlot)
        widget.display = True
        first = plan.days[0].day
        xs = [(d.day - first).days for d in plan.days]
        plt = widget.plt
        plt.clear_data()
        plt.clear_figure()
        totals = [d.new + d.reviews for d in plan.days]
        plt.plot(xs, totals, fillx=True, marker="hd", color=REVIEW_COLOR, label="reviews")
        new = [(x, d.new) for x, d in zip(xs, plan.days, strict=True) if d.new > 0]
        if new:
            plt.plot(
                [x for x, _ in new],
                [y for _, y in new],
                fillx=True,
                marker="hd",
                color=NEW_COLOR,
                label="new",
            )
        if plan.introduce_by is not None:
            plt.vline((plan.introduce_by - first).days, LAST_NEW_COLOR)
        ticks, labels = day_ticks(first, plan.days[-1].day)
        plt.xticks([float(t) for t in ticks], labels)
        plt.xlim(0, max(xs[-1], 1))
        top, step = y_scale(max(totals, default=0.0))
        plt.ylim(0, top)
        plt.yticks([float(v) for v in range(0, top + 1, step)])
        plt.title(chart_title(plan))
        widget.refresh()
        weeks = self.query_one("#plan-weeks", Static)
        weeks.display = True
        weeks.update(week_table(plan))
