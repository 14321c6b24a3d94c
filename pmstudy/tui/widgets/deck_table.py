"""The deck tree as a table: indented names with New / Learn / Due / Total, and where today's
new-card number comes from (the exam plan, the learner's number for today, or the preset)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import DataTable

from pmstudy.tui.screens.plan_day_text import source_cell
from pmstudy.tui.widgets.counts_bar import LEARNING_STYLE, NEW_STYLE, REVIEW_STYLE

if TYPE_CHECKING:
    from pmstudy.domain.deck_tree import DeckNode

INDENT = "  "
COUNTS = ("New", "Learn", "Due", "Total")
COUNT_WIDTH = 5  # "Learn", "Total" and counts up to 99,999
MIN_DECK_WIDTH = 16
MAX_DECK_WIDTH = 48
CELL_PADDING = 1  # DataTable's default, each side of every cell
SOURCE_WIDTH = 6  # "New by": "plan", "today" or "preset", where the New number comes from
SOURCE_STYLES = {"plan": "bold cyan", "today": "bold yellow", "preset": "dim"}


def count_cell(value: int, style: str) -> Text:
    """A right-aligned number, dim when zero."""
    return Text(str(value), style=style if value else "dim", justify="right")


def source_text(node: DeckNode) -> Text:
    """Where the deck's New number comes from: ``plan``, ``today`` or ``preset`` (dim)."""
    cell = source_cell(node.new_limit)
    return Text(cell, style=SOURCE_STYLES.get(cell, "dim"))


def deck_label(node: DeckNode, width: int = MAX_DECK_WIDTH) -> Text:
    """The deck's own name indented by its depth (shown literally), cut to ``width`` with an
    ellipsis."""
    label = Text(INDENT * node.depth)
    label.append(node.leaf, "bold" if node.depth == 0 else "")
    label.truncate(width, overflow="ellipsis")
    return label


def deck_width(room: int) -> int:
    """The Deck column's width when the table may be ``room`` cells wide: what the counts
    leave, between ``MIN_DECK_WIDTH`` and ``MAX_DECK_WIDTH`` (76 cells at 80 columns: 38; the
    last column says where the New number comes from)."""
    counts = len(COUNTS) * (COUNT_WIDTH + 2 * CELL_PADDING) + SOURCE_WIDTH + 2 * CELL_PADDING
    return max(MIN_DECK_WIDTH, min(MAX_DECK_WIDTH, room - counts - 2 * CELL_PADDING))


class DeckTable(DataTable[Text]):
    """One row per deck; the row key is the deck id."""

    DEFAULT_CSS = """
    DeckTable {
        height: auto;
        max-height: 100%;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.nodes: dict[int, DeckNode] = {}
        self.deck_width = MAX_DECK_WIDTH

    def on_mount(self) -> None:
        """The columns."""
        self._add_columns()

    def _add_columns(self) -> None:
        self.add_column("Deck", key="deck", width=self.deck_width)
        for name in COUNTS:
            self.add_column(Text(name, justify="right"), key=name.lower(), width=COUNT_WIDTH)
        self.add_column(Text("New by"), key="new_by", width=SOURCE_WIDTH)

    def fit(self, room: int) -> None:
        """Size the Deck column so the table is at most ``room`` cells wide (rows never run
        past the screen; long names end in an ellipsis)."""
        width = deck_width(room)
        if width == self.deck_width:
            return
        self.deck_width = width
        if self.columns:  # else on_mount adds them at this width
            self.show(list(self.nodes.values()), columns=True)

    def show(self, nodes: Sequence[DeckNode], *, columns: bool = False) -> None:
        """Replace the rows with ``nodes`` (and the columns too with ``columns``), keeping
        the cursor on the same deck."""
        selected = self.selected
        self.clear(columns=columns)
        if columns:
            self._add_columns()
        self.nodes = {node.id: node for node in nodes}
        for node in nodes:
            self.add_row(
                deck_label(node, self.deck_width),
                count_cell(node.counts.new, NEW_STYLE),
                count_cell(node.counts.learning, LEARNING_STYLE),
                count_cell(node.counts.review, REVIEW_STYLE),
                count_cell(node.total, ""),
                source_text(node),
                key=str(node.id),
            )
        if selected is not None and selected.id in self.nodes:
            self.move_cursor(row=self.get_row_index(str(selected.id)))

    @property
    def selected(self) -> DeckNode | None:
        """The deck under the cursor."""
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        if row_key.value is None:
            return None
        return self.nodes.get(int(row_key.value))
