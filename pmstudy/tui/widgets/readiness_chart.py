"""Readiness over time: one exam's daily readiness with its interval, the target and the exam
date, plotted in the terminal (``show(points, target, exam_day)``; the points come from
``ExamService.history``). Fewer than two days say so in a sentence instead of an empty plot."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static
from textual_plotext import PlotextPlot

from pmstudy.domain.exam import ReadinessPoint

TOO_FEW = "Readiness history starts today; come back tomorrow to see it over time."
TICKS = 6
TODAY_COLOR = (95, 175, 255)  # the panel's "today" blue
BAND_COLOR = (68, 110, 150)
PLAN_COLOR = (95, 215, 95)  # the panel's "with the plan" green
TARGET_COLOR = (255, 175, 0)
EXAM_COLOR = (255, 95, 95)


def day_ticks(first: dt.date, last: dt.date, count: int = TICKS) -> tuple[list[int], list[str]]:
    """At most ``count`` evenly spaced day offsets from ``first`` to ``last`` (both ends kept)
    and their ``MM-DD`` labels."""
    span = max(0, (last - first).days)
    if span == 0:
        return [0], [f"{first:%m-%d}"]
    steps = min(count - 1, span)
    offsets = sorted({round(i * span / steps) for i in range(steps + 1)})
    return offsets, [f"{first + dt.timedelta(days=o):%m-%d}" for o in offsets]


class ReadinessChart(Vertical):
    """Readiness today per day (line, with its interval as two thin lines), with the plan,
    the target (horizontal) and the exam day (vertical); y in %, x in dates."""

    DEFAULT_CSS = """
    ReadinessChart { height: auto; margin: 1 0 0 0; }
    ReadinessChart > #readiness-chart-note { color: $text-muted; height: auto; }
    ReadinessChart > PlotextPlot { height: 16; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.points: tuple[ReadinessPoint, ...] = ()

    def compose(self) -> ComposeResult:
        """A sentence, or the plot."""
        yield Static(Text(""), id="readiness-chart-note")
        yield PlotextPlot(id="readiness-chart-plot")

    def on_mount(self) -> None:
        """Nothing to plot until points arrive."""
        self.query_one(PlotextPlot).display = False

    def clear(self) -> None:
        """Show nothing (another exam's points are on their way)."""
        self.points = ()
        self.query_one("#readiness-chart-note", Static).update(Text(""))
        self.query_one("#readiness-chart-note").display = True
        self.query_one(PlotextPlot).display = False

    def show(self, points: Sequence[ReadinessPoint], target: float, exam_day: dt.date) -> None:
        """Plot the points (oldest first) against the target recall and the exam day."""
        self.points = tuple(sorted(points, key=lambda p: p.day))
        note = self.query_one("#readiness-chart-note", Static)
        widget = self.query_one(PlotextPlot)
        few = len(self.points) < 2
        note.display = few
        widget.display = not few
        note.update(Text(TOO_FEW if few else ""))
        if few:
            return
        first = self.points[0].day
        xs = [(p.day - first).days for p in self.points]
        plt = widget.plt
        plt.clear_data()
        plt.clear_figure()
        plt.plot(xs, [p.today.low * 100 for p in self.points], marker="dot", color=BAND_COLOR)
        plt.plot(xs, [p.today.high * 100 for p in self.points], marker="dot", color=BAND_COLOR)
        planned = [(x, p.plan.value * 100) for x, p in zip(xs, self.points, strict=True) if p.plan]
        if planned:
            plt.plot(
                [x for x, _ in planned],
                [y for _, y in planned],
                marker="dot",
                color=PLAN_COLOR,
                label="with the plan",
            )
        plt.plot(
            xs,
            [p.today.value * 100 for p in self.points],
            marker="hd",
            color=TODAY_COLOR,
            label=f"today ({self.points[-1].today.level:.0%} interval dotted)",
        )
        plt.hline(target * 100, TARGET_COLOR)
        exam = (exam_day - first).days
        if exam >= 0:
            plt.vline(exam, EXAM_COLOR)
        last = max(xs[-1], exam)
        ticks, labels = day_ticks(first, first + dt.timedelta(days=last))
        plt.xticks([float(t) for t in ticks], labels)
        plt.xlim(0, max(last, 1))
        plt.ylim(0, 100)
        plt.yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
        plt.title(f"Readiness by day · target {target:.0%} ─ · exam {exam_day:%Y-%m-%d} │")
        widget.refresh()
