"""Classify a deck onto an exam: a suggested domain and task for each note, the learner's
choices, and writing them as exam tags in one undoable step.

The classification (one service call, a few seconds the first time an exam's model is
trained) runs in a thread worker while the screen says so. The learner sorts by confidence,
changes the threshold below which a note is "unsure", accepts every suggestion above it (for
notes not mapped yet), places one note with the blueprint picker or marks it not on this exam;
``w`` shows what will change and writes it; ``u`` takes the last write back. Choices not
written yet are asked about before they would be dropped (leaving, another deck or exam).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Label, Select, Static
from textual.worker import get_current_worker

from pmstudy import crashlog
from pmstudy.domain.exam import not_on_exam_tag
from pmstudy.errors import PmStudyError
from pmstudy.tui.screens.classify_pick import PlacementPicker
from pmstudy.tui.screens.classify_text import (
    apply_preview,
    detail_text,
    intro_text,
    parse_threshold,
    status_text,
)
from pmstudy.tui.screens.dialogs import ConfirmScreen
from pmstudy.tui.widgets.classify_table import NotesTable
from pmstudy.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from pmstudy.services.classify import Classification, NoteSuggestion, UndoStep
    from pmstudy.tui.ports import ClassifyServices

DEFAULT_THRESHOLD = 0.5  # the model's (pmstudy.domain.classify.DEFAULT_MIN_CONFIDENCE), as shown
NEEDS_NOTES = frozenset({"sort", "accept", "change", "not_on_exam", "clear"})


class ClassifyScreen(Screen[None]):
    """A deck's notes with suggested exam places; choose, write as tags, undo."""

    CSS_PATH = "classify.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "accept", "Accept sure", tooltip="Accept the suggestions above the threshold"),
        Binding("c", "change", "Change", tooltip="Choose this note's domain and task"),
        Binding("n", "not_on_exam", "Not on exam", tooltip="Mark this note not on this exam"),
        Binding("x", "clear", "Clear", tooltip="Forget this note's choice"),
        Binding("w", "apply", "Write", tooltip="Write the choices as tags (one undoable step)"),
        Binding("u", "undo", "Undo", tooltip="Take back the last write"),
        Binding("s", "sort", "Sort", tooltip="Sort by confidence: lowest or highest first"),
        Binding("t", "threshold", "Threshold", tooltip="Change the threshold for 'unsure'"),
        Binding("r", "refresh", "Classify", tooltip="Classify the deck again"),
        Binding("escape", "back", "Back"),
    ]

    class Loaded(Message):
        """The classification (or an error) arrived from the worker."""

        def __init__(
            self,
            key: tuple[str, str],
            result: Classification | None,
            undo: UndoStep | None,
            error: str | None = None,
        ) -> None:
            self.key = key
            self.result = result
            self.undo = undo
            self.error = error
            super().__init__()

    def __init__(
        self, services: ClassifyServices, *, deck: str | None = None, exam: str | None = None
    ) -> None:
        super().__init__()
        self.services = services
        self.sub_title = "Classify a deck onto an exam"
        self.deck = deck
        self.exam = exam
        self.threshold = DEFAULT_THRESHOLD
        self.descending = False
        self.result: Classification | None = None
        self.choices: dict[int, str] = {}
        self.undo_step: UndoStep | None = None

    # --- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """The deck, exam and threshold on one line; the status; the notes; the keys."""
        decks = self.services.classify.deck_names()
        exams = [(p.name, p.id) for p in self.services.classify.profiles()]
        if self.deck not in decks:
            self.deck = None
        if self.exam not in {e[1] for e in exams}:
            self.exam = None
        yield Header()
        with Horizontal(id="classify-pick"):
            yield Select(
                [(Text(d), d) for d in decks],
                prompt="Choose a deck",
                value=self.deck if self.deck is not None else Select.NULL,
                id="classify-deck",
                compact=True,
            )
            yield Select(
                exams,
                prompt="Choose an exam",
                value=self.exam if self.exam is not None else Select.NULL,
                id="classify-exam",
                compact=True,
            )
            yield Label("unsure below", id="classify-threshold-label")
            yield Input(
                f"{self.threshold:.2f}", id="classify-threshold", compact=True, max_length=6
            )
        yield Static(id="classify-status")
        yield NotesTable(id="classify-table")
        yield Static(id="classify-detail")
        yield KeyBar(optional=("refresh", "threshold", "sort", "clear"))

    def on_mount(self) -> None:
        """The classification, when deck and exam are known."""
        self._start()

    @property
    def table(self) -> NotesTable:
        """The notes."""
        return self.query_one(NotesTable)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys about notes need a classification; write needs choices; undo a step."""
        if action in NEEDS_NOTES:
            return self.result is not None and bool(self.result.notes)
        if action == "apply":
            return bool(self.choices)
        if action == "undo":
            return self.undo_step is not None
        if action == "refresh":
            return self.deck is not None and self.exam is not None
        return True

    # --- classifying -------------------------------------------------------------------

    def _start(self) -> None:
        status = self.query_one("#classify-status", Static)
        if self.deck is None or self.exam is None:
            status.update(intro_text())
            self.table.display = False
            self._show_detail()
            missing = "#classify-deck" if self.deck is None else "#classify-exam"
            self.query_one(missing, Select).focus()
            return
        self.table.display = True
        self.table.loading = True
        status.update(
            Text(
                f"Classifying {self.deck} onto {self.exam}… (the first time for an exam, "
                "learning its blueprint takes a few seconds)",
                "italic",
            )
        )
        self._classify(self.deck, self.exam)

    @work(thread=True, exclusive=True, group="classify")
    def _classify(self, deck: str, exam: str) -> None:
        key = (deck, exam)
        classify = self.services.classify
        try:
            result = classify.classify(deck, exam)
            undo = classify.undo_step()
        except PmStudyError as exc:
            message = self.Loaded(key, None, None, str(exc))
        except Exception as exc:
            # a failed classification stays on its screen; the app goes on
            line = crashlog.logged(exc, self.services.settings.data_dir)
            message = self.Loaded(key, None, None, f"Classifying failed: {line}")
        else:
            message = self.Loaded(key, result, undo)
        if not get_current_worker().is_cancelled:
            self.post_message(message)

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        if event.key != (self.deck, self.exam):
            return  # a classification for a deck or exam no longer chosen
        self.table.loading = False
        self.undo_step = event.undo
        self.result = event.result
        if event.result is None:
            self._fill()
            self.query_one("#classify-status", Static).update(
                Text(event.error or "classifying failed", "bold red")
            )
        else:
            known = {n.note_id for n in event.result.notes}
            self.choices = {k: v for k, v in self.choices.items() if k in known}
            self._fill()
            self.table.focus()
        self.refresh_bindings()

    def _fill(self) -> None:
        """The table and the status line for the current result, threshold and choices."""
        self.table.show(self.result, self.threshold, self.choices, descending=self.descending)
        self.table.display = self.result is not None and bool(self.result.notes)
        self._show_detail()
        status = self.query_one("#classify-status", Static)
        if self.result is None:
            return
        if not self.result.notes:
            status.update(Text(f"The deck {self.result.deck} has no notes.", "bold"))
            return
        status.update(
            status_text(self.result, self.threshold, len(self.choices), descending=self.descending)
        )

    @on(DataTable.RowHighlighted, "#classify-table")
    def _show_detail(self) -> None:
        """The note under the cursor in words (names of the blueprint, the whole front)."""
        detail = self.query_one("#classify-detail", Static)
        note = self.note
        detail.display = note is not None and self.result is not None and self.table.display
        if note is not None and self.result is not None:
            detail.update(detail_text(note, self.result.spec, self.threshold))

    def _update_row(self, note: NoteSuggestion) -> None:
        self.table.redraw(note)
        if self.result is not None:
            self.query_one("#classify-status", Static).update(
                status_text(
                    self.result, self.threshold, len(self.choices), descending=self.descending
                )
            )
        self.refresh_bindings()

    @property
    def note(self) -> NoteSuggestion | None:
        """The note under the cursor."""
        return self.table.note

    # --- choosing the deck, the exam, the threshold ------------------------------------

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        value = None if event.value is Select.NULL else str(event.value)
        attribute = "deck" if event.select.id == "classify-deck" else "exam"
        if value == getattr(self, attribute):
            return

        def switch() -> None:
            setattr(self, attribute, value)
            self.choices.clear()
            self.result = None
            self._fill()
            self._start()
            self.refresh_bindings()

        def undo_change() -> None:
            old = getattr(self, attribute)
            event.select.value = old if old is not None else Select.NULL

        self._unless_choices_dropped(switch, undo_change)

    @on(Input.Changed, "#classify-threshold")
    def _threshold_typed(self, event: Input.Changed) -> None:
        value = parse_threshold(event.value)
        event.input.set_class(value is None, "-invalid")
        if value is None:
            self.query_one("#classify-status", Static).update(
                Text("The threshold is a number from 0 to 1 (or a percentage).", "bold red")
            )
            return
        self.threshold = value
        if self.result is not None:
            self._fill()

    @on(Input.Submitted, "#classify-threshold")
    def _threshold_done(self) -> None:
        self.table.focus()

    def action_threshold(self) -> None:
        """Type another threshold (⏎ returns to the notes)."""
        self.query_one("#classify-threshold", Input).focus()

    def action_sort(self) -> None:
        """Lowest confidence first, or highest first."""
        self.descending = not self.descending
        self._fill()

    def action_refresh(self) -> None:
        """Classify again (the choices stay)."""
        self._start()

    # --- choosing per note -------------------------------------------------------------

    def action_accept(self) -> None:
        """Choose every suggestion above the threshold for the notes not mapped yet."""
        if self.result is None:
            return
        sure = self.result.to_apply(self.threshold)
        added = {k: v for k, v in sure.items() if self.choices.get(k) != v}
        self.choices.update(sure)
        self._fill()
        self.refresh_bindings()
        if added:
            self.notify(f"{len(added)} suggestions accepted: w writes them.", markup=False)
        else:
            self.notify("No unmapped note is above the threshold.", markup=False)

    @on(DataTable.RowSelected, "#classify-table")
    def _row_selected(self) -> None:
        self.action_change()

    def action_change(self) -> None:
        """Place the note under the cursor with the blueprint picker."""
        note = self.note
        if note is None or self.result is None:
            return
        current = self.choices.get(note.note_id) or (note.current[0] if note.current else None)
        if current is None:
            current = note.suggested_tag(self.result.spec.id, 0.0)

        def chosen(tag: str | None) -> None:
            if tag is not None:
                self._choose(note, tag)

        self.app.push_screen(PlacementPicker(self.result.spec, note.front, current), chosen)

    def action_not_on_exam(self) -> None:
        """Mark the note under the cursor as not on this exam."""
        note = self.note
        if note is not None and self.result is not None:
            self._choose(note, not_on_exam_tag(self.result.spec.id))

    def action_clear(self) -> None:
        """Forget the choice for the note under the cursor."""
        note = self.note
        if note is not None and self.choices.pop(note.note_id, None) is not None:
            self._update_row(note)

    def _choose(self, note: NoteSuggestion, tag: str) -> None:
        if note.current == (tag,):
            self.choices.pop(note.note_id, None)  # it has that tag already
        else:
            self.choices[note.note_id] = tag
        self._update_row(note)

    # --- writing and undo --------------------------------------------------------------

    def action_apply(self) -> None:
        """Show what will change, then write the choices (one undoable step)."""
        result = self.result
        if result is None or not self.choices:
            self.notify("Nothing to write: accept suggestions (a) or choose (c) first.")
            return
        count = len(self.choices)
        question = f"Write {result.spec.id} tags on {count} note{'s' if count != 1 else ''}?"
        dialog = ConfirmScreen(question, details=apply_preview(result, self.choices), yes="Write")
        self.app.push_screen(dialog, lambda yes: self._write(result) if yes else None)

    def _write(self, result: Classification) -> None:
        try:
            applied = self.services.classify.apply(result.spec.id, result.deck, self.choices)
        except PmStudyError as exc:
            self.notify(str(exc), title="Not written", severity="error", markup=False)
            return
        self.choices.clear()
        changed = f"{applied.changed} note{'s' if applied.changed != 1 else ''}"
        self.notify(f"Tagged {changed} for {applied.profile_id} (u undoes).", markup=False)
        self._start()

    def action_undo(self) -> None:
        """Take back the last write, unless its notes changed since."""
        outcome = self.services.classify.undo()
        step = outcome.step
        if step is None:
            self.notify("Nothing to undo.", markup=False)
        elif outcome.changed:
            self.notify(
                f"Not undone: {len(outcome.changed)} of the {step.notes} notes written to "
                f"{step.deck} ({step.profile_id}) have other tags since.",
                severity="warning",
                markup=False,
            )
        else:
            self.notify(
                f"Took back the write to {step.deck} ({step.profile_id}): {outcome.restored} "
                "notes have their tags from before.",
                markup=False,
            )
        self._start()

    # --- leaving -----------------------------------------------------------------------

    def _unless_choices_dropped(
        self, then: Callable[[], object], otherwise: Callable[[], object]
    ) -> None:
        """Run ``then``, after a yes when choices not written yet would be dropped."""
        if not self.choices:
            then()
            return
        count = len(self.choices)

        def answered(yes: bool | None) -> None:
            (then if yes else otherwise)()

        question = f"Drop {count} choice{'s' if count != 1 else ''} not written yet?"
        self.app.push_screen(ConfirmScreen(question, yes="Drop", danger=True), answered)

    def action_back(self) -> None:
        """Close (after a yes when choices are not written yet)."""
        if self.query_one("#classify-threshold", Input).has_focus:
            self.table.focus()
            return
        self._unless_choices_dropped(lambda: self.dismiss(None), lambda: None)
