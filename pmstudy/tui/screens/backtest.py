"""The readiness back-test: how past recall predictions fared after gaps of 4–90 days.

One service call (``BacktestService.run``) in a thread worker; a table per gap (answers,
predicted, observed, bias, log loss, the error readiness allows for) and a calibration plot:
observed against predicted recall in tenths of predicted R, one line per gap, beside the
diagonal of perfect predictions.
"""

from __future__ import annotations

import math
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
from textual_plotext import PlotextPlot

from pmstudy import crashlog
from pmstudy.domain.exam import MIN_GAP_DAYS, Backtest, RecalibrationStatus
from pmstudy.domain.fmt import decimal, percent
from pmstudy.errors import PmStudyError
from pmstudy.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from pmstudy.tui.ports import BacktestServices

LINE_COLOURS = ("green", "cyan", "orange", "red")
BACKTEST_COLUMNS = (
    "Gap (days)",
    "Horizon",
    "Answers",
    "Predicted",
    "Observed",
    "Bias (pts)",
    "Log loss",
    "Error sd (pts)",
)


def recalibration_line(result: Backtest) -> Text:
    """Whether a recalibration is in use, and if not, why (or what data is missing)."""
    r = result.recalibration
    held_out = (
        f"log loss on the latest {r.held_out:,} answers {decimal(r.held_out_log_loss_before)} → "
        f"{decimal(r.held_out_log_loss_after)}"
    )
    if r.status == RecalibrationStatus.FITTED:
        return Text(
            f"Recalibration fitted on {r.answers:,} answers after gaps of {MIN_GAP_DAYS}+ days: "
            f"logit(p') = {r.a:.2f} + {r.b:.2f}·logit(R) + {r.c:.2f}·ln(t/30 d); {held_out}.",
            "cyan",
        )
    if r.status == RecalibrationStatus.NO_HELD_OUT_GAIN:
        return Text(
            "No recalibration: fitted on the earlier answers, it did not predict the later ones "
            f"clearly better (by more than two standard errors; {held_out})."
        )
    return Text(
        f"No recalibration yet: the back-test needs at least {result.minimum:,} answers after "
        f"gaps of {MIN_GAP_DAYS}+ days; you have {result.gap_answers:,}.",
        "yellow",
    )


def backtest_table(result: Backtest) -> RenderableType:
    """The summary line, the table by gap and the recalibration line."""
    summary = Text(
        f"{result.answers:,} answers of {result.cards:,} cards, each predicted from the card's "
        "memory before the gap with its preset's FSRS parameters.",
        "bold",
    )
    rows: list[list[str | Text]] = []
    for row in result.rows:
        cells: list[str | Text] = [cell.removesuffix(" pts") for cell in row.cells()]
        if row.bias is not None and abs(row.bias) >= 0.05:
            cells[5] = Text(str(cells[5]), "red")
        rows.append(cells)
    total: list[str | Text] = [
        "all gaps",
        "",
        f"{result.answers:,}",
        percent(result.predicted),
        percent(result.observed),
        "",
        decimal(result.log_loss),
        "",
    ]
    # No column rules, points in the headers rather than in every cell, and each column as wide
    # as its longest word (Rich's own fitting cut the last column off): 68 cells, so the table
    # fits at 80 columns without cutting a header or wrapping a row.
    table = Table(
        title="Predicted vs observed recall by gap",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )
    for index, name in enumerate(BACKTEST_COLUMNS):
        words = [*name.split(), *(str(r[index]) for r in [*rows, total])]
        table.add_column(
            name, justify="left" if index == 0 else "right", width=max(map(len, words))
        )
    for cells in rows:
        table.add_row(*cells)
    table.add_row(*total, style="dim")
    note = Text(
        "Bias = predicted − observed: positive means FSRS promised more than you recalled. "
        "Error sd: how far readiness may be off that far ahead (a wide 12-point prior while "
        "answers are few).",
        "dim",
    )
    return Group(summary, table, recalibration_line(result), note)


class BacktestScreen(Screen[None]):
    """Past recall predictions against what happened, by gap."""

    CSS_PATH = "backtest.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "refresh", "Refresh", tooltip="Run the back-test again"),
        Binding("escape", "back", "Back", tooltip="Leave the back-test"),
    ]

    class Loaded(Message):
        """The back-test (or an error) arrived from the worker."""

        def __init__(self, result: Backtest | None, error: str | None = None) -> None:
            self.result = result
            self.error = error
            super().__init__()

    def __init__(self, services: BacktestServices) -> None:
        super().__init__()
        self.services = services
        self.sub_title = "Readiness back-test"
        self.result: Backtest | None = None

    def compose(self) -> ComposeResult:
        """The table, the plot, the keys."""
        with VerticalScroll(id="backtest-table"):
            yield Static(Text("Back-testing your review log…", "italic"), id="backtest-text")
        yield PlotextPlot(id="backtest-plot")
        yield KeyBar()

    def on_mount(self) -> None:
        """Start the back-test."""
        self.action_refresh()

    def action_refresh(self) -> None:
        """Run the back-test again."""
        self._run()

    @work(thread=True, exclusive=True, group="backtest")
    def _run(self) -> None:
        try:
            result = self.services.backtest.run()
        except PmStudyError as exc:
            self.post_message(self.Loaded(None, str(exc)))
            return
        except Exception as exc:
            # a failed back-test stays on its screen; the app and its other screens go on
            line = crashlog.logged(exc, self.services.settings.data_dir)
            self.post_message(self.Loaded(None, f"The back-test failed: {line}"))
            return
        self.post_message(self.Loaded(result))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        text = self.query_one("#backtest-text", Static)
        if event.result is None:
            text.update(Text(event.error or "the back-test failed", "bold red"))
            return
        self.result = event.result
        text.update(backtest_table(event.result))
        self._plot(event.result)

    def _plot(self, result: Backtest) -> None:
        widget = self.query_one("#backtest-plot", PlotextPlot)
        plt = widget.plt
        plt.clear_data()
        plt.clear_figure()
        lines = []
        for row, colour in zip(result.rows, LINE_COLOURS, strict=True):
            points = [
                (b.predicted, b.actual)
                for b in row.calibration
                if b.count and b.predicted is not None and b.actual is not None
            ]
            if points:
                lines.append((row.horizon_days, colour, points))
        # Zoomed to the tenths that hold answers (most predictions lie between 0.7 and 1).
        values = [v for _, _, points in lines for point in points for v in point]
        low = min(0.5, math.floor(min(values, default=0.0) * 10) / 10)
        plt.plot([low, 1.0], [low, 1.0], color="gray", label="perfect")
        for horizon, colour, points in lines:
            x, y = zip(*points, strict=True)
            plt.plot(list(x), list(y), marker="dot", color=colour, label=f"{horizon} d")
        plt.xlim(low, 1.0)
        plt.ylim(low, 1.0)
        plt.xlabel("predicted recall")
        plt.ylabel("observed")
        plt.title("Observed vs predicted recall, by gap (tenths of predicted R)")
        widget.refresh()

    def action_back(self) -> None:
        """Close the back-test."""
        if len(self.app.screen_stack) > 1:
            self.dismiss(None)
