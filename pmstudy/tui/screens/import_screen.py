"""Import a file: choose it, map CSV columns, watch the progress, read the summary."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Checkbox, Footer, Header, Input, ProgressBar, Static

from pmstudy.domain.cards import ImportOptions, ImportSummary
from pmstudy.errors import PmStudyError
from pmstudy.io.file_kind import not_a_file
from pmstudy.tui.screens.csv_mapping import CsvMappingScreen, Mapping, load_preview

if TYPE_CHECKING:
    from pmstudy.tui.ports import ImportServices

TEXT_SUFFIXES = (".csv", ".tsv", ".txt", ".tab")
SHOWN_REASONS = 12


def summary_text(summary: ImportSummary) -> Text:
    """What an import did, as literal text."""
    text = Text(
        "Would import (dry run, nothing written)\n" if summary.dry_run else "Imported\n", "bold"
    )
    text.append(Text(summary.source + "\n"))
    text.append(
        f"notes: {summary.notes_added} added, {summary.notes_updated} updated, "
        f"{summary.notes_unchanged} unchanged, {summary.notes_skipped} skipped\n"
    )
    text.append(
        f"cards: {summary.cards_added} added, {summary.cards_removed} removed, "
        f"{summary.cards_rescheduled} rescheduled from the file\n"
    )
    text.append(
        f"reviews: {summary.reviews_added} added, {summary.reviews_present} already here\n"
        f"media files: {summary.media_added}\n"
    )
    if summary.decks_created:
        text.append(Text("decks created: " + ", ".join(summary.decks_created) + "\n"))
    if summary.detected:
        detected = "; ".join(f"{k} {v}" for k, v in summary.detected.items())
        text.append(Text("detected: " + detected + "\n", "dim"))
    for reason in summary.skipped[:SHOWN_REASONS]:
        text.append(Text("skipped: " + reason + "\n", "yellow"))
    if len(summary.skipped) > SHOWN_REASONS:
        text.append(f"… and {len(summary.skipped) - SHOWN_REASONS} more\n", "yellow")
    text.rstrip()
    return text


class ImportScreen(Screen[ImportSummary | None]):
    """Import an .apkg, CSV/TSV/TXT or deck file; dismisses with the last summary."""

    DEFAULT_CSS = """
    ImportScreen #import-body { padding: 1 2; height: 1fr; }
    ImportScreen #import-help { color: $text-muted; margin: 0 0 1 0; }
    ImportScreen #import-options { height: auto; layout: horizontal; }
    ImportScreen ProgressBar { margin: 1 0; }
    ImportScreen #import-status { height: auto; }
    ImportScreen #import-summary { height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # priority: the path input would otherwise take these keys for editing
        Binding("ctrl+r", "run", "Import", priority=True),
        Binding("ctrl+d", "toggle_dry_run", "Dry run", priority=True),
        Binding("ctrl+y", "toggle_history", "History", priority=True),
        Binding("escape", "close", "Back"),
    ]

    class Imported(Message):
        """An import committed (or a dry run finished)."""

        def __init__(self, summary: ImportSummary) -> None:
            super().__init__()
            self.summary = summary

    def __init__(self, services: ImportServices, path: str = "") -> None:
        super().__init__()
        self.services = services
        self.initial_path = path
        self.last: ImportSummary | None = None
        self.running = False

    def compose(self) -> ComposeResult:
        """Path input, options, progress, summary."""
        yield Header()
        with Vertical(id="import-body"):
            yield Static(
                "Anki packages (.apkg), CSV/TSV/TXT exports (Anki, Quizlet, spreadsheets) and "
                "deck files (.toml). Re-importing a file updates its notes in place and keeps "
                "their history. Everything is written in one transaction.",
                id="import-help",
            )
            yield Input(
                value=self.initial_path,
                placeholder="path of the file to import, then enter",
                id="import-path",
            )
            with Vertical(id="import-options"):
                yield Checkbox("Dry run (show what would happen)", id="import-dry-run")
                yield Checkbox("Review history", value=True, id="import-history")
            yield ProgressBar(total=1, show_eta=False, id="import-progress")
            yield Static("", id="import-status")
            yield Static("", id="import-summary")
        yield Footer()

    def on_mount(self) -> None:
        """Focus the path."""
        self.sub_title = "Import"
        self.query_one("#import-path", Input).focus()

    # --- actions ---------------------------------------------------------------------------

    def action_toggle_dry_run(self) -> None:
        """Dry run on/off."""
        box = self.query_one("#import-dry-run", Checkbox)
        box.value = not box.value

    def action_toggle_history(self) -> None:
        """Import the review history, or content only."""
        box = self.query_one("#import-history", Checkbox)
        box.value = not box.value

    def action_close(self) -> None:
        """Back to where the screen was opened from."""
        if not self.running:
            self.dismiss(self.last)

    @on(Input.Submitted, "#import-path")
    def _submitted(self) -> None:
        self.action_run()

    def action_run(self) -> None:
        """Import the file named in the input (CSV files first get a column mapping)."""
        if self.running:
            return
        raw = self.query_one("#import-path", Input).value.strip()
        if not raw:
            self._status(Text("Type the path of a file first.", "yellow"))
            return
        path = Path(raw).expanduser()
        problem = not_a_file(path)
        if problem is not None:
            self._status(Text(f"{path}: {problem}", "red"))
            return
        if path.suffix.lower() in TEXT_SUFFIXES:
            preview = load_preview(self.services, path)
            if isinstance(preview, str):
                self._status(Text(preview, "red"))
                return

            def mapped(mapping: Mapping | None) -> None:
                if mapping is not None:
                    self._start(path, mapping)

            self.app.push_screen(CsvMappingScreen(self.services, path, preview), mapped)
            return
        self._start(path, None)

    # --- the import --------------------------------------------------------------------

    def _options(self, mapping: Mapping | None) -> ImportOptions:
        return ImportOptions(
            dry_run=self.query_one("#import-dry-run", Checkbox).value,
            history=self.query_one("#import-history", Checkbox).value,
            mapping=mapping,
        )

    def _start(self, path: Path, mapping: Mapping | None) -> None:
        self.running = True
        self.query_one("#import-summary", Static).update("")
        self.query_one(ProgressBar).update(total=1, progress=0)
        self._status(Text(f"Importing {path.name}…"))
        self._import(path, self._options(mapping))

    @work(thread=True, exclusive=True, group="import")
    def _import(self, path: Path, options: ImportOptions) -> None:
        def progress(stage: str, done: int, total: int) -> None:
            self.app.call_from_thread(self._progress, stage, done, total)

        try:
            summary = self.services.imports.import_file(path, options, progress)
        except PmStudyError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._finished, summary)

    def _progress(self, stage: str, done: int, total: int) -> None:
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)
        self._status(Text(f"{stage} {done}/{total}" if total > 1 else stage))

    def _finished(self, summary: ImportSummary) -> None:
        self.running = False
        self.last = summary
        self.query_one(ProgressBar).update(total=1, progress=1)
        self._status(Text("Done.", "green"))
        self.query_one("#import-summary", Static).update(summary_text(summary))
        self.post_message(self.Imported(summary))

    def _failed(self, message: str) -> None:
        self.running = False
        self.query_one(ProgressBar).update(total=1, progress=0)
        self._status(Text("Nothing was imported: " + message, "red"))

    def _status(self, text: Text) -> None:
        self.query_one("#import-status", Static).update(text)
