"""First run: which exams is the learner preparing for? Their decks are installed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from pmstudy.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from pmstudy.services.decks import ExamChoice


def choice_prompt(choice: ExamChoice) -> Text:
    """``PMP (ECO July 2026)   PMP · 293 notes``, shown literally.

    Notes, not cards: a deck file's entries are notes, and a cloze or reversed note makes
    several cards (the dashboard's Total counts those).
    """
    text = Text(choice.name, "bold")
    text.append(f"   {' · '.join(choice.decks)} · {choice.cards} notes", "dim")
    return text


def installed_line(installed: Sequence[str]) -> str:
    """``The Scrum deck is already installed. `` ('' when none is)."""
    if not installed:
        return ""
    if len(installed) == 1:
        return f"The {installed[0]} deck is already installed. "
    return f"The {', '.join(installed[:-1])} and {installed[-1]} decks are already installed. "


class FirstRunScreen(ModalScreen[list[str] | None]):
    """Returns the chosen exam ids ([] to skip), or None when dismissed with escape."""

    DEFAULT_CSS = """
    FirstRunScreen { align: center middle; }
    FirstRunScreen #first-run {
        width: 90%;
        max-width: 96;
        height: auto;
        max-height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    FirstRunScreen #first-run-title { text-style: bold; }
    FirstRunScreen #first-run-help { color: $text-muted; margin: 0 0 1 0; }
    FirstRunScreen SelectionList { height: auto; max-height: 16; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Add decks", priority=True),
        Binding("s", "skip", "Skip"),
        Binding("escape", "skip", "Skip", show=False),
    ]

    def __init__(self, choices: Sequence[ExamChoice], installed: Sequence[str] = ()) -> None:
        """``installed``: the names of the bundled decks installed already."""
        super().__init__()
        self.choices = list(choices)
        self.installed = list(installed)

    def compose(self) -> ComposeResult:
        """The exams, one line each."""
        with Vertical(id="first-run"):
            yield Static(
                "Welcome to pmstudy: which exams are you preparing for?", id="first-run-title"
            )
            yield Static(
                "space selects, enter adds the decks of the selected (or highlighted) exams; "
                f"s skips. {installed_line(self.installed)}You can add decks any time "
                "with 'a' on the dashboard.",
                id="first-run-help",
            )
            yield SelectionList[str](
                *(Selection(choice_prompt(c), c.id, False) for c in self.choices),
                id="first-run-list",
            )
        yield KeyBar()

    def on_mount(self) -> None:
        """Focus the list."""
        self.query_one(SelectionList).focus()

    def action_choose(self) -> None:
        """Return the selected exams (the highlighted one if none is selected)."""
        selection = self.query_one(SelectionList)
        chosen = list(selection.selected)
        if not chosen and selection.highlighted is not None:
            chosen = [selection.get_option_at_index(selection.highlighted).value]
        self.dismiss(chosen)

    def action_skip(self) -> None:
        """Install nothing more; do not ask again."""
        self.dismiss([])
