"""The exam's latest mock exam beside today's prediction, under the readiness panel.

One line says how the mock scored against the prediction it did not inform (the recall-to-item
link learnt without it: ``pmstudy.services.exams.last_mock``) and whether the gap is more than
a mock of its size scatters by; a small table sets each domain's mock score and band next to its
predicted score. With no mock yet, how to take one. Given the services (``LastMockServices``)
and a report, ``show`` reads the mock in a thread worker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import work
from textual.message import Message
from textual.widget import Widget

from pmstudy import crashlog
from pmstudy.domain.fmt import gap_to_prediction, percent, span
from pmstudy.errors import PmStudyError
from pmstudy.tui.widgets.tables import headed_table

if TYPE_CHECKING:
    from pmstudy.services.exams import ExamReport, LastMock
    from pmstudy.tui.ports import LastMockServices

NO_MOCK = (
    "No mock exam yet: take one (m on the dashboard / palette 'Mock exam') to check this "
    "prediction."
)
FITS = {
    "within": ("this one fits it", "green"),
    "above": ("this one is above it: the prediction may be too low", "yellow"),
    "below": ("this one is below it: the prediction may be too high", "yellow"),
}


def headline(report: ExamReport, last: LastMock) -> Text:
    """``Last mock (2026-11-22, 50 items, shortened): 72% — predicted today 64% (55–73%): …``."""
    summary, check = last.result.summary, last.check
    day = last.finished_at.astimezone(report.exam_at_zone())
    length = "full length" if summary.full_length else "shortened"
    text = Text("Last mock", "bold")
    text.append(f" ({day:%Y-%m-%d}, {summary.items} items, {length}): ")
    text.append(percent(check.share, 0), "bold")
    predicted = check.predicted
    text.append(
        f" — predicted today {percent(predicted.value, 0)} "
        f"({span(predicted.low, predicted.high)}): {gap_to_prediction(check.difference)}"
    )
    return text


def scatter_line(last: LastMock) -> Text:
    """Right answers, pass or fail, and whether the score lies where a mock of its size would
    land if the prediction held."""
    score, check = last.result.score, last.check
    text = Text(f"{check.right} of {check.scored} right")
    if score.passed is not None:
        text.append(f", {'passed' if score.passed else 'not passed'} ({score.needed} needed)")
    words, style = FITS[check.compared.value]
    text.append(
        f"  ·  a {check.scored}-item mock scores {span(check.expected_low, check.expected_high)} "
        "if the prediction holds: "
    )
    text.append(words, style)
    return text


def domain_rows(last: LastMock) -> Table:
    """Each domain's mock score and band next to its predicted score."""
    table = headed_table()
    table.add_column("Domain", ratio=1, overflow="fold")
    table.add_column("Last mock", justify="right", no_wrap=True)
    table.add_column("Band", no_wrap=True)
    table.add_column("Predicted today", no_wrap=True)
    bands = {d.domain: d.band for d in last.result.score.domains}
    for d in last.check.domains:
        predicted = Text(
            f"{percent(d.predicted.value, 0)} ({span(d.predicted.low, d.predicted.high)})"
        )
        if d.predicted_band:
            predicted.append(f"  {d.predicted_band}", "dim")
        table.add_row(
            Text(d.name),
            Text(f"{percent(d.share, 0)} ({d.right}/{d.items})"),
            Text(bands.get(d.id, "")),
            predicted,
        )
    return table


def note(report: ExamReport, last: LastMock) -> Text:
    """What 'predicted' means, and that the bands' thresholds are assumed."""
    text = Text(
        "Predicted: items expected right on exam day if you stopped now, the recall-to-item link "
        "learnt without this mock",
        "dim",
    )
    if not report.past and report.days_left > 1:
        text.append(
            f"; recall fades in the {report.days_left} days to the exam, so a mock taken now "
            "tends to score above it",
            "dim",
        )
    if last.result.score.bands_assumed:
        text.append("; mock bands by assumed thresholds", "dim")
    text.append(".", "dim")
    return text


def last_mock_view(report: ExamReport, last: LastMock | None) -> RenderableType:
    """The block for one exam: the last mock against the prediction, or how to take one."""
    if last is None:
        return Text(NO_MOCK, "dim")
    parts: list[RenderableType] = [headline(report, last), scatter_line(last)]
    if last.check.domains:
        parts.append(domain_rows(last))
    parts.append(note(report, last))
    return Group(*parts)


class LastMockPanel(Widget):
    """The latest mock exam of the exam ``show`` was given, against its prediction."""

    DEFAULT_CSS = """
    LastMockPanel {
        height: auto;
        margin: 1 0 0 0;
        padding: 0 1;
    }
    """

    class Loaded(Message):
        """The last mock of exam ``goal_id`` was read (None: there is none; ``error``: failed)."""

        def __init__(self, goal_id: int, last: LastMock | None, error: str | None = None) -> None:
            self.goal_id = goal_id
            self.last = last
            self.error = error
            super().__init__()

    def __init__(self, services: LastMockServices, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.services = services
        self.report: ExamReport | None = None
        self.last: LastMock | None = None
        self._loaded = False
        self._shown: RenderableType = Text("")

    def show(self, report: ExamReport) -> None:
        """Read and show the last mock of ``report``'s exam (read once until ``clear``: a
        second report of the same exam, which a superseded readiness worker may still
        deliver, only replaces the report)."""
        shown = self.report
        self.report = report
        if shown is not None and shown.goal.id == report.goal.id:
            if self._loaded:
                self._set(last_mock_view(report, self.last))
            return
        self.last = None
        self._loaded = False
        self._set(Text("reading the last mock exam…", "dim"))
        self._load(report.goal.id)

    def clear(self) -> None:
        """Show nothing (readiness is being computed again); the next ``show`` reads anew."""
        self.report = None
        self.last = None
        self._loaded = False
        self._set(Text(""))

    def render(self) -> RenderableType:
        """The block, or a sentence."""
        return self._shown

    def _set(self, shown: RenderableType) -> None:
        self._shown = shown
        self.refresh(layout=True)

    @work(thread=True, exclusive=True)
    def _load(self, goal_id: int) -> None:
        try:
            last = self.services.exams.last_mock(goal_id)
        except PmStudyError as exc:
            self.post_message(self.Loaded(goal_id, None, str(exc)))
        except Exception as exc:
            # like readiness: the panel says what failed, the traceback goes to the crash log
            line = crashlog.logged(exc, self.services.settings.data_dir)
            self.post_message(self.Loaded(goal_id, None, f"Last mock not read: {line}"))
        else:
            self.post_message(self.Loaded(goal_id, last))

    def on_last_mock_panel_loaded(self, message: Loaded) -> None:
        """Show the mock read for the exam still on screen."""
        message.stop()
        report = self.report
        if report is None or report.goal.id != message.goal_id:
            return
        if message.error is not None:
            self._set(Text(message.error, "dim"))
            return
        self.last = message.last
        self._loaded = True
        self._set(last_mock_view(report, message.last))
