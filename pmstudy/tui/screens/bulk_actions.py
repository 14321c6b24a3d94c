"""The browser's bulk actions as data: the key, what each asks first, and the service call it
makes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.binding import Binding

from pmstudy.domain.search import BulkResult, parse_due_spec, parse_tag_list
from pmstudy.tui.ports import BrowserPort
from pmstudy.tui.screens.dialogs import ConfirmScreen, PromptScreen

Run = Callable[[BrowserPort, list[int], str], BulkResult]


@dataclass(frozen=True)
class BulkAction:
    """A bulk action: ``prompt`` asks for a value first, ``confirm`` asks yes/no first.

    ``key``, ``label`` and ``tooltip`` make its binding (in the footer when ``show``);
    ``confirm`` may name ``{count}``, the number of cards it applies to; ``check`` returns a
    reason when a typed value cannot be used.
    """

    run: Run
    key: str
    label: str
    tooltip: str
    show: bool = False
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
            prompt = PromptScreen(
                f"{self.prompt} ({cards})", placeholder=self.placeholder, check=self.check
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


BULK_ACTIONS: dict[str, BulkAction] = {
    "suspend": BulkAction(
        lambda b, ids, _: b.suspend(ids),
        key="s",
        label="Suspend",
        tooltip="Suspend the marked cards",
        show=True,
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
        prompt="Flag: 0 none, 1 red, 2 orange, 3 green, 4 blue, 5 pink, 6 turquoise, 7 purple",
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
        prompt="Move to deck (created when missing)",
        placeholder="PMP::People",
    ),
    "reset": BulkAction(
        lambda b, ids, _: b.reset(ids),
        key="n",
        label="Reset",
        tooltip="Reset the marked cards to new",
        confirm="Reset {count} card(s) to new? Their memory state is forgotten (the review"
        " history stays).",
        yes="Reset",
    ),
    "set_due": BulkAction(
        lambda b, ids, value: b.set_due(ids, value),
        key="d",
        label="Set due",
        tooltip="Set the marked cards' due date",
        prompt="Due in how many days (0 = today, 3-7 = a day in that range)",
        placeholder="0",
        check=check_due,
    ),
    "delete": BulkAction(
        lambda b, ids, _: b.delete(ids),
        key="delete",
        label="Delete",
        tooltip="Delete the marked cards' notes",
        show=True,
        confirm="Delete the notes of {count} card(s), with all their cards and review history?"
        " (u undoes it)",
        yes="Delete",
    ),
}


BULK_BINDINGS = [
    Binding(a.key, f"bulk('{name}')", a.label, show=a.show, tooltip=a.tooltip)
    for name, a in BULK_ACTIONS.items()
]
