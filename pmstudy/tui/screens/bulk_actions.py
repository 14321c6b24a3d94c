"""The browser's bulk actions as data: what each asks first, and the service call it makes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pmstudy.domain.browse import BulkResult, parse_due_spec, parse_tag_list
from pmstudy.tui.ports import BrowserPort

Run = Callable[[BrowserPort, list[int], str], BulkResult]


@dataclass(frozen=True)
class BulkAction:
    """A bulk action: ``prompt`` asks for a value first, ``confirm`` asks yes/no first.

    ``confirm`` may name ``{count}``, the number of cards it applies to; ``check`` returns a
    reason when a typed value cannot be used.
    """

    run: Run
    prompt: str | None = None
    placeholder: str = ""
    check: Callable[[str], str | None] | None = None
    confirm: str | None = None
    yes: str = "Yes"


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
    "suspend": BulkAction(lambda b, ids, _: b.suspend(ids)),
    "unsuspend": BulkAction(lambda b, ids, _: b.unsuspend(ids)),
    "bury": BulkAction(lambda b, ids, _: b.bury(ids)),
    "flag": BulkAction(
        lambda b, ids, value: b.set_flag(ids, int(value)),
        prompt="Flag: 0 none, 1 red, 2 orange, 3 green, 4 blue, 5 pink, 6 turquoise, 7 purple",
        placeholder="1",
        check=check_flag,
    ),
    "add_tags": BulkAction(
        lambda b, ids, value: b.add_tags(ids, parse_tag_list(value)),
        prompt="Add tags",
        placeholder="weak exam::pmp::people",
    ),
    "remove_tags": BulkAction(
        lambda b, ids, value: b.remove_tags(ids, parse_tag_list(value)),
        prompt="Remove tags",
        placeholder="weak",
    ),
    "move": BulkAction(
        lambda b, ids, value: b.move(ids, value),
        prompt="Move to deck (created when missing)",
        placeholder="PMP::People",
    ),
    "set_due": BulkAction(
        lambda b, ids, value: b.set_due(ids, value),
        prompt="Due in how many days (0 = today, 3-7 = a day in that range)",
        placeholder="0",
        check=check_due,
    ),
    "reset": BulkAction(
        lambda b, ids, _: b.reset(ids),
        confirm="Reset {count} card(s) to new? Their memory state is forgotten (the review"
        " history stays).",
        yes="Reset",
    ),
    "delete": BulkAction(
        lambda b, ids, _: b.delete(ids),
        confirm="Delete the notes of {count} card(s), with all their cards and review history?"
        " (u undoes it)",
        yes="Delete",
    ),
}
