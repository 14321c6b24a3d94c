"""Import a file: choose it, map CSV columns, watch the progress, read the summary."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import (
    Checkbox,
    DirectoryTree,
    Footer,
    Header,
    Input,
    Label,
    ProgressBar,
    Select,
    Static,
)

from pmstudy.domain.cards import ImportOptions, ImportSummary
from pmstudy.errors import PmStudyError
from pmstudy.io.file_kind import APKG, DECK, TEXT, not_a_file
from pmstudy.tui.screens.csv_mapping import CsvMappingScreen, Mapping, load_preview
from pmstudy.tui.widgets.file_picker import (
    ImportableTree,
    PathInput,
    PathSuggester,
    is_folder,
    resolve,
)

if TYPE_CHECKING:
    from pmstudy.tui.ports import ImportServices

SHOWN_REASONS = 12
AUTO = "auto"
ENCODINGS = (AUTO, "utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16")
"""The encodings offered for text files; auto is the detection (BOM, UTF-8, Windows-1252)."""


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
    ImportScreen #import-body { padding: 0 1; height: 1fr; }
    ImportScreen #import-help { color: $text-muted; height: auto; }
    ImportScreen .import-row { height: 3; }
    ImportScreen .import-row > Label { width: 10; padding: 1 0 0 1; }
    ImportScreen #import-path { width: 1fr; }
    ImportScreen #import-tree { height: 1fr; min-height: 5; }
    ImportScreen #import-deck { width: 1fr; }
    ImportScreen #import-encoding { width: 22; }
    ImportScreen #import-deck-hint { color: $text-muted; height: auto; padding: 0 0 0 10; }
    ImportScreen #import-options { height: 1; margin: 0 0 0 10; }
    ImportScreen #import-options Checkbox { border: none; height: 1; padding: 0 2 0 0; }
    ImportScreen ProgressBar { margin: 0 0 0 1; }
    ImportScreen #import-status { height: auto; padding: 0 1; }
    ImportScreen #import-result { height: 1fr; padding: 0 1; }
    ImportScreen #import-summary { height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # priority: the path input would otherwise take these keys for editing
        Binding("ctrl+r", "run", "Import", priority=True),
        Binding("ctrl+t", "toggle_tree", "Folders", priority=True),
        Binding("ctrl+d", "toggle_dry_run", "Dry run", priority=True),
        Binding("ctrl+y", "toggle_history", "History", priority=True),
        Binding("escape", "close", "Back"),
    ]

    class Imported(Message):
        """An import committed (or a dry run finished)."""

        def __init__(self, summary: ImportSummary) -> None:
            super().__init__()
            self.summary = summary

    def __init__(
        self,
        services: ImportServices,
        path: str = "",
        *,
        home: Path | None = None,
        start: Path | None = None,
    ) -> None:
        super().__init__()
        self.services = services
        self.initial_path = path
        self.home = home if home is not None else Path.home()
        # relative paths and the folder tree start where pmstudy was started, as in the shell
        self.start = start if start is not None else Path.cwd()
        self.last: ImportSummary | None = None
        self.running = False
        self.deck_names: list[str] = []

    def compose(self) -> ComposeResult:
        """File (box and folder tree), target deck and encoding, options, progress, result."""
        yield Header()
        with Vertical(id="import-body"):
            yield Static(
                "Anki packages (.apkg), CSV/TSV/TXT exports, deck files (.toml). One transaction; "
                "a re-import updates its notes and keeps their history.",
                id="import-help",
            )
            with Horizontal(classes="import-row", id="import-path-row"):
                yield Label("File")
                yield PathInput(
                    value=self.initial_path,
                    placeholder="~/file.apkg  (tab completes, ctrl+t shows folders)",
                    suggester=PathSuggester(self.home, self.start),
                    id="import-path",
                )
            with Horizontal(classes="import-row"):
                yield Label("Deck")
                yield Input(placeholder="the file's own deck(s)", id="import-deck")
                yield Select(
                    [(f"encoding: {name}", name) for name in ENCODINGS],
                    value=AUTO,
                    allow_blank=False,
                    id="import-encoding",
                )
            yield Static("", id="import-deck-hint")
            with Horizontal(id="import-options"):
                yield Checkbox("Keep the package's decks", id="import-keep")
                yield Checkbox("Dry run", id="import-dry-run")
                yield Checkbox("Review history", value=True, id="import-history")
            yield ProgressBar(total=1, show_eta=False, id="import-progress")
            yield Static("", id="import-status")
            with VerticalScroll(id="import-result"):
                yield Static("", id="import-summary")
        yield Footer()

    def on_mount(self) -> None:
        """Focus the path; offer the existing decks as targets."""
        self.sub_title = "Import"
        self._load_deck_names()
        self.query_one("#import-path", Input).focus()

    # --- choosing ------------------------------------------------------------------------

    def action_toggle_tree(self) -> None:
        """Show the folder tree (at the typed folder, if any) and focus it, or hide it."""
        # mounted only while shown: its loader is a worker that runs as long as the tree does
        shown = self.query(ImportableTree)
        if shown:
            self._hide_tree()
            return
        typed = self.query_one("#import-path", Input).value.strip()
        folder = resolve(typed, self.home, self.start) if typed else self.start
        if not is_folder(folder):
            folder = folder.parent if is_folder(folder.parent) else self.start
        tree = ImportableTree(folder, id="import-tree")
        self.query_one("#import-body").mount(tree, after=self.query_one("#import-path-row"))
        tree.focus()

    def _hide_tree(self) -> None:
        self.query(ImportableTree).remove()
        self.query_one("#import-path", Input).focus()

    @on(DirectoryTree.FileSelected, "#import-tree")
    def _file_chosen(self, event: DirectoryTree.FileSelected) -> None:
        path_input = self.query_one("#import-path", Input)
        path_input.value = str(event.path)
        path_input.cursor_position = len(path_input.value)
        self._hide_tree()

    @on(Input.Changed, "#import-path")
    @on(Input.Changed, "#import-deck")
    @on(Checkbox.Changed, "#import-keep")
    def _choices_changed(self) -> None:
        self._describe_target()

    def _load_deck_names(self) -> None:
        self.deck_names = self.services.editor.deck_names()
        deck = self.query_one("#import-deck", Input)
        deck.suggester = SuggestFromList(self.deck_names, case_sensitive=False)
        self._describe_target()

    def _kind(self) -> str:
        """'apkg', 'deck', 'text', or '' (no telling yet) from the typed name."""
        suffix = Path(self.query_one("#import-path", Input).value.strip()).suffix.lower()
        kinds = {**dict.fromkeys(APKG, "apkg"), **dict.fromkeys(DECK, "deck")}
        return kinds.get(suffix, "text" if suffix in TEXT else "")

    def _target(self) -> str | None:
        """The deck the notes go to (None: the file's own)."""
        name = self.query_one("#import-deck", Input).value.strip()
        if not name:
            return None
        if self._kind() == "apkg" and self.query_one("#import-keep", Checkbox).value:
            return None
        return name

    def _describe_target(self) -> None:
        kind = self._kind()
        self.query_one("#import-keep", Checkbox).disabled = kind != "apkg"
        self.query_one("#import-encoding", Select).disabled = kind in ("apkg", "deck")
        target = self._target()
        if target is None:
            hint = "The file's own deck(s)."
        elif target.casefold() in {n.casefold() for n in self.deck_names}:
            hint = f"Into the existing deck {target}"
        else:
            hint = f"New deck {target}, created by the import"
        if target is not None:
            hint += "; the package's decks go under it." if kind == "apkg" else "."
        self.query_one("#import-deck-hint", Static).update(Text(hint))

    def _encoding(self) -> str | None:
        value = self.query_one("#import-encoding", Select).value
        return None if value == AUTO or not isinstance(value, str) else value

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
        """Hide the folder tree, else back to where the screen was opened from."""
        if self.query(ImportableTree):
            self._hide_tree()
        elif not self.running:
            self.dismiss(self.last)

    @on(Input.Submitted, "#import-path")
    @on(Input.Submitted, "#import-deck")
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
        path = resolve(raw, self.home, self.start)
        problem = not_a_file(path)
        if problem is not None:
            self._error(f"{path}: {problem}")
            return
        if path.suffix.lower() in TEXT:
            encoding = self._encoding()
            preview = load_preview(self.services, path, encoding=encoding)
            if isinstance(preview, str):
                self._error(preview)
                return

            def mapped(mapping: Mapping | None) -> None:
                if mapping is not None:
                    self._start(path, mapping)

            screen = CsvMappingScreen(self.services, path, preview, encoding=encoding)
            self.app.push_screen(screen, mapped)
            return
        self._start(path, None)

    # --- the import --------------------------------------------------------------------

    def _options(self, mapping: Mapping | None) -> ImportOptions:
        return ImportOptions(
            dry_run=self.query_one("#import-dry-run", Checkbox).value,
            history=self.query_one("#import-history", Checkbox).value,
            encoding=self._encoding(),
            mapping=mapping,
            deck=self._target(),
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
        self._load_deck_names()  # the import may have made new ones

    def _failed(self, message: str) -> None:
        self.running = False
        self.query_one(ProgressBar).update(total=1, progress=0)
        self._error("Nothing was imported: " + message)

    def _error(self, message: str) -> None:
        """Only the error stays on screen: the previous import's summary goes."""
        self.query_one("#import-summary", Static).update("")
        # the reader's advice names the CLI flag; here the choice is the encoding box
        message = message.replace("name it with --encoding", "choose it in the encoding box")
        self._status(Text(message, "red"))

    def _status(self, text: Text) -> None:
        self.query_one("#import-status", Static).update(text)
