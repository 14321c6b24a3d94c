"""The plan-driven day's dialogs: today's new cards for a deck (dashboard ``t``) and an exam
goal's options (exams screen ``f``: the final pass and the plan's hold on today's new cards).

Each calls one port method on enter and stays open, with what was typed, when the service says
no; it closes with the sentence the screen shows as a toast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static

from pmstudy.errors import PmStudyError
from pmstudy.tui.screens.dialogs import DIALOG_CSS
from pmstudy.tui.screens.plan_day_text import SOURCE_WORDS, limit_sentence, options_text

if TYPE_CHECKING:
    from pmstudy.domain.deck_tree import DeckNode
    from pmstudy.domain.exam import ExamGoal


class TodayLimitScreen(ModalScreen[str | None]):
    """New cards today for one deck, over its plan's or preset's number; empty goes back."""

    DEFAULT_CSS = DIALOG_CSS.format(name="TodayLimitScreen")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, node: DeckNode, set_limit: Callable[[str, int | None], None]) -> None:
        super().__init__()
        self.node = node
        self.set_limit = set_limit

    def compose(self) -> ComposeResult:
        """Where today's number comes from, the number, the error line, the keys."""
        limit = self.node.new_limit
        now = limit_sentence(self.node.title, limit, self.node.counts.new)
        with Vertical():
            yield Label(Text(f"New cards today: {self.node.title}"), classes="dialog-title")
            yield Static(Text(now), id="limit-now")
            value = str(limit.total) if limit is not None and limit.source.value == "today" else ""
            yield Input(value, placeholder="a number, or empty", id="limit-new")
            yield Static(
                Text(
                    "For today only (Anki's 'today only' limit): it lapses when the study day "
                    "ends. Empty: back to the exam plan's or the preset's number.",
                    "dim",
                ),
                id="limit-help",
            )
            yield Static("", classes="dialog-error", id="limit-error")
            yield Static(Text("⏎ set · esc cancel", "dim"), classes="dialog-keys")

    @on(Input.Submitted, "#limit-new")
    def _submitted(self, event: Input.Submitted) -> None:
        typed = event.value.strip()
        if typed and not typed.isdigit():
            self.query_one("#limit-error", Static).update(
                Text(f"New cards today: '{typed}' is not a whole number")
            )
            return
        number = int(typed) if typed else None
        try:
            self.set_limit(self.node.name, number)
        except PmStudyError as exc:
            self.query_one("#limit-error", Static).update(Text(str(exc)))
            return
        if number is None:
            self.dismiss(f"{self.node.title}: back to its plan's or preset's number.")
        else:
            self.dismiss(f"{self.node.title}: {number} new today ({SOURCE_WORDS['today']}).")

    def action_cancel(self) -> None:
        """Close; nothing changed."""
        self.dismiss(None)


class GoalOptionsScreen(ModalScreen[str | None]):
    """An exam goal's final pass (days, empty: off) and whether its plan sets today's new
    cards."""

    DEFAULT_CSS = DIALOG_CSS.format(name="GoalOptionsScreen") + (
        "GoalOptionsScreen Checkbox { margin: 1 0 0 0; }\n"
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self, goal: ExamGoal, title: str, set_options: Callable[[int, int | None, bool], int]
    ) -> None:
        super().__init__()
        self.goal = goal
        self.title_text = title
        self.set_options = set_options

    def compose(self) -> ComposeResult:
        """The final pass's days, the plan checkbox, the error line, the keys."""
        goal = self.goal
        with Vertical():
            yield Label(Text(f"Options: {self.title_text}"), classes="dialog-title")
            yield Static(Text("Final pass: see every card again in the last N days", "bold"))
            days = "" if goal.final_pass_days is None else str(goal.final_pass_days)
            yield Input(days, placeholder="days (empty: off)", id="goal-final-pass")
            yield Static(
                Text(
                    f"At most the buffer ({goal.buffer_days} days). Reviews due after the "
                    "exam move into those days, spread evenly.",
                    "dim",
                )
            )
            yield Checkbox(
                "The plan sets today's new cards of the exam's decks",
                goal.plan_sets_new,
                id="goal-plan-sets-new",
            )
            yield Static("", classes="dialog-error", id="goal-error")
            yield Static(Text("⏎ / ctrl+s save · space toggles · esc cancel", "dim"))

    @on(Input.Submitted, "#goal-final-pass")
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Save both options; on a refusal say why and keep what was typed."""
        typed = self.query_one("#goal-final-pass", Input).value.strip()
        error = self.query_one("#goal-error", Static)
        if typed and not typed.isdigit():
            error.update(Text(f"Final pass: '{typed}' is not a whole number of days"))
            return
        days = int(typed) if typed else None
        plan = self.query_one("#goal-plan-sets-new", Checkbox).value
        try:
            moved = self.set_options(self.goal.id, days, plan)
        except PmStudyError as exc:
            error.update(Text(f"Not saved: {exc}"))
            return
        extra = f"; {moved} review(s) moved into the final pass" if moved else ""
        self.dismiss(f"{options_text(_with(self.goal, days, plan)).capitalize()}{extra}.")

    def action_cancel(self) -> None:
        """Close; nothing changed."""
        self.dismiss(None)


def _with(goal: ExamGoal, days: int | None, plan: bool) -> ExamGoal:
    return replace(goal, final_pass_days=days, plan_sets_new=plan)
