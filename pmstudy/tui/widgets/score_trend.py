"""Mock scores over time: one line per exam (and its practice sets), the pass mark when one
exam is shown; in the terminal, as the readiness chart draws. Fewer than two mocks say so."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static
from textual_plotext import PlotextPlot

from pmstudy.tui.widgets.readiness_chart import day_ticks

TOO_FEW = "The score over time shows from the second finished mock on."
COLORS = ((95, 175, 255), (95, 215, 95), (255, 175, 0), (215, 95, 215), (95, 215, 215))
PASS_COLOR = (255, 95, 95)


@dataclass(frozen=True)
class TrendSeries:
    """One line: a name and its (finished at, score %) points; ``dotted``: hollow marks."""

    name: str
    points: tuple[tuple[dt.datetime, float], ...]
    dotted: bool = False


class ScoreTrend(Vertical):
    """Score % (y) against the day (x) of each finished mock."""

    DEFAULT_CSS = """
    ScoreTrend { height: 1fr; min-height: 12; }
    ScoreTrend > #score-trend-note { color: $text-muted; height: auto; }
    ScoreTrend > PlotextPlot { height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        """A sentence, or the plot."""
        yield Static(Text(""), id="score-trend-note")
        yield PlotextPlot(id="score-trend-plot")

    def on_mount(self) -> None:
        """Nothing to plot until series arrive."""
        self.query_one(PlotextPlot).display = False

    def show(self, series: Sequence[TrendSeries], pass_percent: float | None = None) -> None:
        """Plot ``series``; a horizontal line at ``pass_percent`` when given."""
        shown = [s for s in series if s.points]
        stamps = sorted(t for s in shown for t, _ in s.points)
        note = self.query_one("#score-trend-note", Static)
        widget = self.query_one(PlotextPlot)
        few = len(stamps) < 2
        note.display = few
        widget.display = not few
        note.update(Text(TOO_FEW if few else ""))
        if few:
            return
        # days from the first mock's midnight, so the date ticks fall on whole days
        first = stamps[0].replace(hour=0, minute=0, second=0, microsecond=0)
        plt = widget.plt
        plt.clear_data()
        plt.clear_figure()
        for number, line in enumerate(shown):
            xs = [(t - first).total_seconds() / 86400 for t, _ in line.points]
            ys = [p for _, p in line.points]
            color = COLORS[number % len(COLORS)]
            # a fine line between the mocks, a bold mark on each (the line alone looks like
            # steps at a dozen rows' resolution)
            if len(xs) > 1:
                plt.plot(xs, ys, marker="braille", color=color)
            plt.scatter(xs, ys, marker="○" if line.dotted else "●", color=color, label=line.name)
        if pass_percent is not None:
            plt.hline(pass_percent, PASS_COLOR)
        span = (stamps[-1] - first).total_seconds() / 86400
        ticks, labels = day_ticks(first.date(), stamps[-1].date())
        span = max(span, ticks[-1])
        plt.xticks([float(t) for t in ticks], labels)
        plt.xlim(-0.2, max(span, 1) + 0.4)  # room for the marks at both ends
        plt.ylim(0, 100)
        plt.yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
        title = "Mock scores"
        if pass_percent is not None:
            title += f" · pass mark {pass_percent:.0f}% ─"
        plt.title(title)
        widget.refresh()
