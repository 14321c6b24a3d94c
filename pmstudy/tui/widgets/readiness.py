"""Readiness at a glance: countdown, bars per domain (today vs with the plan), pass probability,
today's plan and progress. Self-contained: give it the services and an exam id.

The report is computed in a thread worker in two steps: the if-you-stop-today view first (a
few ms once the linked cards are cached), then the same report with the plan simulated (a few
hundred ms at 100k cards); the widget shows each as it arrives (``ExamReadiness.Computed``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.message import Message
from textual.widgets import Static

from pmstudy import crashlog
from pmstudy.domain.fmt import probability, span
from pmstudy.errors import PmStudyError

if TYPE_CHECKING:
    from pmstudy.domain.uncertainty import Estimate
    from pmstudy.services.container import Services
    from pmstudy.services.exam_report import ExamReport

BAR_WIDTH = 10
TODAY_STYLE = "bold #5fafff"
PLAN_STYLE = "#5fd75f"


def bar(value: float | None, width: int = BAR_WIDTH) -> str:
    """A bar of block characters, eighths included: ``█████▌   ``."""
    if value is None:
        return " " * width
    eighths = round(max(0.0, min(1.0, value)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (" ▏▎▍▌▋▊▉"[part] if part else "")).ljust(width)


def _pct(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def _range(estimate: Estimate | None, *, bounded: bool = False) -> str:
    if estimate is None:
        return ""
    return f"({span(estimate.low, estimate.high, bounded=bounded)})"


def readiness_text(report: ExamReport, *, plan_pending: bool = False) -> Text:
    """The whole panel as Rich text (every piece of card or deck text appended literally).

    ``plan_pending``: the report has no plan yet and one is on its way (shown as '…').
    Every figure carries its 80 % interval in brackets; the pass probability is a range and a
    word, or the evidence still missing.
    """
    r = report.readiness

    def plan_pct(value: float | None, digits: int = 0) -> str:
        return "…" if plan_pending and value is None else _pct(value, digits)

    goal = report.goal
    text = Text()
    text.append(f"{report.spec.name}", "bold")
    when = "exam over" if report.past else f"{report.days_left} days left"
    local = goal.exam_at.astimezone(report.exam_at_zone())
    text.append(f"  ·  {local:%Y-%m-%d %H:%M}  ·  {when}", "")
    text.append(f"  ·  exam mode {'on' if goal.exam_mode else 'off'}\n", "dim")
    text.append("Readiness ", "bold")
    text.append(f"today {_pct(r.today.value)} {_range(r.today)}", TODAY_STYLE)
    text.append("  ·  ", "dim")
    text.append(f"with the plan {plan_pct(r.overall_plan)} {_range(r.plan)}", PLAN_STYLE)
    text.append(f"  ({r.today.level:.0%} intervals; the plan is a projection)\n", "dim")
    if r.needed_to_pass is not None:
        text.append("Pass ", "bold")
        for label, estimate, verdict, style in (
            ("today", r.pass_today, r.verdict_today, TODAY_STYLE),
            ("with the plan", r.pass_plan, r.verdict_plan, PLAN_STYLE),
        ):
            if estimate is not None and verdict is not None:
                text.append(
                    f"{label} {verdict.value} {probability(estimate.value)} "
                    f"{_range(estimate, bounded=True)}",
                    style,
                )
            elif label == "with the plan" and plan_pending:
                text.append(f"{label} …", style)
            else:
                text.append(f"{label}: not enough evidence yet", "dim")
            if label == "today":
                text.append("  ·  ", "dim")
        text.append(f"  ({r.needed_to_pass} of {r.graded_items} needed)\n", "dim")
    else:
        note = "band per domain, assumed thresholds" if r.bands_assumed else "score per domain"
        text.append(f"Pass probability: no pass mark published ({note})\n", "dim")
    for missing in r.missing[:3]:
        text.append(f"  to know more: {missing.sentence()}\n", "yellow")
    if len(r.missing) > 3:
        text.append(f"  … and {len(r.missing) - 3} more (pmstudy readiness)\n", "yellow")
    width = max((len(d.name) for d in r.domains), default=0)
    width = min(max(width, 8), 24)
    for d in r.domains:
        text.append(f"{d.name[:width]:<{width}} ", "")
        text.append(f"{d.weight:>3.0f}% ", "dim")
        text.append(bar(d.recall_today), TODAY_STYLE)
        text.append(f" {_pct(d.recall_today):>4} {_range(d.today_range):<10}", TODAY_STYLE)
        text.append(bar(d.recall_plan), PLAN_STYLE)
        text.append(f" {plan_pct(d.recall_plan):>4} {_range(d.plan_range):<10}", PLAN_STYLE)
        text.append(f" seen {_pct(d.seen / d.cards if d.cards else 0.0):>4}", "dim")
        if r.needed_to_pass is None:
            band = d.band_plan or d.band_today
            score = _pct(d.expected_plan if d.expected_plan is not None else d.expected_today)
            text.append(f"  {band or 'score ' + score}", "dim")
        text.append("\n")
    p = report.progress
    text.append("Today ", "bold")
    text.append(f"new {p.new_done}/{p.new_target}  ·  reviews {p.reviews_done}/{p.reviews_due}")
    text.append(f"  ·  {p.minutes_done:.0f}/{p.minutes_target:.0f} min", "")
    if report.plan is not None and report.plan.warning is not None:
        text.append(f"\n⚠ {report.plan.warning.message()}", "bold yellow")
    return text


class ExamReadiness(Static):
    """Readiness of one exam; ``show(goal_id)`` (re)computes it in a worker thread."""

    DEFAULT_CSS = """
    ExamReadiness {
        height: auto;
        padding: 0 1;
    }
    """

    class Computed(Message):
        """A report is ready (or failed: ``error``); ``final`` is False for the quick one."""

        def __init__(
            self, report: ExamReport | None, error: str | None = None, *, final: bool = True
        ) -> None:
            self.report = report
            self.error = error
            self.final = final
            super().__init__()

    def __init__(
        self, services: Services, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.services = services
        self.report: ExamReport | None = None

    def show(self, goal_id: int | None) -> None:
        """Compute and show the readiness of exam ``goal_id`` (None: the next exam)."""
        self.update(Text("computing readiness…", "dim"))
        self._compute(goal_id)

    @work(thread=True, exclusive=True)
    def _compute(self, goal_id: int | None) -> None:
        try:
            quick = self.services.exams.report(goal_id, with_plan=False)
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
        """Render the report (the final one then bubbles up to the screen)."""
        if not message.final:
            message.stop()
            if message.report is not None:
                self.update(readiness_text(message.report, plan_pending=True))
            return
        self.report = message.report
        if message.report is None:
            self.update(Text(message.error or "no exam", "dim"))
        else:
            self.update(readiness_text(message.report))
