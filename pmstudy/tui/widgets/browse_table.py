"""The browser's table: the loaded cards, a mark column, sortable headers.

Cells are ``Text`` objects: card text is never read as markup. The numeric columns have
fixed narrow widths; Front and Deck share what is left (2:1) whenever the table is resized,
so every column stays on screen at 80 and at 120 columns. Below ``WIDE`` cells the memory
columns (Stab., Diff, R: the preview shows them) are left out, so that Front gets their room:
31 cells at 80 columns instead of 16.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from rich.text import Text
from textual.widgets import DataTable

from pmstudy.domain.model import CardState
from pmstudy.domain.search import BrowseRow, SortKey

# key, header, sort, width (None: a share of the width left over, see ``SHARES``)
COLUMNS: tuple[tuple[str, str, SortKey | None, int | None], ...] = (
    ("mark", " ", None, 2),
    ("front", "Front", SortKey.FRONT, None),
    ("deck", "Deck", SortKey.DECK, None),
    ("state", "State", SortKey.STATE, 9),
    ("due", "Due", SortKey.DUE, 10),
    ("stability", "Stab.", SortKey.STABILITY, 6),
    ("difficulty", "Diff", SortKey.DIFFICULTY, 4),
    ("retrievability", "R", SortKey.RETRIEVABILITY, 4),
)
SHARES = {"front": 2, "deck": 1}
MIN_WIDTHS = {"front": 10, "deck": 6}
CELL_PADDING = 1
SCROLLBAR = 2
NARROW_HIDDEN = frozenset({"stability", "difficulty", "retrievability"})
WIDE = 96  # the table's width from which every column is shown (98 at 100 columns)


def column_keys(width: int) -> tuple[str, ...]:
    """The columns a table ``width`` cells wide shows."""
    keys = tuple(key for key, _, _, _ in COLUMNS)
    return keys if width >= WIDE else tuple(k for k in keys if k not in NARROW_HIDDEN)


def column_widths(width: int) -> dict[str, int]:
    """Each shown column's width in a table ``width`` cells wide (the scroll bar left free)."""
    keys = column_keys(width)
    fixed = {key: w for key, _, _, w in COLUMNS if w is not None and key in keys}
    spare = width - SCROLLBAR - 2 * CELL_PADDING * len(keys) - sum(fixed.values())
    total = sum(SHARES.values())
    shared = {key: max(MIN_WIDTHS[key], spare * share // total) for key, share in SHARES.items()}
    return {**fixed, **shared}


STATE_STYLES = {
    CardState.NEW: "bold #61afef",
    CardState.LEARNING: "bold #e06c75",
    CardState.RELEARNING: "bold #e06c75",
    CardState.REVIEW: "bold #98c379",
}
FLAG_STYLES = ("", "red", "#ff8c00", "green", "blue", "magenta", "cyan", "purple")


def _number(value: float | None, pattern: str) -> Text:
    return Text("—" if value is None else pattern.format(value), justify="right")


def row_cells(row: BrowseRow, marked: bool) -> dict[str, Text]:
    """The table cells of a row by column (Text only: card text is never read as markup)."""
    mark = Text("●" if marked else " ", "bold yellow")
    if row.flag:
        mark.append("⚑", FLAG_STYLES[row.flag % len(FLAG_STYLES)])
    if row.suspended:
        state = Text("suspended", "yellow")
    elif row.buried:
        state = Text("buried", "dim")
    else:
        state = Text(row.state_name, STATE_STYLES[row.state])
    return {
        "mark": mark,
        "front": Text(row.front, no_wrap=True, overflow="ellipsis"),
        "deck": Text(row.deck, no_wrap=True, overflow="ellipsis"),
        "state": state,
        "due": Text(row.due.date().isoformat() if row.due else "—"),
        "stability": _number(row.stability, "{:.0f}d"),
        "difficulty": _number(row.difficulty, "{:.1f}"),
        "retrievability": _number(row.retrievability, "{:.0%}"),
    }


def sort_of(column_key: str | None) -> SortKey | None:
    """The sort key of a column (None for the mark column)."""
    return next((sort for key, _, sort, _ in COLUMNS if key == column_key), None)


class BrowseTable(DataTable[Text]):
    """A page of browser rows; the columns that fit its width."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True, cell_padding=CELL_PADDING)
        self._rows: list[BrowseRow] = []
        self._marked: set[int] = set()
        self._sort = (SortKey.CREATED, False)
        self._add_columns(80)

    def _add_columns(self, width: int) -> None:
        widths = column_widths(width)
        for key, label, _, _ in COLUMNS:
            if key in widths:
                self.add_column(Text(label), key=key, width=widths[key])
        self.show_sort(*self._sort)

    def on_resize(self) -> None:
        """Show the columns that fit; share the new width between Front and Deck."""
        width = self.size.width
        if tuple(str(key.value) for key in self.columns) != column_keys(width):
            cursor = self.cursor_row
            self.clear(columns=True)
            self._add_columns(width)
            self._add_rows(self._rows)
            if self._rows:
                self.move_cursor(row=min(cursor, len(self._rows) - 1))
        widths = column_widths(width)
        for key, column in self.columns.items():
            column.width = widths[str(key.value)]
            column.auto_width = False
        self._require_update_dimensions = True
        self.refresh()

    def show(self, rows: Sequence[BrowseRow], marked: Collection[int], cursor: int | None) -> None:
        """Replace the rows; put the cursor on card ``cursor`` (else the first row)."""
        self.clear()
        self._rows = []
        self.append(rows, marked)
        if rows:
            index = next((i for i, r in enumerate(rows) if r.id == cursor), 0)
            self.move_cursor(row=index)

    def append(self, rows: Sequence[BrowseRow], marked: Collection[int]) -> None:
        """Add rows at the end (the cursor stays where it is)."""
        self._marked = set(marked)
        self._rows.extend(rows)
        self._add_rows(rows)

    def _add_rows(self, rows: Sequence[BrowseRow]) -> None:
        keys = [str(key.value) for key in self.columns]
        for row in rows:
            cells = row_cells(row, row.id in self._marked)
            self.add_row(*(cells[key] for key in keys), key=str(row.id))

    def show_marks(self, rows: Sequence[BrowseRow], marked: Collection[int]) -> None:
        """Redraw the mark column."""
        self._marked = set(marked)
        for row in rows:
            self.update_cell(str(row.id), "mark", row_cells(row, row.id in marked)["mark"])

    def show_sort(self, sort: SortKey, descending: bool) -> None:
        """An arrow on the header of the sort column."""
        self._sort = (sort, descending)
        for key, label, column_sort, _ in COLUMNS:
            if key not in self.columns:
                continue
            text = Text(label)
            if column_sort == sort:
                text.append(" ▼" if descending else " ▲", "bold")
            self.columns[key].label = text  # type: ignore[index]
        self.refresh()
