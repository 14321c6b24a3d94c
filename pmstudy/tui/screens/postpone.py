"""The dashboard's ``p`` menu for the highlighted deck: postpone, advance, schedule a break, undo.

Each move is asked for (a number, or the break's dates), previewed (the cards moved, the daily
loads before and after, the FSRS Helper safeguard's figures) and applied only after a yes; the
last move of any kind can be taken back from the same menu. The rules and the writes are the
postpone service's (``PostponePort``); this module only asks and shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from pmstudy.errors import PmStudyError
from pmstudy.tui.screens.dialogs import DIALOG_CSS, ConfirmScreen, PromptScreen
from pmstudy.tui.screens.postpone_text import move_headline, move_lines, undo_line

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from pmstudy.services.tuning import MoveReport
    from pmstudy.tui.ports import PostponePort

# (name, key, line in the menu)
CHOICES = (
    ("postpone_cards", "p", "Postpone N due cards (least loss first)"),
    ("postpone_days", "d", "Postpone the due cards by N days"),
    ("advance", "a", "Advance N cards to today (least loss first)"),
    ("break", "b", "Schedule a break: dates without reviews"),
    ("undo", "u", "Undo the last postpone, advance or break"),
)
PROMPTS = {
    "postpone_cards": (
        "Postpone how many due cards\n(all = every card the safeguard lets go)",
        "all",
    ),
    "postpone_days": ("Postpone the due cards by how many days\n(cut short by the safeguard)", "3"),
    "advance": ("Advance how many cards to today\n(all = every card the safeguard lets go)", "all"),
}


def check_count(value: str) -> str | None:
    """``all`` or a whole number from 1."""
    if value.lower() == "all" or (value.isdigit() and int(value) >= 1):
        return None
    return "a whole number from 1, or all"


def check_days(value: str) -> str | None:
    """A whole number of days, 1 to 3650."""
    return None if value.isdigit() and 1 <= int(value) <= 3650 else "days: 1 to 3650"


def parse_break(value: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """``YYYY-MM-DD YYYY-MM-DD`` (or one date: a one-day break); ValueError with the reason."""
    parts = value.replace(",", " ").split()
    if not 1 <= len(parts) <= 2:
        raise ValueError("the first and the last day: YYYY-MM-DD YYYY-MM-DD")
    try:
        dates = [dt.date.fromisoformat(p) for p in parts]
    except ValueError:
        raise ValueError("dates as YYYY-MM-DD, e.g. 2026-12-24 2026-12-27") from None
    start, end = dates[0], dates[-1]
    if end < start:
        raise ValueError("the last day comes before the first")
    if start < today:
        raise ValueError(f"the break cannot start before today ({today})")
    return start, end


class PostponeMenu(ModalScreen[str | None]):
    """The four moves and undo for one deck; returns the chosen one's name (None: cancelled)."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="PostponeMenu")
        + """
    PostponeMenu > Vertical { width: 60; }
    PostponeMenu OptionList { height: auto; border: none; padding: 0; }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, deck: str) -> None:
        super().__init__()
        self.deck = deck

    def compose(self) -> ComposeResult:
        """A title naming the deck, and the choices."""
        with Vertical():
            yield Label(Text(f"Reschedule {self.deck}"), classes="dialog-title")
            yield OptionList(
                *(Option(Text.assemble((f"{key}  ", "bold"), line), name)
                  for name, key, line in CHOICES),
                id="postpone-menu",
            )  # fmt: skip

    def on_mount(self) -> None:
        """The list has the focus."""
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#postpone-menu")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def on_key(self, event: events.Key) -> None:
        """A choice's own key chooses it."""
        name = next((n for n, key, _ in CHOICES if key == event.key), None)
        if name is not None:
            event.stop()
            self.dismiss(name)

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)


def _preview(report: MoveReport) -> Text:
    return Text("\n".join(move_lines(report)))


_VERBS = {"postpone": "Postpone", "advance": "Advance", "break": "Schedule"}


class PostponeFlow:
    """Menu, question, preview, confirmation and the move, for deck ``deck`` on ``screen``;
    ``done`` runs after a change (the dashboard refreshes its counts)."""

    def __init__(
        self, screen: Screen[Any], port: PostponePort, deck: str, done: Callable[[], None]
    ) -> None:
        from pmstudy.services.tuning import MoveScope

        self.screen = screen
        self.port = port
        self.scope = MoveScope(deck=deck)
        self.deck = deck
        self.done = done

    def start(self) -> None:
        """Open the menu."""
        self.screen.app.push_screen(PostponeMenu(self.deck), self._chosen)

    def _chosen(self, name: str | None) -> None:
        if name is None:
            return
        if name == "undo":
            self._undo()
            return
        if name == "break":
            start = self.port.today() + dt.timedelta(days=7)
            prompt = PromptScreen(
                "Break: the first and the last day without reviews\n"
                "(YYYY-MM-DD YYYY-MM-DD; cards due then move around it)",
                value=f"{start} {start + dt.timedelta(days=2)}",
                check=self._check_break,
            )
        else:
            title, value = PROMPTS[name]
            check = check_days if name == "postpone_days" else check_count
            prompt = PromptScreen(title, value=value, check=check)
        self.screen.app.push_screen(prompt, lambda value: self._asked(name, value))

    def _check_break(self, value: str) -> str | None:
        try:
            parse_break(value, self.port.today())
        except ValueError as error:
            return str(error)
        return None

    def _run(self, name: str, value: str, *, dry_run: bool) -> MoveReport:
        if name == "break":
            start, end = parse_break(value, self.port.today())
            return self.port.schedule_break(self.scope, start, end, dry_run=dry_run)
        count = None if value.lower() == "all" else int(value)
        if name == "postpone_cards":
            return self.port.postpone(self.scope, count=count, dry_run=dry_run)
        if name == "postpone_days":
            return self.port.postpone(self.scope, by_days=int(value), dry_run=dry_run)
        return self.port.advance(self.scope, count=count, dry_run=dry_run)

    def _asked(self, name: str, value: str | None) -> None:
        if not value:
            return
        try:
            preview = self._run(name, value, dry_run=True)
        except PmStudyError as error:
            self.screen.notify(
                str(error), title="Cannot reschedule", severity="error", markup=False
            )
            return
        if preview.plan.moved == 0 and not preview.break_days:
            self.screen.notify(move_headline(preview), title="Nothing to move", markup=False)
            return
        verb = _VERBS[preview.plan.kind.value]
        question = f"{verb} {preview.plan.moved} card(s)?"
        if preview.break_days:
            first, last = preview.break_days[0], preview.break_days[-1]
            question = f"Break {first} to {last}: move {preview.plan.moved} card(s)?"
        confirm = ConfirmScreen(question, details=_preview(preview), yes=verb.split()[0])
        self.screen.app.push_screen(confirm, lambda yes: self._confirmed(name, value, yes))

    def _confirmed(self, name: str, value: str, yes: bool | None) -> None:
        if not yes:
            return
        try:
            report = self._run(name, value, dry_run=False)
        except PmStudyError as error:
            self.screen.notify(
                str(error), title="Cannot reschedule", severity="error", markup=False
            )
            return
        self.screen.notify(f"{move_headline(report)} (p u undoes it)", markup=False)
        self.done()

    def _refused(self, error: PmStudyError) -> None:
        self.screen.notify(str(error), title="Cannot reschedule", severity="error", markup=False)

    def _undo(self) -> None:
        try:
            undone = self.port.undo()
        except PmStudyError as error:
            self.screen.notify(str(error), title="Nothing to undo", markup=False)
            return
        self.screen.notify(undo_line(undone), markup=False)
        self.done()
