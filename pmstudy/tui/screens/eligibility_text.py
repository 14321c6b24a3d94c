"""Words for the eligibility log, shared by the exams screen, the dashboard and the CLI: the
one-line status next to an exam's countdown, and the totals against the requirement."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the dashboard's first frame imports these words, not the exam domain
    from pmstudy.domain.exam import EligibilityStatus

NOT_LOGGED = "eligibility: not logged yet — pmstudy eligibility add"
CAVEAT = (
    "figures from the project's exam-facts notes (compiled 2026-11-22); "
    "check PMI's current handbook before you apply"
)


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def status_line(state: EligibilityStatus | None) -> str | None:
    """'eligibility: 28/35 h training · 30/36 months experience', the not-logged hint, or None
    when the exam has no requirement on file."""
    if state is None:
        return None
    if state.entries == 0:
        return NOT_LOGGED
    line = f"eligibility: {_number(state.hours)}/{state.requirement.training_hours} h training"
    if state.months_needed is not None and state.months is not None:
        line += f" · {_number(state.months)}/{state.months_needed} months experience"
    return line + (" ✓" if state.met else "")


def totals_sentence(name: str, state: EligibilityStatus) -> str:
    """'PMP: 28 of 35 contact hours; 30 of 36 months of experience (last 10 years)'."""
    req = state.requirement
    line = f"{name}: {_number(state.hours)} of {req.training_hours} contact hours"
    if state.months_needed is not None and state.months is not None:
        line += f"; {_number(state.months)} of {state.months_needed} months of experience"
        if req.window_years is not None:
            line += f" (last {req.window_years} years)"
    else:
        line += "; no experience required"
    return line


def missing_sentence(state: EligibilityStatus) -> str:
    """What is still to log, or that the logged entries cover the requirement."""
    if state.met:
        return "the logged entries cover the requirement"
    parts = []
    if state.hours_missing > 0:
        parts.append(f"{_number(state.hours_missing)} contact hours")
    if state.months_missing > 0:
        parts.append(f"{_number(state.months_missing)} months of experience")
    return "still to log: " + " and ".join(parts)
