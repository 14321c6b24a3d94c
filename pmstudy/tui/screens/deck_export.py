"""Export the highlighted deck: the format (.apkg, CSV, deck file), whether an Anki package
keeps the review history, and where to write it (the downloads folder by default)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, RadioButton, RadioSet, Static

from pmstudy.errors import PmStudyError
from pmstudy.locations import downloads_dir
from pmstudy.tui.screens.dialogs import DIALOG_CSS
from pmstudy.tui.screens.mock_text import plural

if TYPE_CHECKING:
    from pmstudy.domain.cards import ExportSummary
    from pmstudy.tui.ports import DeckActionsServices

# (format, label, file suffix), in the order offered; the first is the default
FORMATS = (
    ("apkg", "Anki package (.apkg)", ".apkg"),
    ("csv", "CSV spreadsheet (.csv)", ".csv"),
    ("deck", "pmstudy deck file (.toml)", ".toml"),
)
_NOT_IN_NAMES = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def file_name(deck: str, suffix: str) -> str:
    """A file name for the deck: 'PMP::People' -> 'PMP - People.apkg'."""
    parts = (_NOT_IN_NAMES.sub(" ", p).strip() for p in deck.split("::"))
    stem = " - ".join(p for p in parts if p).strip(". ") or "deck"
    return stem[:120] + suffix


def shown(path: Path) -> str:
    """The path as typed: '~/Downloads/x.apkg' under the home folder."""
    home = Path.home()
    return "~/" + str(path.relative_to(home)) if path.is_relative_to(home) else str(path)


class ExportDeckScreen(ModalScreen[str | None]):
    """Where and how to export a deck; closes with what was written, or None."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="ExportDeckScreen")
        + """
    ExportDeckScreen RadioSet { width: 100%; }
    ExportDeckScreen Checkbox { width: 100%; }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, services: DeckActionsServices, name: str) -> None:
        super().__init__()
        self.services = services
        self.deck = name
        self.folder = downloads_dir()
        self._replace: Path | None = None  # a file the learner agreed to replace

    def compose(self) -> ComposeResult:
        """Format, history, path, error line, keys."""
        default = self.folder / file_name(self.deck, FORMATS[0][2])
        with Vertical():
            yield Label(Text(f"Export deck {self.deck}"), classes="dialog-title")
            with RadioSet(id="export-format"):
                for n, (_, label, _) in enumerate(FORMATS):
                    yield RadioButton(label, value=n == 0)
            yield Checkbox("With review history (.apkg)", True, id="export-history")
            yield Input(shown(default), id="export-path")
            yield Static("", classes="dialog-error", id="export-error")
            yield Static(
                Text("⏎ export · tab format, history · esc cancel", "dim"), classes="dialog-keys"
            )

    def on_mount(self) -> None:
        """The path has the focus: enter exports with the defaults."""
        self.query_one("#export-path", Input).focus()

    @property
    def format(self) -> tuple[str, str, str]:
        """The chosen (format, label, suffix)."""
        return FORMATS[max(0, self.query_one(RadioSet).pressed_index)]

    @on(RadioSet.Changed)
    def _format_changed(self) -> None:
        fmt, _, suffix = self.format
        self.query_one("#export-history", Checkbox).disabled = fmt != "apkg"
        box = self.query_one("#export-path", Input)
        for _, _, old in FORMATS:
            if box.value.endswith(old):
                box.value = box.value[: -len(old)] + suffix
                break
        self._error("")

    def _error(self, message: str) -> None:
        self.query_one("#export-error", Static).update(Text(message))

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        typed = event.value.strip()
        if not typed:
            self._error("Type the file to write.")
            return
        path = Path(typed).expanduser()
        if path.is_dir():
            self._error(f"{typed} is a folder: add a file name.")
            return
        if path.exists() and self._replace != path:
            self._replace = path
            self._error(f"{typed} exists: press ⏎ again to replace it.")
            return
        try:
            if path.parent == self.folder:  # the downloads folder may not exist yet
                path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._error(f"{path.parent}: cannot create the folder ({exc.strerror or exc})")
            return
        self._error("Exporting…")
        history = self.query_one("#export-history", Checkbox).value
        self._export(self.format[0], path, history)

    @work(thread=True, exclusive=True)
    def _export(self, fmt: str, path: Path, history: bool) -> None:
        try:
            summary = self.services.imports.export(self.deck, fmt, path, history=history)
        except PmStudyError as exc:
            self.app.call_from_thread(self._error, str(exc))
        else:
            self.app.call_from_thread(self._exported, summary)

    def _exported(self, summary: ExportSummary) -> None:
        reviews = f", {plural(summary.reviews, 'review')}" if summary.format == "apkg" else ""
        self.dismiss(
            f"Exported {plural(summary.notes, 'note')}, {plural(summary.cards, 'card')}"
            f"{reviews} to {shown(Path(summary.path))}."
        )

    def action_cancel(self) -> None:
        """Close; nothing written."""
        self.dismiss(None)
