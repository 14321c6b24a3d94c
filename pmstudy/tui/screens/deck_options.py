"""Deck options: every preset field with validation, Optimize and Reschedule.

Opened with the services and a preset (or a deck, meaning its preset). Optimize runs in a
thread worker (one service call) with a progress bar; Reschedule shows the preview in a
confirmation dialog and is one undoable step (``u`` undoes the last one).

Errors and results show on a status line above the form, so they are seen however far the
form is scrolled; leaving with unsaved changes asks first. Opened for a deck, the screen also
switches the deck to another preset; ctrl+k clones the preset shown under a new name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Header,
    Input,
    Label,
    ProgressBar,
    Select,
    Static,
)

from pmstudy.domain.model import LeechAction, Preset
from pmstudy.domain.scheduling import FormError, PresetForm, parse_retention, preset_from_form
from pmstudy.errors import PmStudyError
from pmstudy.tui.screens.dialogs import ConfirmScreen, PromptScreen
from pmstudy.tui.screens.tuning_text import optimize_message, stage_text

if TYPE_CHECKING:
    from pmstudy.services.tuning import OptimizeResult, OptimizeStage, RescheduleReport
    from pmstudy.tui.ports import DeckOptionsServices

# (field, label, help) of the text inputs, in screen order.
TEXT_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("new_per_day", "New cards/day", "0-9999"),
    ("max_reviews_per_day", "Maximum reviews/day", "0-99999"),
    ("desired_retention", "Desired retention", "0.50-0.99; higher means more reviews"),
    ("learning_steps", "Learning steps", "e.g. 1m 10m (m, h, d; blank: none)"),
    ("relearning_steps", "Relearning steps", "e.g. 10m"),
    ("max_interval_days", "Maximum interval (days)", "1-36500"),
    ("leech_threshold", "Leech threshold (lapses)", "1-99"),
    (
        "easy_days",
        "Easy days (Mon to Sun)",
        "review load: 1 normal, 0.5 reduced, 0 minimum; dates: dashboard k",
    ),
    ("fsrs_params", "FSRS parameters", "21 numbers; blank: the defaults; Optimize fits them"),
)


DECK_RETENTION_HELP = "blank: the preset's (sub-decks keep theirs)"


def _retention_text(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def reschedule_text(report: RescheduleReport) -> Text:
    """A reschedule preview as literal text."""
    plan = report.plan
    before = plan["forecast_before"]
    after = plan["forecast_after"]
    text = Text()
    text.append(
        f"{plan['cards_changed']} of {plan['cards_considered']} studied cards change; "
        f"{plan['cards_moving']} move to another day ({plan['earlier']} earlier, "
        f"{plan['later']} later).\n"
    )
    text.append("Due in the next 7 days:\n")
    text.append(f"  before  {' '.join(f'{c:>4}' for c in before[:7])}\n")
    text.append(f"  after   {' '.join(f'{c:>4}' for c in after[:7])}")
    return text


def optimize_text(result: OptimizeResult) -> Text:
    """One optimisation's outcome."""
    style = "green" if result.saved else ("yellow" if result.status == "kept" else "red")
    return Text(optimize_message(result), style)


class DeckOptionsScreen(Screen[Preset | None]):
    """Edit one preset; dismisses with the saved preset (None if nothing was saved)."""

    DEFAULT_CSS = """
    DeckOptionsScreen #options-body { padding: 0 2; height: 1fr; }
    DeckOptionsScreen .option-row { height: auto; margin: 0 0 0 0; }
    DeckOptionsScreen .option-label { width: 28; padding: 1 1 0 0; }
    DeckOptionsScreen .option-row Input { width: 1fr; }
    DeckOptionsScreen .option-row Select { width: 1fr; }
    DeckOptionsScreen .option-help { color: $text-muted; padding: 0 0 0 28; height: auto; }
    DeckOptionsScreen #options-buttons { height: auto; margin: 1 0 0 0; }
    DeckOptionsScreen #options-buttons Button { margin: 0 2 0 0; }
    DeckOptionsScreen ProgressBar { display: none; }
    DeckOptionsScreen ProgressBar.-running { display: block; }
    DeckOptionsScreen #options-top { height: auto; padding: 0 2; }
    DeckOptionsScreen #options-status { height: auto; min-height: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+o", "optimize", "Optimize", priority=True),
        Binding("ctrl+r", "reschedule", "Reschedule", priority=True),
        Binding("ctrl+u", "undo_reschedule", "Undo reschedule", priority=True, show=False),
        Binding("ctrl+k", "clone", "Clone", priority=True, tooltip="Clone this preset"),
        Binding("escape", "close", "Back"),
    ]

    def __init__(
        self,
        services: DeckOptionsServices,
        *,
        preset_id: int | None = None,
        deck_id: int | None = None,
        deck_name: str | None = None,
    ) -> None:
        """The options of ``deck_id``'s preset (and the deck's own retention), or of a
        preset; ``deck_name`` titles the screen with the deck, not only its preset."""
        super().__init__()
        if preset_id is None and deck_id is None:
            raise ValueError("give a preset id or a deck id")
        self.services = services
        self.deck_id = deck_id
        self.deck_name = deck_name
        self.preset = (
            services.presets.get(preset_id)
            if preset_id is not None
            else services.presets.of_deck(deck_id or 0)
        )
        self.saved: Preset | None = None
        self.running = False
        # this deck's own desired retention (Anki 25.09), beside the preset's; None: the preset's
        self.deck_retention = (
            None if deck_id is None else services.presets.deck_retention(deck_id).own
        )

    def compose(self) -> ComposeResult:
        """One row per field, the buttons, progress and status."""
        form = PresetForm.of(self.preset)
        yield Header()
        with Vertical(id="options-top"):
            yield Static(Text(f"Preset: {self.preset.name}", "bold"), id="options-title")
            yield Static("", id="options-status")
            yield ProgressBar(total=4, show_eta=False, id="options-progress")
        with VerticalScroll(id="options-body"):
            if self.deck_id is not None:
                with Horizontal(classes="option-row"):
                    yield Label("This deck's preset", classes="option-label")
                    yield Select(
                        self._preset_choices(), value=self.preset.id, allow_blank=False,
                        id="opt-preset",
                    )  # fmt: skip
            for name, label, help_text in TEXT_FIELDS:
                with Horizontal(classes="option-row"):
                    yield Label(label, classes="option-label")
                    yield Input(value=getattr(form, name), id=f"opt-{name}")
                yield Static(help_text, classes="option-help", id=f"help-{name}")
                if name == "desired_retention" and self.deck_id is not None:
                    with Horizontal(classes="option-row"):
                        yield Label("This deck's retention", classes="option-label")
                        yield Input(_retention_text(self.deck_retention), id="opt-deck_retention")
                    yield Static(DECK_RETENTION_HELP, classes="option-help")
            with Horizontal(classes="option-row"):
                yield Label("Leech action", classes="option-label")
                yield Select(
                    [("Suspend the card", LeechAction.SUSPEND.value),
                     ("Tag it only", LeechAction.TAG_ONLY.value)],
                    value=form.leech_action,
                    allow_blank=False,
                    id="opt-leech_action",
                )  # fmt: skip
            yield Checkbox(
                "Bury siblings until the next day", value=form.bury_siblings, id="opt-bury"
            )
            with Horizontal(id="options-buttons"):
                yield Button("Save", variant="primary", id="btn-save")
                yield Button("Optimize", id="btn-optimize")
                yield Button("Reschedule…", id="btn-reschedule")
                yield Button("Back", id="btn-back")
        yield Footer()

    def on_mount(self) -> None:
        """Title and focus."""
        self.sub_title = self._title()
        self.query_one("#opt-new_per_day", Input).focus()

    def _title(self) -> str:
        """'Deck options: PMP (preset Default)', or the preset's alone."""
        if self.deck_name is None:
            return f"Deck options: {self.preset.name}"
        return f"Deck options: {self.deck_name} (preset {self.preset.name})"

    # --- the form ----------------------------------------------------------------------

    def _preset_choices(self) -> list[tuple[str, int]]:
        return [
            (f"{p.name} ({len(decks)} deck{'s' if len(decks) != 1 else ''})", p.id or 0)
            for p, decks in self.services.presets.with_decks()
        ]

    def _fill(self, preset: Preset) -> None:
        """Show ``preset`` (as saved) in the form."""
        self.preset = preset
        form = PresetForm.of(preset)
        for name, _, _ in TEXT_FIELDS:
            self.query_one(f"#opt-{name}", Input).value = getattr(form, name)
        self.query_one("#opt-leech_action", Select).value = form.leech_action
        self.query_one("#opt-bury", Checkbox).value = form.bury_siblings
        self.query_one("#options-title", Static).update(Text(f"Preset: {preset.name}", "bold"))
        self.sub_title = self._title()
        if self.deck_id is not None:
            choice = self.query_one("#opt-preset", Select)
            choice.set_options(self._preset_choices())
            choice.value = preset.id or 0

    @on(Select.Changed, "#opt-preset")
    def _preset_chosen(self, event: Select.Changed) -> None:
        chosen = event.value
        if self.deck_id is None or not isinstance(chosen, int) or chosen == self.preset.id:
            return
        deck_id = self.deck_id

        def switch(sure: bool | None = True) -> None:
            if not sure:
                self.query_one("#opt-preset", Select).value = self.preset.id or 0
                return
            try:
                self.saved = self.services.presets.use(deck_id, chosen)
            except PmStudyError as exc:
                self._status(Text(str(exc), "red"))
                return
            self._fill(self.saved)
            self._status(Text(f"This deck now follows preset {self.saved.name}.", "green"))

        if not self.unsaved():
            switch()
            return
        question = "Switch preset? Your unsaved changes to these options are lost."
        self.app.push_screen(ConfirmScreen(question, yes="Switch", no="Stay"), switch)

    def action_clone(self) -> None:
        """Copy the preset (as saved) under a new name; the deck then follows the copy."""
        if self.running:
            return
        if self.unsaved():
            self._status(Text("Save (ctrl+s) or undo your changes before cloning.", "red"))
            return
        source = self.preset

        def named(name: str | None) -> None:
            if not name:
                return
            try:
                copy = self.services.presets.clone(source.id or 0, name)
                if self.deck_id is not None:
                    copy = self.services.presets.use(self.deck_id, copy.id or 0)
            except PmStudyError as exc:
                self._status(Text(str(exc), "red"))
                return
            self.saved = copy
            self._fill(copy)
            where = " and this deck follows it" if self.deck_id is not None else ""
            self._status(Text(f"Cloned {source.name} as {copy.name}{where}.", "green"))

        prompt = PromptScreen(f"Name of the copy of {source.name}", value=f"{source.name} copy")
        self.app.push_screen(prompt, named)

    def form(self) -> PresetForm:
        """What the inputs hold now."""
        values = {name: self.query_one(f"#opt-{name}", Input).value for name, _, _ in TEXT_FIELDS}
        action = self.query_one("#opt-leech_action", Select).value
        return PresetForm(
            **values,
            leech_action=str(action),
            bury_siblings=self.query_one("#opt-bury", Checkbox).value,
        )

    def _status(self, text: Text | str) -> None:
        self.query_one("#options-status", Static).update(text)

    def _validated(self) -> Preset | None:
        for input_widget in self.query(Input):
            input_widget.remove_class("-invalid")
        try:
            return preset_from_form(self.preset, self.form())
        except FormError as exc:
            self._status(Text(str(exc), "red"))
            widget = self.query_one(f"#opt-{exc.field}")
            widget.add_class("-invalid")
            widget.focus()
            return None

    @on(Button.Pressed, "#btn-save")
    def action_save(self) -> None:
        """Check every field and save the preset."""
        if self.running:
            return
        preset = self._validated()
        if preset is None:
            return
        typed, own = self._deck_retention_typed()
        if not typed:
            return
        changed_schedule = (
            preset.fsrs_params != self.preset.fsrs_params
            or preset.desired_retention != self.preset.desired_retention
            or own != self.deck_retention
        )
        try:
            self.preset = self.saved = self.services.presets.save(preset)
            if self.deck_id is not None and own != self.deck_retention:
                self.services.presets.set_deck_retention(self.deck_id, own)
                self.deck_retention = own
        except PmStudyError as exc:
            self._status(Text(str(exc), "red"))
            return
        hint = " Reschedule (ctrl+r) moves cards to the new intervals." if changed_schedule else ""
        self._status(Text("Saved." + hint, "green"))

    def _deck_retention_typed(self) -> tuple[bool, float | None]:
        """Whether this deck's retention as typed is one (if not, the status line says why),
        and its value (None: the preset's)."""
        if self.deck_id is None:
            return True, None
        field = self.query_one("#opt-deck_retention", Input)
        field.remove_class("-invalid")
        try:
            return True, parse_retention(field.value)
        except ValueError as exc:
            self._status(Text(f"This deck's retention: {exc}", "red"))
            field.add_class("-invalid")
            field.focus()
            return False, None

    def unsaved(self) -> bool:
        """Whether the form differs from the preset (and this deck's retention) as saved."""
        return self.form() != PresetForm.of(self.preset) or self._deck_retention_changed()

    def _deck_retention_changed(self) -> bool:
        if self.deck_id is None:
            return False
        try:
            typed = parse_retention(self.query_one("#opt-deck_retention", Input).value)
        except ValueError:
            return True
        return typed != self.deck_retention

    @on(Button.Pressed, "#btn-back")
    def action_close(self) -> None:
        """Back; with unsaved changes, only once the learner says to drop them."""
        if self.running:
            return
        if not self.unsaved():
            self.dismiss(self.saved)
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss(self.saved)

        question = "Leave without saving? Your changes to these options are lost."
        self.app.push_screen(ConfirmScreen(question, yes="Leave", no="Stay", danger=True), answered)

    # --- optimize ------------------------------------------------------------------------

    @on(Button.Pressed, "#btn-optimize")
    def action_optimize(self) -> None:
        """Fit the parameters to this preset's history, in a worker."""
        if self.running:
            return
        self.running = True
        self.query_one(ProgressBar).update(total=4, progress=0)
        self.query_one(ProgressBar).add_class("-running")
        self._status("Optimizing…")
        self._optimize(self.preset.name)

    @work(thread=True, exclusive=True, group="deck-options")
    def _optimize(self, name: str) -> None:
        def progress(stage: OptimizeStage) -> None:
            self.app.call_from_thread(self._progress, stage)

        try:
            results = self.services.optimizer.optimize(preset=name, progress=progress)
        except PmStudyError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._optimized, results[0])

    def _progress(self, stage: OptimizeStage) -> None:
        self.query_one(ProgressBar).update(total=max(stage.total, 1), progress=stage.done)
        self._status(stage_text(stage) + "…")

    def _failed(self, message: str) -> None:
        self.running = False
        self.query_one(ProgressBar).update(total=4, progress=0)
        self.query_one(ProgressBar).remove_class("-running")
        self._status(Text(message, "red"))

    def _optimized(self, result: OptimizeResult) -> None:
        self.running = False
        self.query_one(ProgressBar).update(total=4, progress=4)
        self.query_one(ProgressBar).remove_class("-running")
        if result.saved:
            self.preset = self.saved = self.services.presets.get(self.preset.id or 0)
            self.query_one("#opt-fsrs_params", Input).value = PresetForm.of(self.preset).fsrs_params
        self._status(optimize_text(result))

    # --- reschedule ----------------------------------------------------------------------

    @on(Button.Pressed, "#btn-reschedule")
    def action_reschedule(self) -> None:
        """Preview the reschedule of this preset's cards, then apply it if confirmed."""
        if self.running:
            return
        try:
            preview = self.services.rescheduler.reschedule(preset=self.preset.name, dry_run=True)
        except PmStudyError as exc:
            self._status(Text(str(exc), "red"))
            return
        if not preview.plan["cards_changed"]:
            self._status("Nothing to reschedule: every card already follows these options.")
            return

        def answered(apply: bool | None) -> None:
            if not apply:
                self._status("Not rescheduled.")
                return
            try:
                done = self.services.rescheduler.reschedule(preset=self.preset.name)
            except PmStudyError as exc:
                self._status(Text(str(exc), "red"))
                return
            self._status(Text(f"Rescheduled {done.changed} card(s). Undo with ctrl+u.", "green"))

        confirm = ConfirmScreen(
            "Reschedule these cards? (undo with ctrl+u)",
            details=reschedule_text(preview),
            yes="Reschedule",
            no="Cancel",
        )
        self.app.push_screen(confirm, answered)

    def action_undo_reschedule(self) -> None:
        """Take back the last reschedule."""
        try:
            undone = self.services.rescheduler.undo()
        except PmStudyError as exc:
            self._status(Text(str(exc), "red"))
            return
        extra = f"; {undone.skipped} answered since were left" if undone.skipped else ""
        self._status(Text(f"Undid the reschedule: {undone.restored} card(s) restored{extra}."))
