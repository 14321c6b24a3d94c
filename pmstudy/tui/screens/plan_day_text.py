"""The words for the plan-driven day, the final pass and the exam-aware retention advice,
shared by the dashboard, the exams screen, the simulator and the CLI.

Plain strings (no Rich, no Textual), so that the CLI can use them without loading the TUI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmstudy.domain.exam import ExamGoal, NewLimit
    from pmstudy.services.exams import ExamReport
    from pmstudy.services.tuning import WorkloadReport

# where a deck's new cards for today come from: the dashboard's column and the CLI's words
SOURCE_CELL = {"plan": "plan", "today": "today", "preset": "preset"}
SOURCE_WORDS = {
    "plan": "the exam plan's number",
    "today": "your number for today",
    "preset": "the preset's number",
}


def source_cell(limit: NewLimit | None) -> str:
    """'plan', 'today' or 'preset' (the dashboard's Limit column)."""
    return "" if limit is None else SOURCE_CELL[limit.source.value]


def limit_sentence(title: str, limit: NewLimit | None, left: int) -> str:
    """'Scrum: 5 new today (the exam plan's number), 3 left to study'."""
    if limit is None:
        return f"{title}: {left} new left today"
    words = SOURCE_WORDS[limit.source.value]
    return f"{title}: {limit.total} new today ({words}), {left} left to study"


def options_text(goal: ExamGoal) -> str:
    """'final pass 7 day(s); the plan sets today's new cards'."""
    final = (
        f"final pass {goal.final_pass_days} day(s)"
        if goal.final_pass_days is not None
        else "no final pass"
    )
    plan = (
        "the plan sets today's new cards"
        if goal.plan_sets_new
        else "the decks' presets set today's new cards"
    )
    return f"{final}; {plan}"


def exam_advice_lines(report: WorkloadReport) -> list[str]:
    """What the advice says up to the exam the deck serves (none without one)."""
    advice = report.exam_advice
    if report.exam is None or advice is None:
        return []
    profile = report.exam[0]
    head = f"{profile} in {advice.exam_days} day(s), target {advice.target:.0%} recall on exam day"
    if advice.reached:
        return [
            f"{head}: a desired retention of {advice.best:.2f} is the lowest workload that "
            f"reaches it ({advice.best_recall:.0%} on exam day, "
            f"{advice.best_minutes / 60:.1f} h up to the exam; plain FSRS, exam mode adds "
            "its own reviews)."
        ]
    return [
        f"{head}: no desired retention over 0.70-0.95 reaches it at {report.new_per_day} new "
        f"card(s) a day; the best, {advice.best:.2f}, gives {advice.best_recall:.0%}. "
        "Introduce new cards sooner, or move the exam."
    ]


def final_pass_line(report: ExamReport) -> str | None:
    """'Final pass: every card seen again from 2027-01-14 (the last 7 day(s) before the exam);
    the plan moves about 520 review(s) into it, 159 review(s)/day there (busiest day 23 min)'
    (None: no final pass)."""
    found = report.final_pass()
    if found is None:
        return None
    line = (
        f"Final pass: every card seen again from {found.first} (the last {found.days} day(s) "
        "before the exam)"
    )
    if found.reviews_moved is not None:
        line += f"; the plan moves about {found.reviews_moved:.0f} review(s) into it"
    if found.reviews_per_day is not None and found.peak_minutes is not None:
        line += (
            f", {found.reviews_per_day:.0f} review(s)/day there (busiest day "
            f"{found.peak_minutes:.0f} min)"
        )
    return line
