"""The dashboard's deck actions: rename, delete (with undo), move under another deck, and link
to exams; each a small dialog on the highlighted deck (export: deck_export.py).

Every dialog calls one port method per key and stays open, with what was typed or chosen, when
the service says no; it closes with the sentence the dashboard shows as a toast.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

from pmstudy.errors import PmStudyError
from pmstudy.tui.screens.dialogs import DIALOG_CSS, ConfirmScreen
from pmstudy.tui.screens.mock_text import plural

if TYPE_CHECKING:
    from pmstudy.domain.exam import ExamGoal
    from pmstudy.services.deck_edits import DeckRemoval
    from pmstudy.tui.ports import DeckActionsServices, ExamLinksPort

TOP_LEVEL = "(top level)"


class RenameDeckScreen(ModalScreen[str | None]):
    """The deck's full name to edit; closes with what was done, or None."""

    DEFAULT_CSS = DIALOG_CSS.format(name="RenameDeckScreen")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, services: DeckActionsServices, name: str) -> None:
        super().__init__()
        self.services = services
        self.deck = name

    def compose(self) -> ComposeResult:
        """The question, the name, the error line, the keys."""
        with Vertical():
            yield Label(Text(f"Rename deck {self.deck}"), classes="dialog-title")
            yield Input(self.deck, id="deck-name")
            yield Static(
                Text("'A::B' puts it under A; its sub-decks follow.", "dim"), id="deck-help"
            )
            yield Static("", classes="dialog-error", id="deck-error")
            yield Static(Text("⏎ rename · esc cancel", "dim"), classes="dialog-keys")

    @on(Input.Submitted, "#deck-name")
    def _submitted(self, event: Input.Submitted) -> None:
        new = event.value.strip()
        try:
            count = self.services.deck_edits.rename(self.deck, new)
        except PmStudyError as exc:
            self.query_one("#deck-error", Static).update(Text(str(exc)))
            return
        extra = f" (and {plural(count - 1, 'sub-deck')})" if count > 1 else ""
        self.dismiss(f"Renamed {self.deck} to {new}{extra}.")

    def action_cancel(self) -> None:
        """Close; nothing changed."""
        self.dismiss(None)


class MoveDeckScreen(ModalScreen[str | None]):
    """A list of the decks this one may go under (the top level first); closes with what was
    done, or None."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="MoveDeckScreen")
        + """
    MoveDeckScreen OptionList { height: auto; max-height: 12; }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, services: DeckActionsServices, name: str) -> None:
        super().__init__()
        self.services = services
        self.deck = name
        parent, _, _ = name.rpartition("::")
        self.where = parent or None

    def compose(self) -> ComposeResult:
        """The question, the possible parents, the error line, the keys."""
        options = [Option(self._label(TOP_LEVEL, self.where is None), id="")]
        options += [
            Option(self._label(name, name == self.where), id=name)
            for name in self.services.deck_edits.parents(self.deck)
        ]
        with Vertical():
            yield Label(Text(f"Move deck {self.deck} under…"), classes="dialog-title")
            yield OptionList(*options, id="deck-parents")
            yield Static("", classes="dialog-error", id="deck-error")
            yield Static(Text("⏎ move here · esc cancel", "dim"), classes="dialog-keys")

    @staticmethod
    def _label(name: str, current: bool) -> Text:
        label = Text(name)
        if current:
            label.append("  (where it is now)", "dim")
        return label

    @on(OptionList.OptionSelected, "#deck-parents")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        parent = event.option.id or None
        try:
            new, count = self.services.deck_edits.move(self.deck, parent)
        except PmStudyError as exc:
            self.query_one("#deck-error", Static).update(Text(str(exc)))
            return
        extra = f" (and {plural(count - 1, 'sub-deck')})" if count > 1 else ""
        self.dismiss(f"Moved {self.deck} to {new}{extra}.")

    def action_cancel(self) -> None:
        """Close; nothing changed."""
        self.dismiss(None)


def exam_title(exams: ExamLinksPort, goal: ExamGoal) -> str:
    """'PSM I (exam 1, 2027-01-10)': the exam's name, id and day."""
    try:
        name = exams.profile(goal.profile_id).name
    except PmStudyError:
        name = goal.profile_id
    return f"{name} (exam {goal.id}, {goal.exam_at:%Y-%m-%d})"


class ExamLinksScreen(ModalScreen[str | None]):
    """The learner's exams, ticked where they link the deck: space ticks, s saves."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="ExamLinksScreen")
        + """
    ExamLinksScreen SelectionList { height: auto; max-height: 10; }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, services: DeckActionsServices, name: str) -> None:
        super().__init__()
        self.services = services
        self.deck = name
        self.goals = services.exams.goals()

    def compose(self) -> ComposeResult:
        """The exams as checkboxes (or why there are none), the error line, the keys."""
        exams = self.services.exams
        with Vertical():
            yield Label(Text(f"Exams that count deck {self.deck}"), classes="dialog-title")
            if not self.goals:
                yield Static(Text("No exam date set: press x on the dashboard to add one."))
                yield Static(Text("esc close", "dim"), classes="dialog-keys")
                return
            yield SelectionList[int](
                *((exam_title(exams, g), g.id, self.deck in g.deck_names) for g in self.goals),
                id="deck-exams",
            )
            through = [
                f"{exam_title(exams, g)} counts it through {parent}"
                for g in self.goals
                for parent in g.deck_names
                if self.deck.startswith(parent + "::")
            ]
            if through:
                yield Static(Text("\n".join(through), "dim"), id="deck-through")
            yield Static("", classes="dialog-error", id="deck-error")
            yield Static(Text("space tick · s save · esc cancel", "dim"), classes="dialog-keys")

    def action_save(self) -> None:
        """Link the ticked exams, unlink the others; stays open on a refusal."""
        if not self.goals:
            return
        ticked = set(self.query_one(SelectionList).selected)
        done: list[str] = []
        problems: list[str] = []
        for goal in self.goals:
            linked = self.deck in goal.deck_names
            if (goal.id in ticked) == linked:
                continue
            try:
                if linked:
                    self.services.exams.unlink(goal.id, [self.deck])
                    done.append(f"unlinked from exam {goal.id}")
                else:
                    self.services.exams.link(goal.id, [self.deck])
                    done.append(f"linked to exam {goal.id}")
            except PmStudyError as exc:
                problems.append(str(exc))
        if problems:
            self.goals = self.services.exams.goals()  # what holds now, some saves may be in
            self.query_one("#deck-error", Static).update(Text("\n".join(problems)))
            return
        self.dismiss(f"{self.deck}: {', '.join(done)}." if done else None)

    def action_cancel(self) -> None:
        """Close; nothing changed."""
        self.dismiss(None)


def removal_text(removal: DeckRemoval, exams: ExamLinksPort) -> Text:
    """What deleting a deck takes: cards, notes, history, and what the exams lose."""
    decks = removal.decks
    text = Text()
    if len(decks) > 1:
        text.append(f"With its {plural(len(decks) - 1, 'sub-deck')}. ")
    text.append(
        f"{plural(removal.cards, 'card')}, {plural(removal.notes, 'note')} used only there and "
        f"{plural(removal.reviews, 'review')} of history will be removed."
    )
    goals = {g.id: g for g in exams.goals()}
    for exam in removal.exams:
        goal = goals.get(exam.goal_id)
        name = exam_title(exams, goal) if goal else f"exam {exam.goal_id}"
        if exam.via is None:
            text.append(f"\n{name} loses its link to it.")
        else:
            text.append(f"\n{name} counts it through {exam.via}: its cards leave its readiness.")
    text.append("\nYou can undo this right after (u on the dashboard).", "dim")
    return text


def delete_deck(
    screen: Screen[None], services: DeckActionsServices, name: str, done: Callable[[], None]
) -> None:
    """Ask, with what will go, then delete deck ``name``; ``done`` runs after a deletion.

    A deck that cannot go (the Default deck, an exam's last deck) is said so at once.
    """
    try:
        removal = services.deck_edits.removal(name)
    except PmStudyError as exc:
        screen.notify(str(exc), title="Not deleted", severity="error", markup=False)
        return

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        try:
            gone = services.deck_edits.remove(name)
        except PmStudyError as exc:
            screen.notify(str(exc), title="Not deleted", severity="error", markup=False)
            return
        screen.notify(
            f"Deleted {name}: {plural(gone.cards, 'card')}, {plural(gone.reviews, 'review')}. "
            "Press u to undo.",
            title="Deck deleted",
            timeout=10,
            markup=False,
        )
        done()

    screen.app.push_screen(
        ConfirmScreen(
            f"Delete deck {name}?",
            details=removal_text(removal, services.exams),
            yes="Delete",
            no="Keep",
            danger=True,
        ),
        answered,
    )


def undo_delete(screen: Screen[None], services: DeckActionsServices) -> bool:
    """Put the last deleted deck back; whether it was."""
    try:
        back = services.deck_edits.undo_remove()
    except PmStudyError as exc:
        screen.notify(str(exc), title="Not undone", severity="error", markup=False)
        return False
    if back is None:
        return False
    screen.notify(
        f"{back.decks[0]} is back: {plural(back.cards, 'card')}, "
        f"{plural(back.reviews, 'review')} of history.",
        title="Undone",
        markup=False,
    )
    return True
