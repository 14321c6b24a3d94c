"""The navigator: the items the learner may visit now, with their status; enter jumps to one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from pmstudy.tui.widgets.key_bar import KeyBar
from pmstudy.tui.widgets.segments import segments_to_text

if TYPE_CHECKING:
    from pmstudy.services.mock import MockRun


@dataclass(frozen=True)
class NavRow:
    """One item in the navigator."""

    position: int
    answered: bool
    flagged: bool
    response: str
    snippet: str


def nav_rows(run: MockRun) -> list[NavRow]:
    """The rows of the items the learner may visit now (the section, when sections lock)."""
    rows = []
    for position in run.state.visible():
        item, state = run.items[position], run.state.items[position]
        front = segments_to_text(item.rendered.front).plain if item.rendered else "(deleted)"
        rows.append(
            NavRow(
                position,
                state.answered,
                state.flagged,
                state.response.strip(),
                " ".join(front.split()),
            )
        )
    return rows


def row_text(row: NavRow, *, current: bool) -> Text:
    """`` 12  answered (B)  ⚑  What does a burndown chart…`` on one line."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append("▸" if current else " ", "bold")
    text.append(f"{row.position + 1:>4}  ", "bold")
    if row.answered:
        answer = row.response if len(row.response) <= 6 else row.response[:5] + "…"
        text.append(f"{'answered':<10}", "green")
        text.append(f" {answer:<7}", "green")
    else:
        text.append(f"{'unanswered':<10}", "bold red")
        text.append(" " * 8)
    text.append("⚑ " if row.flagged else "  ", "bold yellow")
    text.append(row.snippet, "dim")
    return text


def shown(rows: list[NavRow], which: str) -> list[NavRow]:
    """The rows a filter keeps."""
    if which == "unanswered":
        return [r for r in rows if not r.answered]
    if which == "flagged":
        return [r for r in rows if r.flagged]
    return rows


class NavigatorScreen(ModalScreen[int | None]):
    """Pick an item to go to; returns its position, or None."""

    DEFAULT_CSS = """
    NavigatorScreen { align: center middle; }
    NavigatorScreen #nav-dialog {
        width: 96;
        max-width: 100%;
        height: 80%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    NavigatorScreen #nav-title { height: auto; margin: 0 0 1 0; }
    NavigatorScreen OptionList { height: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "only('all')", "All", tooltip="Show every item"),
        Binding("u", "only('unanswered')", "Unanswered", tooltip="Show the unanswered items"),
        Binding("f", "only('flagged')", "Flagged", tooltip="Show the flagged items"),
        Binding("enter", "go", "Go", show=False, tooltip="Go to the highlighted item"),
        Binding("escape,g", "close", "Close", tooltip="Back to the item"),
    ]

    def __init__(self, rows: list[NavRow], current: int) -> None:
        super().__init__()
        self.rows = rows
        self.current = current
        self.which = "all"

    def compose(self) -> ComposeResult:
        """A title line and the list."""
        with Vertical(id="nav-dialog"):
            yield Static(id="nav-title")
            yield OptionList(id="nav-list")
        yield KeyBar(show_palette=False)

    def on_mount(self) -> None:
        """Every item, the current one highlighted."""
        self.action_only("all")

    @property
    def listed(self) -> list[NavRow]:
        """The rows the filter shows."""
        return shown(self.rows, self.which)

    def action_only(self, which: str) -> None:
        """Show all items, or only the unanswered or flagged ones."""
        self.which = which
        rows = self.listed
        title = Text().append("Items", "bold")
        answered = sum(r.answered for r in self.rows)
        flagged = sum(r.flagged for r in self.rows)
        title.append(
            f"  {answered} of {len(self.rows)} answered · {flagged} flagged · showing {which}"
        )
        if not rows:
            title.append(f"\nNo {which} items.", "dim")
        self.query_one("#nav-title", Static).update(title)
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options(
            [Option(row_text(r, current=r.position == self.current), str(r.position)) for r in rows]
        )
        here = next((i for i, r in enumerate(rows) if r.position == self.current), 0)
        if rows:
            listing.highlighted = here
        listing.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id or self.current))

    def action_go(self) -> None:
        """Go to the highlighted item."""
        index = self.query_one(OptionList).highlighted
        if index is not None and 0 <= index < len(self.listed):
            self.dismiss(self.listed[index].position)

    def action_close(self) -> None:
        """Back to the item on screen."""
        self.dismiss(None)
