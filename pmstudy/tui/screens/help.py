"""The key help: every binding of the screen it was opened from, and the global ones."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from pmstudy.tui.commands import HelpRow

KEY_WIDTH = 12
WHERE_WIDTH = 11  # "this screen"
# the dialog's 78 columns less its border and padding (4), three cells' padding (6), the
# scroll bar (2) and the other two columns
ACTION_WIDTH = 78 - 4 - 6 - 2 - KEY_WIDTH - WHERE_WIDTH


class HelpScreen(ModalScreen[None]):
    """A table of keys; escape, enter or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen #help-dialog {
        width: 78;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold; margin: 0 0 1 0; }
    HelpScreen DataTable { height: auto; max-height: 100%; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("question_mark", "close", "Close", show=False),
        Binding("enter", "close", "Close", show=False, priority=True),
    ]

    def __init__(self, title: str, rows: Sequence[HelpRow]) -> None:
        super().__init__()
        self.title_text = title
        self.rows = list(rows)

    def compose(self) -> ComposeResult:
        """The title and the key table."""
        with Vertical(id="help-dialog"):
            yield Static(Text(f"Keys: {self.title_text}"), id="help-title")
            yield DataTable(id="help-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        """Fill the table."""
        table = self.query_one(DataTable)
        # fixed widths that fit a 78-column dialog (80 columns less the screen's edge); a long
        # action wraps onto a second line instead of pushing "Where" off the dialog. The key
        # column is no wider than its longest keys: the actions get the rest.
        keys = min(KEY_WIDTH, max([len("Key"), *(len(row.keys) for row in self.rows)]))
        table.add_column("Key", width=keys)
        table.add_column("Action", width=ACTION_WIDTH + KEY_WIDTH - keys)
        table.add_column("Where", width=WHERE_WIDTH)
        for row in self.rows:
            table.add_row(
                Text(row.keys, "bold"),
                Text(row.description),
                Text(row.scope, "dim"),
                height=None,
            )
        table.focus()

    def action_close(self) -> None:
        """Back to the screen."""
        self.dismiss(None)
