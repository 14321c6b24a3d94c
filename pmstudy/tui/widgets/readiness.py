"""Readiness at a glance: countdown, bars per domain (today vs with the plan), pass probability,
today's plan and progress. Self-contained: give it the services (only the exam report and the
data folder are used: ``pmstudy.tui.ports.ReadinessServices``) and an exam id.

The report is computed in a thread worker in two steps: the if-you-stop-today view first (a
few ms once the linked cards are cached), then the same report with the plan simulated (a few
hundred ms at 100k cards; kept until the collection changes, so another panel of the same exam
gets it at once); the widget shows each as it arrives and both bubble up
(``ExamReadiness.Computed``, ``final`` False for the first). A worker superseded by a newer
``show`` skips the simulation: asking again never runs two at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.message import Message
from textual.widget import Widget
from textual.worker import get_current_worker

from pmstudy import crashlog
from pmstudy.errors import PmStudyError
from pmstudy.tui.widgets.readiness_view import CLASSIFY_HINT, readiness_view

if TYPE_CHECKING:
    from rich.console import RenderableType

    from pmstudy.services.exams import ExamReport
    from pmstudy.tui.ports import ReadinessServices


class ExamReadiness(Widget):
    """Readiness of one exam; ``show(goal_id)`` (re)computes it in a worker thread."""

    DEFAULT_CSS = """
    ExamReadiness {
        height: auto;
        padding: 0 1;
    }
    """

    class Computed(Message):
        """A report is ready (or failed: ``error``); ``final`` is False for the quick one
        (readiness today, no plan yet)."""

        def __init__(
            self, report: ExamReport | None, error: str | None = None, *, final: bool = True
        ) -> None:
            self.report = report
            self.error = error
            self.final = final
            super().__init__()

    def __init__(
        self, services: ReadinessServices, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.services = services
        self.report: ExamReport | None = None
        # the exam last asked for (its report may still be on its way)
        self.goal_id: int | None = None
        self._shown: ExamReport | None = None
        self._pending = False
        self._message = Text("")
        # What the panel says maps a deck's cards not on the blueprint yet (readiness_view).
        self.classify_hint = CLASSIFY_HINT

    def show(self, goal_id: int | None) -> None:
        """Compute and show the readiness of exam ``goal_id`` (None: the next exam)."""
        self.goal_id = goal_id
        self.report = None
        self._say(Text("computing readiness…", "dim"))
        self._compute(goal_id)

    def render(self) -> RenderableType:
        """The report laid out for the current width, or a sentence."""
        if self._shown is None:
            return self._message
        return readiness_view(
            self._shown,
            self.content_size.width,
            plan_pending=self._pending,
            hint=self.classify_hint,
        )

    def _say(self, message: Text) -> None:
        self._shown, self._message = None, message
        self.refresh(layout=True)

    def _draw(self, report: ExamReport, *, pending: bool) -> None:
        self._shown, self._pending = report, pending
        self.refresh(layout=True)

    @work(thread=True, exclusive=True)
    def _compute(self, goal_id: int | None) -> None:
        worker = get_current_worker()
        try:
            quick = self.services.exams.report(goal_id, with_plan=False)
            if worker.is_cancelled:  # a newer show() asked: its worker computes the plan
                return
            self.post_message(self.Computed(quick, final=False))
            report = self.services.exams.report(goal_id, backtest=True)
        except PmStudyError as exc:
            self.post_message(self.Computed(None, str(exc)))
        except Exception as exc:
            # Readiness must never take the app down: the panel says what failed, the
            # traceback goes to the crash log, every other screen keeps working.
            line = crashlog.logged(exc, self.services.settings.data_dir)
            self.post_message(self.Computed(None, f"Readiness could not be computed: {line}"))
        else:
            self.post_message(self.Computed(report))

    def on_exam_readiness_computed(self, message: Computed) -> None:
        """Render the report (both then bubble up to the screen)."""
        report = message.report
        if report is not None and self.goal_id not in (None, report.goal.id):
            message.stop()  # a superseded worker's report of the exam shown before
            return
        if not message.final:
            if message.report is not None and self.report is None:
                self._draw(message.report, pending=True)
            return
        self.report = message.report
        if message.report is None:
            self._say(Text(message.error or "no exam", "dim"))
        else:
            self._draw(message.report, pending=False)
