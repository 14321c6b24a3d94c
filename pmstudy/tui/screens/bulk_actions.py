"""The browser's bulk actions as data: the key, what each asks first, and the service call it
makes; and the menu that lists them all (``.`` in the browser), so the footer needs one hint
for ten keys.

Prompts and questions are a few short lines: the dialogs are at most 66 columns wide inside.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from pmstudy.domain.search import BulkResult, parse_due_spec, parse_tag_list
from pmstudy.tui.ports import BrowserPort
from pmstudy.tui.screens.dialogs import DIALOG_CSS, ConfirmScreen, PromptScreen

Run = Callable[[BrowserPort, list[int], str], BulkResult]


@dataclass(frozen=True)
class BulkAction:
    """A bulk action: ``prompt`` asks for a value first, ``confirm`` asks yes/no first.

    ``key``, ``label`` and ``tooltip`` make its binding (in the menu, not the footer);
    ``prompt`` may have more lines after the first (the card count goes on the first);
    ``confirm`` may name ``{count}``, the number of cards it applies to; ``check`` returns a
    reason when a typed value cannot be used.
    """

    run: Run
    key: str
    label: str
    tooltip: str
    prompt: str | None = None
    placeholder: str = ""
    check: Callable[[str], str | None] | None = None
    confirm: str | None = None
    yes: str = "Yes"

    def ask(self, app: App[Any], count: int, run: Callable[[str], None]) -> None:
        """Ask for the value or the yes this action needs about ``count`` cards (if any), then
        ``run`` it with the value ("" when there is none); a cancel runs nothing."""
        if self.prompt is not None:

            def answered(value: str | None) -> None:
                if value:
                    run(value)

            cards = f"{count} card{'s' if count != 1 else ''}"
            first, newline, rest = self.prompt.partition("\n")
            prompt = PromptScreen(
                f"{first} ({cards}){newline}{rest}",
                placeholder=self.placeholder,
                check=self.check,
            )
            app.push_screen(prompt, answered)
        elif self.confirm is not None:

            def confirmed(sure: bool | None) -> None:
                if sure:
                    run("")

            question = self.confirm.format(count=count)
            app.push_screen(ConfirmScreen(question, yes=self.yes, danger=True), confirmed)
        else:
            run("")


def check_flag(value: str) -> str | None:
    """A flag is 0 to 7."""
    return None if value.isdigit() and 0 <= int(value) <= 7 else "a flag is 0 (none) to 7"


def check_due(value: str) -> str | None:
    """``0``, ``3`` or ``3-7``."""
    try:
        parse_due_spec(value)
    except ValueError as exc:
        return str(exc)
    return None


def check_days(value: str) -> str | None:
    """A whole number of days, 0 to 3650."""
    ok = value.strip().isdigit() and int(value) <= 3650
    return None if ok else "days: a whole number, 0 to 3650"


BULK_ACTIONS: dict[str, BulkAction] = {
    "suspend": BulkAction(
        lambda b, ids, _: b.suspend(ids),
        key="s",
        label="Suspend",
        tooltip="Suspend the marked cards",
    ),
    "unsuspend": BulkAction(
        lambda b, ids, _: b.unsuspend(ids),
        key="S",
        label="Unsuspend",
        tooltip="Unsuspend the marked cards",
    ),
    "bury": BulkAction(
        lambda b, ids, _: b.bury(ids),
        key="b",
        label="Bury",
        tooltip="Bury the marked cards until tomorrow",
    ),
    "flag": BulkAction(
        lambda b, ids, value: b.set_flag(ids, int(value)),
        key="f",
        label="Flag",
        tooltip="Flag the marked cards (0-7)",
        prompt="Flag\n0 none  1 red  2 orange  3 green\n4 blue  5 pink  6 turquoise  7 purple",
        placeholder="1",
        check=check_flag,
    ),
    "add_tags": BulkAction(
        lambda b, ids, value: b.add_tags(ids, parse_tag_list(value)),
        key="t",
        label="Tag",
        tooltip="Add tags to the marked cards",
        prompt="Add tags",
        placeholder="weak exam::pmp::people",
    ),
    "remove_tags": BulkAction(
        lambda b, ids, value: b.remove_tags(ids, parse_tag_list(value)),
        key="T",
        label="Untag",
        tooltip="Remove tags from the marked cards",
        prompt="Remove tags",
        placeholder="weak",
    ),
    "move": BulkAction(
        lambda b, ids, value: b.move(ids, value),
        key="m",
        label="Move",
        tooltip="Move the marked cards to a deck",
        prompt="Move to deck\n(a deck that does not exist yet is created)",
        placeholder="PMP::People",
    ),
    "reset": BulkAction(
        lambda b, ids, _: b.reset(ids),
        key="n",
        label="Reset",
        tooltip="Reset the marked cards to new",
        confirm="Reset {count} card(s) to new?\nTheir memory state is forgotten;"
        " the review history stays.",
        yes="Reset",
    ),
    "set_due": BulkAction(
        lambda b, ids, value: b.set_due(ids, value),
        key="d",
        label="Set due",
        tooltip="Set the marked cards' due date",
        prompt="Due in how many days\n0 = today, 3-7 = a day in that range",
        placeholder="0",
        check=check_due,
    ),
    "postpone": BulkAction(
        lambda b, ids, value: b.postpone(ids, value),
        key="p",
        label="Postpone",
        tooltip="Postpone the marked due cards (FSRS Helper)",
        prompt="Postpone the due cards by how many days\n0 = 5-10 % of each interval;"
        " a move that would leave a\ncard 15 % overdue or more is cut short (u undoes it)",
        placeholder="0",
        check=check_days,
    ),
    "advance": BulkAction(
        lambda b, ids, _: b.advance(ids),
        key="A",
        label="Advance",
        tooltip="Advance the marked cards to today (FSRS Helper)",
        confirm="Advance {count} card(s) to today?\nOnly review cards that lose less than 13 %"
        " of their\ninterval move, least loss first (u undoes it).",
        yes="Advance",
    ),
    "delete": BulkAction(
        lambda b, ids, _: b.delete(ids),
        key="delete",
        label="Delete",
        tooltip="Delete the marked cards' notes",
        confirm="Delete the notes of {count} card(s)?\nAll their cards and review history go"
        " with them\n(u undoes it).",
        yes="Delete",
    ),
}


BULK_BINDINGS = [
    Binding(a.key, f"bulk('{name}')", a.label, show=False, tooltip=a.tooltip)
    for name, a in BULK_ACTIONS.items()
]


def key_label(key: str) -> str:
    """A bulk action's key as the menu shows it."""
    return "del" if key == "delete" else key


class BulkMenu(ModalScreen[str | None]):
    """Every bulk action with its key; returns the chosen action's name (None: cancelled).

    Enter or an action's own key chooses; escape cancels.
    """

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="BulkMenu")
        + """
    BulkMenu > Vertical { width: 56; }
    BulkMenu OptionList { height: auto; max-height: 14; border: none; padding: 0; }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def compose(self) -> ComposeResult:
        """A title and the list."""
        cards = f"{self.count} card{'s' if self.count != 1 else ''}"
        with Vertical():
            yield Label(Text(f"Bulk action on {cards}"), classes="dialog-title")
            yield OptionList(
                *(
                    Option(Text.assemble((f"{key_label(a.key):>3}  ", "bold"), a.tooltip), name)
                    for name, a in BULK_ACTIONS.items()
                ),
                id="bulk-menu",
            )

    def on_mount(self) -> None:
        """The list has the focus."""
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#bulk-menu")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def on_key(self, event: events.Key) -> None:
        """An action's own key chooses it."""
        name = next((n for n, a in BULK_ACTIONS.items() if a.key == event.key), None)
        if name is not None:
            event.stop()
            self.dismiss(name)

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)
