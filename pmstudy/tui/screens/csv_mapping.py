"""Map the columns of a CSV/TSV/TXT file to note fields, with a preview of the first rows."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Label, Select, Static

from pmstudy.domain.cards import MAPPING_TARGETS, TextPreview, clean
from pmstudy.domain.fmt import clip
from pmstudy.errors import PmStudyError

if TYPE_CHECKING:
    from pmstudy.tui.ports import CsvMappingServices

Mapping = tuple[tuple[str, int], ...]
IGNORE = "ignore"
CELL_WIDTH = 28


def cell(value: str, width: int = CELL_WIDTH) -> Text:
    """A preview cell: one line, control codes removed, shown literally."""
    line = clean(value).replace("\n", " ⏎ ").replace("\t", " ")
    return Text(clip(line, width))


def mapping_problem(mapping: Mapping) -> str | None:
    """Why a mapping cannot be imported (None when it can)."""
    targets = [t for t, _ in mapping]
    if "front" not in targets and "text" not in targets:
        return "map a column to front (or to text, for cloze notes)"
    doubled = sorted({t for t in targets if targets.count(t) > 1})
    if doubled:
        return f"{', '.join(doubled)} is mapped to more than one column"
    return None


class CsvMappingScreen(ModalScreen[Mapping | None]):
    """Returns (target, 1-based column) pairs, or None when cancelled."""

    DEFAULT_CSS = """
    CsvMappingScreen { align: center middle; }
    CsvMappingScreen #mapping-dialog {
        width: 96%;
        height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    CsvMappingScreen #mapping-title { text-style: bold; }
    CsvMappingScreen #mapping-detected { color: $text-muted; }
    CsvMappingScreen #mapping-columns { height: auto; max-height: 12; }
    CsvMappingScreen .mapping-row { height: 3; }
    CsvMappingScreen .mapping-row Label { width: 34; padding: 1 1 0 0; }
    CsvMappingScreen .mapping-row Select { width: 24; }
    CsvMappingScreen #mapping-preview { height: 1fr; }
    CsvMappingScreen #mapping-problem { color: $error; height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "accept", "Import with this mapping", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        services: CsvMappingServices,
        path: Path,
        preview: TextPreview | None = None,
        *,
        encoding: str | None = None,
    ) -> None:
        super().__init__()
        self.services = services
        self.path = path
        self.preview = preview or services.imports.preview(path, encoding=encoding)
        initial = {**self.preview.mapping, **self.preview.meta}
        self.choice: dict[int, str] = {column: target for target, column in initial.items()}

    def compose(self) -> ComposeResult:
        """Detected settings, one selector per column, and the preview table."""
        preview = self.preview
        header = "header row: " + ", ".join(preview.header) if preview.header else "no header row"
        with Vertical(id="mapping-dialog"):
            yield Static(Text(f"Columns of {preview.label}"), id="mapping-title")
            yield Static(
                Text(
                    f"encoding {preview.encoding} · separator {preview.delimiter} · "
                    f"{'HTML' if preview.html else 'plain text'} · "
                    f"{header}"
                ),
                id="mapping-detected",
            )
            with Vertical(id="mapping-columns"):
                for column in range(1, preview.columns + 1):
                    with Horizontal(classes="mapping-row"):
                        yield Label(self._column_label(column))
                        yield Select(
                            [(t, t) for t in (IGNORE, *MAPPING_TARGETS)],
                            value=self.choice.get(column, IGNORE),
                            allow_blank=False,
                            id=f"column-{column}",
                        )
            yield Static("", id="mapping-problem")
            yield DataTable(id="mapping-preview", zebra_stripes=True, cursor_type="row")
        yield Footer()

    def _column_label(self, column: int) -> Text:
        header = self.preview.header
        name = header[column - 1] if column <= len(header) else ""
        sample = next((r[column - 1] for r in self.preview.rows if column <= len(r)), "")
        text = Text(f"{column}. ", "bold")
        text.append_text(cell(name or sample, 28))
        return text

    def on_mount(self) -> None:
        """Fill the preview."""
        self._fill_table()
        self.query_one(Select).focus()

    def _fill_table(self) -> None:
        table: DataTable[Text] = self.query_one(DataTable)
        table.clear(columns=True)
        for column in range(1, self.preview.columns + 1):
            target = self.choice.get(column, IGNORE)
            table.add_column(Text(f"{column} → {target}", "dim" if target == IGNORE else "bold"))
        for row in self.preview.rows:
            values = [*row, *[""] * (self.preview.columns - len(row))][: self.preview.columns]
            table.add_row(*(cell(v) for v in values))

    @on(Select.Changed)
    def _changed(self, event: Select.Changed) -> None:
        if event.select.id is None or not event.select.id.startswith("column-"):
            return
        column = int(event.select.id.removeprefix("column-"))
        self.choice[column] = str(event.value)
        self._fill_table()
        self.query_one("#mapping-problem", Static).update("")

    def mapping(self) -> Mapping:
        """The chosen mapping."""
        return tuple(
            (target, column)
            for column, target in sorted(self.choice.items())
            if target != IGNORE and column <= self.preview.columns
        )

    def action_accept(self) -> None:
        """Return the mapping (or say what is missing)."""
        mapping = self.mapping()
        problem = mapping_problem(mapping)
        if problem is not None:
            self.query_one("#mapping-problem", Static).update(Text(problem))
            return
        self.dismiss(mapping)

    def action_cancel(self) -> None:
        """Import nothing."""
        self.dismiss(None)


def load_preview(
    services: CsvMappingServices, path: Path, *, encoding: str | None = None
) -> TextPreview | str:
    """The preview (in ``encoding``, else the detected one), or the error message instead."""
    try:
        return services.imports.preview(path, encoding=encoding)
    except PmStudyError as exc:
        return str(exc)
