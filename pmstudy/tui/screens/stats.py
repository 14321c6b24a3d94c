"""Statistics: forecast, answers and time per day, a calendar, card counts, distributions,
true retention, hours of the day and calibration, plotted in the terminal.

The numbers come from one service call in a worker (``StatsService.report``), calibration
from another; ``p`` switches the period of the day plots and ``c`` that of calibration.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static, TabbedContent, TabPane
from textual_plotext import PlotextPlot

from pmstudy.domain.stats import Calibration, Heatmap, Histogram, StatsReport
from pmstudy.errors import PmStudyError
from pmstudy.tui.ports import StatsServices
from pmstudy.tui.widgets.key_bar import KeyBar

PERIODS = (30, 90, 365)
# Each tab's label, and a shorter one for a terminal too narrow for all of them (80 columns:
# the tab bar needs 82 cells with the long labels, 77 with the short).
TAB_LABELS = {
    "tab-overview": ("Overview", "Overview"),
    "tab-forecast": ("Forecast", "Forecast"),
    "tab-reviews": ("Reviews", "Reviews"),
    "tab-calendar": ("Calendar", "Calendar"),
    "tab-intervals": ("Intervals", "Intervals"),
    "tab-difficulty": ("Difficulty", "Difficulty"),
    "tab-hours": ("Hours", "Hours"),
    "tab-calibration": ("Calibration", "Calib."),
}
TAB_PADDING = 2  # a tab's label has a cell of padding each side
HEAT_LEVELS = ("grey23", "#0e4429", "#006d32", "#26a641", "#39d353")
WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "Sun")


def _pct(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}%}"


def _num(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def heatmap_text(heatmap: Heatmap) -> Text:
    """A GitHub-style calendar: one column per week, Monday on top, darker = more answers."""
    weeks = heatmap.weeks()
    counts = sorted(c for c in heatmap.counts if c)
    cuts = [counts[int(len(counts) * q)] for q in (0.25, 0.5, 0.75)] if counts else []
    text = Text("    ")
    first = heatmap.start - dt.timedelta(days=heatmap.start.weekday())
    month = None
    for index in range(len(weeks)):
        day = first + dt.timedelta(weeks=index)
        label = day.strftime("%b")[0] if day.month != month else " "
        month = day.month
        text.append(label, "dim")
    for weekday in range(7):
        text.append(f"\n{WEEKDAYS[weekday]:<4}", "dim")
        for week in weeks:
            count = week[weekday]
            if count is None:
                text.append(" ")
                continue
            level = 0 if count == 0 else 1 + sum(1 for cut in cuts if count > cut)
            text.append("■", HEAT_LEVELS[level])
    text.append("\n    less ", "dim")
    for colour in HEAT_LEVELS:
        text.append("■", colour)
    text.append(" more", "dim")
    text.append(
        f"\n{heatmap.days_studied} of {len(heatmap.counts)} days studied,"
        f" {sum(heatmap.counts)} answers",
    )
    return text


def tab_labels(width: int) -> dict[str, str]:
    """Each tab's label in a tab bar ``width`` cells wide: the long ones if they all fit."""
    fit = sum(len(long) + TAB_PADDING for long, _ in TAB_LABELS.values()) <= width
    return {tab: long if fit else short for tab, (long, short) in TAB_LABELS.items()}


def retention_table(report: StatsReport) -> Table:
    """True retention: young / mature / all by period."""
    table = Table(title="True retention (review answers passed)", title_justify="left")
    table.add_column("")
    for period in report.retention.periods:
        table.add_column(period.title(), justify="right")
    for label, cells in (
        ("Young (< 21 d)", report.retention.young),
        ("Mature", report.retention.mature),
        ("All", report.retention.total),
    ):
        table.add_row(
            label, *(Text(f"{_pct(c.rate)} of {c.total}" if c.total else "—") for c in cells)
        )
    return table


def counts_table(report: StatsReport) -> Table:
    """Cards by what they are now."""
    counts = report.counts
    table = Table(title=f"Cards ({counts.total})", title_justify="left")
    table.add_column("")
    table.add_column("Cards", justify="right")
    table.add_column("Share", justify="right")
    for label, value in (
        ("New", counts.new),
        ("Learning", counts.learning),
        ("Relearning", counts.relearning),
        ("Young", counts.young),
        ("Mature", counts.mature),
        ("Suspended", counts.suspended),
        ("Buried", counts.buried),
    ):
        share = value / counts.total if counts.total else None
        table.add_row(label, str(value), _pct(share, 0))
    return table


def calibration_tables(calibration: Calibration, days: int) -> list[RenderableType]:
    """Summary line, bins, per-domain table and the Hard-as-fail verdict."""
    summary = Text(f"Last {days} days: {calibration.count} review answers. ", "bold")
    summary.append(
        f"Predicted recall {_pct(calibration.predicted)}, actual {_pct(calibration.actual)};"
        f" log loss {_num(calibration.log_loss)}, RMSE {_num(calibration.rmse)}"
    )
    bins = Table(title="Predicted vs actual recall", title_justify="left")
    for name in ("Predicted", "Answers", "Mean predicted", "Actual"):
        bins.add_column(name, justify="right")
    for b in calibration.bins:
        if b.count:
            bins.add_row(
                f"{b.low:.0%}–{b.high:.0%}", str(b.count), _pct(b.predicted), _pct(b.actual)
            )
    domains = Table(title="By exam domain", title_justify="left")
    domains.add_column("Domain")
    for name in ("Answers", "Predicted", "Actual", "Log loss", "RMSE"):
        domains.add_column(name, justify="right")
    for d in calibration.domains:
        domains.add_row(
            Text(d.name),
            str(d.count),
            _pct(d.predicted),
            _pct(d.actual),
            _num(d.log_loss),
            _num(d.rmse),
        )
    hard = calibration.hard
    verdict = Text(hard.message, "bold yellow" if hard.flagged else "")
    verdict.append(
        f"\nHard {hard.hard_share:.0%} · Again {hard.again_share:.0%} · RMSE reading Hard as a"
        f" pass {_num(hard.rmse_hard_as_pass)}, as a fail {_num(hard.rmse_hard_as_fail)}",
        "dim",
    )
    trust = Text(
        "The closer predicted and actual recall are, the more the readiness numbers can be"
        " trusted: an RMSE of 0.05 means predictions are off by about 5 points.",
        "dim",
    )
    return [summary, bins, domains, verdict, trust]


class StatsScreen(Screen[None]):
    """Statistics with plots."""

    CSS_PATH = "stats.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "period", "Period", tooltip="Show 30, 90 or 365 days in the day plots"),
        Binding(
            "c",
            "calibration_period",
            "Calibration period",
            tooltip="Calibrate over 30, 90 or 365 days",
        ),
        Binding("r", "refresh", "Refresh", tooltip="Compute the statistics again"),
        Binding("escape", "back", "Back", tooltip="Leave the statistics"),
    ]

    class Loaded(Message):
        """The report (or an error) arrived from the worker."""

        def __init__(self, report: StatsReport | None, error: str | None = None) -> None:
            self.report = report
            self.error = error
            super().__init__()

    class Calibrated(Message):
        """A calibration arrived from the worker."""

        def __init__(self, calibration: Calibration, days: int) -> None:
            self.calibration = calibration
            self.days = days
            super().__init__()

    def __init__(self, services: StatsServices) -> None:
        super().__init__()
        self.services = services
        self.sub_title = "Statistics"
        self.report: StatsReport | None = None
        self.calibration: Calibration | None = None
        self.period = PERIODS[0]
        self.calibration_days = PERIODS[0]

    def compose(self) -> ComposeResult:
        """One tab per kind of chart."""
        labels = tab_labels(self.app.size.width)
        with TabbedContent(id="stats-tabs"):
            with TabPane(labels["tab-overview"], id="tab-overview"), VerticalScroll():
                yield Static(Text("Computing…", "italic"), id="stats-overview")
            with TabPane(labels["tab-forecast"], id="tab-forecast"):
                yield PlotextPlot(id="plot-forecast")
            with TabPane(labels["tab-reviews"], id="tab-reviews"):
                yield PlotextPlot(id="plot-reviews")
                yield PlotextPlot(id="plot-minutes")
            with TabPane(labels["tab-calendar"], id="tab-calendar"), VerticalScroll():
                yield Static(id="stats-heatmap")
            with TabPane(labels["tab-intervals"], id="tab-intervals"):
                yield PlotextPlot(id="plot-intervals")
                yield PlotextPlot(id="plot-stability")
            with TabPane(labels["tab-difficulty"], id="tab-difficulty"):
                yield PlotextPlot(id="plot-difficulty")
                yield PlotextPlot(id="plot-recall")
            with TabPane(labels["tab-hours"], id="tab-hours"):
                yield PlotextPlot(id="plot-hours")
            with TabPane(labels["tab-calibration"], id="tab-calibration"), VerticalScroll():
                yield Static(Text("Computing…", "italic"), id="stats-calibration")
        yield KeyBar()

    def on_mount(self) -> None:
        """Load the numbers."""
        self.action_refresh()

    def on_resize(self, event: events.Resize) -> None:
        """Short tab labels when the long ones do not all fit: every tab stays in sight."""
        tabs = self.query_one(TabbedContent)
        for tab, label in tab_labels(event.size.width).items():
            tabs.get_tab(tab).label = label

    def action_refresh(self) -> None:
        """Compute everything again."""
        self._load_report()
        self._load_calibration(self.calibration_days)

    @work(thread=True, exclusive=True, group="stats-report")
    def _load_report(self) -> None:
        try:
            report = self.services.stats.report()
        except PmStudyError as exc:
            self.post_message(self.Loaded(None, str(exc)))
            return
        self.post_message(self.Loaded(report))

    @work(thread=True, exclusive=True, group="stats-calibration")
    def _load_calibration(self, days: int) -> None:
        self.post_message(self.Calibrated(self.services.stats.calibration(days=days), days))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        if event.report is None:
            self.query_one("#stats-overview", Static).update(
                Text(event.error or "no statistics", "bold red")
            )
            return
        self.report = event.report
        self._draw()

    @on(Calibrated)
    def _calibrated(self, event: Calibrated) -> None:
        self.calibration = event.calibration
        box = self.query_one("#stats-calibration", Static)
        box.update(_group(calibration_tables(event.calibration, event.days)))

    def action_period(self) -> None:
        """Next period for the day plots."""
        self.period = PERIODS[(PERIODS.index(self.period) + 1) % len(PERIODS)]
        self._draw()

    def action_calibration_period(self) -> None:
        """Next calibration period."""
        self.calibration_days = PERIODS[(PERIODS.index(self.calibration_days) + 1) % len(PERIODS)]
        self.query_one("#stats-calibration", Static).update(Text("Computing…", "italic"))
        self._load_calibration(self.calibration_days)

    def action_back(self) -> None:
        """Close the statistics."""
        if len(self.app.screen_stack) > 1:
            self.dismiss(None)

    # --- drawing -------------------------------------------------------------------------

    def _draw(self) -> None:
        report = self.report
        if report is None:
            return
        self.query_one("#stats-overview", Static).update(self._overview(report))
        self.query_one("#stats-heatmap", Static).update(heatmap_text(report.heatmap))
        self._draw_forecast(report)
        self._draw_reviews(report)
        self._histogram("#plot-intervals", report.intervals, "Intervals of review cards", "d")
        self._histogram("#plot-stability", report.stability, "Stability (days)", "d")
        self._histogram("#plot-difficulty", report.difficulty, "Difficulty (1-10)", "")
        self._histogram("#plot-recall", report.retrievability, "Recall now", "")
        hours = self.query_one("#plot-hours", PlotextPlot)
        plt = hours.plt
        plt.clear_data()
        plt.clear_figure()
        plt.bar([f"{h.hour:02d}" for h in report.hours], [h.reviews for h in report.hours])
        count_axis(plt, [h.reviews for h in report.hours])
        best = [h for h in report.hours if h.reviews]
        rates = " · ".join(f"{h.hour:02d}h {_pct(h.rate, 0)}" for h in best[:8])
        plt.title(f"Answers by hour of day (last year){'  pass: ' + rates if rates else ''}")
        hours.refresh()

    def _overview(self, report: StatsReport) -> RenderableType:
        days = report.reviews
        today = days.totals[-1] if days.totals else 0
        minutes = days.seconds[-1] / 60 if days.seconds else 0.0
        week = days.last(7)
        summary = Text(f"Today: {today} answers in {minutes:.0f} min", "bold")
        summary.append(
            f"   Last 7 days: {sum(week.totals)} answers in {sum(week.seconds) / 60:.0f} min"
            f"   Due in 30 days: {report.forecast.total(30)}"
            f" ({report.forecast.overdue} overdue)"
        )
        return _group([summary, counts_table(report), retention_table(report)])

    def _draw_forecast(self, report: StatsReport) -> None:
        widget = self.query_one("#plot-forecast", PlotextPlot)
        plt = widget.plt
        plt.clear_data()
        plt.clear_figure()
        span = min(self.period, len(report.forecast.due))
        due = list(report.forecast.due[:span])
        if due:
            due[0] += report.forecast.overdue
        plt.bar(_day_labels(report.forecast.start, span), due)
        count_axis(plt, due)
        if not any(due):
            plt.title(f"No reviews due in the next {span} days  [p: period]")
        else:
            plt.title(
                f"Due in the next {span} days: {report.forecast.total(span)}"
                f" (today includes {report.forecast.overdue} overdue)  [p: period]"
            )
        widget.refresh()

    def _draw_reviews(self, report: StatsReport) -> None:
        days = report.reviews.last(self.period)
        labels = _day_labels(days.start, len(days.learn))
        answers = self.query_one("#plot-reviews", PlotextPlot)
        plt = answers.plt
        plt.clear_data()
        plt.clear_figure()
        plt.stacked_bar(labels, [list(days.learn), list(days.review), list(days.relearn)])
        count_axis(
            plt, [sum(day) for day in zip(days.learn, days.review, days.relearn, strict=True)]
        )
        plt.title(
            f"Answers per day, last {self.period} days: {sum(days.totals)}"
            "  (learning / review / relearning, bottom to top)"
        )
        answers.refresh()
        minutes = self.query_one("#plot-minutes", PlotextPlot)
        plt = minutes.plt
        plt.clear_data()
        plt.clear_figure()
        plt.bar(labels, [round(s / 60, 1) for s in days.seconds])
        plt.ylim(0, max(1.0, *(s / 60 for s in days.seconds)))
        plt.title(f"Minutes per day: {sum(days.seconds) / 60:.0f} in all")
        minutes.refresh()

    def _histogram(self, selector: str, histogram: Histogram, title: str, unit: str) -> None:
        widget = self.query_one(selector, PlotextPlot)
        plt = widget.plt
        plt.clear_data()
        plt.clear_figure()
        plt.bar(histogram.labels(unit), list(histogram.counts))
        count_axis(plt, histogram.counts)
        mean = "" if histogram.mean is None else f"  mean {histogram.mean:.2f}{unit}"
        plt.title(f"{title}: {sum(histogram.counts)} cards{mean}")
        widget.refresh()


def count_ticks(top: int, most: int = 5) -> list[int]:
    """Whole-number ticks from 0 to at least ``top`` (at most ``most`` + 1 of them)."""
    step = 1
    while top > step * most:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2  # 1 2 5 10 20 50 …
    return list(range(0, max(top, 1) + step, step))


def count_axis(plt: Any, counts: Sequence[float]) -> None:
    """A y axis of counts: from 0, whole-number ticks only (none at 0.83)."""
    ticks = count_ticks(int(max(counts, default=0)))
    plt.ylim(0, ticks[-1])
    plt.yticks(ticks)


def _day_labels(start: dt.date, count: int) -> list[str]:
    return [(start + dt.timedelta(days=n)).strftime("%m-%d") for n in range(count)]


def _group(parts: Sequence[RenderableType]) -> RenderableType:
    spaced: list[RenderableType] = []
    for part in parts:
        if spaced:
            spaced.append(Text(""))
        spaced.append(part)
    return Group(*spaced)
