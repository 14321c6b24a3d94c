"""The deck tree as a table: indented names with New / Learn / Due / Total."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from pmstudy.services.study import DeckNode
from pmstudy.tui.widgets.counts_bar import LEARNING_STYLE, NEW_STYLE, REVIEW_STYLE

INDENT = "  "


def count_cell(value: int, style: str) -> Text:
    """A right-aligned number, dim when zero."""
    return Text(str(value), style=style if value else "dim", justify="right")


def deck_label(node: DeckNode) -> Text:
    """The deck's own name indented by its depth (shown literally)."""
    label = Text(INDENT * node.depth)
    label.append(node.leaf, "bold" if node.depth == 0 else "")
    return label


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

    def on_mount(self) -> None:
        """The columns."""
        self.add_column("Deck", key="deck", width=40)
        for name in ("New", "Learn", "Due", "Total"):
            self.add_column(Text(name, justify="right"), key=name.lower(), width=6)

    def show(self, nodes: Sequence[DeckNode]) -> None:
        """Replace the rows with ``nodes``, keeping the cursor on the same deck."""
        selected = self.selected
        self.clear()
        self.nodes = {node.id: node for node in nodes}
        for node in nodes:
            self.add_row(
                deck_label(node),
                count_cell(node.counts.new, NEW_STYLE),
                count_cell(node.counts.learning, LEARNING_STYLE),
                count_cell(node.counts.review, REVIEW_STYLE),
                count_cell(node.total, ""),
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
