"""The sentences of postpone, advance and a break, for the command line and the TUI alike."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmstudy.domain.scheduling import MovePlan
    from pmstudy.services.tuning import MoveReport, MoveUndo

_DONE = {"postpone": "postponed", "advance": "advanced", "break": "moved"}
_WOULD = {"postpone": "would postpone", "advance": "would advance", "break": "would move"}
_FROM = {
    "postpone": "card(s) due",
    "advance": "card(s) due later",
    "break": "card(s) due in the break",
}
_HELD = {
    "postpone": "held: postponing them would leave them 15 % or more overdue",
    "advance": "held: advancing them would cut 13 % or more of their interval",
    "break": "without a day around the break",
}


def move_headline(report: MoveReport) -> str:
    """What the move did or would do, in one line."""
    plan = report.plan
    kind = plan.kind.value
    count = report.written if report.applied else plan.moved
    verb = _DONE[kind] if report.applied else _WOULD[kind]
    line = f"{report.scope}: {verb} {count} of {plan.candidates} {_FROM[kind]}"
    if report.break_days:
        first, last = report.break_days[0], report.break_days[-1]
        span = first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
        line = f"break {span} ({len(report.break_days)} day(s) without reviews); " + line
    return line


def move_lines(report: MoveReport, *, width: int = 14) -> list[str]:
    """The headline, the safeguard's figures and the daily loads before and after."""
    plan = report.plan
    lines = [move_headline(report)]
    if plan.held:
        lines.append(f"{plan.held} {_HELD[plan.kind.value]}")
    if plan.unsafe:
        lines.append(f"{plan.unsafe} had no safe day around the break: they go right after it")
    if plan.retention_before is not None and plan.retention_after is not None:
        lines.append(
            f"mean recall on the due day: {plan.retention_before:.2f} -> {plan.retention_after:.2f}"
        )
    lines += load_lines(plan, width=width)
    return lines


def load_lines(plan: MovePlan, *, width: int = 14) -> list[str]:
    """Review cards due per day (today first; overdue count today), before and after."""
    days = max(width, _last_change(plan) + 1)
    days = min(days, len(plan.loads_before))
    header = "day     " + " ".join(
        f"{(plan.first_day + dt.timedelta(days=i)).strftime('%d'):>3}" for i in range(days)
    )
    before = "before  " + " ".join(f"{c:>3}" for c in plan.loads_before[:days])
    after = "after   " + " ".join(f"{c:>3}" for c in plan.loads_after[:days])
    return [f"due per day from {plan.first_day.isoformat()} (day of month):", header, before, after]


def _last_change(plan: MovePlan) -> int:
    changed = [
        i
        for i, (a, b) in enumerate(zip(plan.loads_before, plan.loads_after, strict=True))
        if a != b
    ]
    return max(changed, default=0)


def undo_line(undo: MoveUndo) -> str:
    """What undo put back."""
    line = f"undid {undo.kind.value} {undo.step}: {undo.restored} card(s) restored"
    if undo.skipped:
        line += f", {undo.skipped} left as they are (answered or moved since)"
    if undo.days:
        line += f"; {len(undo.days)} break day(s) given back their load"
    return line


def breaks_lines(breaks: list[tuple[dt.date, dt.date]]) -> list[str]:
    """The coming breaks, one a line."""
    if not breaks:
        return ["no breaks planned"]
    return [
        first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
        for first, last in breaks
    ]
