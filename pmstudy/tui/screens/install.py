"""Pick bundled decks to install."""

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
    from pmstudy.services.decks import BundledDeck


def deck_prompt(deck: BundledDeck) -> Text:
    """``PMP  169 notes  pmp-2026  (installed)``, shown literally (a cloze or reversed note
    makes several cards)."""
    text = Text(deck.name, "bold")
    text.append(f"  {deck.cards} notes", "")
    if deck.exams:
        text.append(f"  {', '.join(deck.exams)}", "dim")
    if deck.installed:
        text.append("  installed" if deck.up_to_date else "  installed, update available", "green")
    return text


class InstallDecksScreen(ModalScreen[list[str] | None]):
    """Returns the ids of the decks to install, or None when cancelled."""

    DEFAULT_CSS = """
    InstallDecksScreen {
        align: center middle;
    }
    InstallDecksScreen #install-dialog {
        width: 90%;
        max-width: 90;
        height: auto;
        max-height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    InstallDecksScreen #install-title { text-style: bold; }
    InstallDecksScreen #install-help { color: $text-muted; margin: 0 0 1 0; }
    InstallDecksScreen SelectionList { height: auto; max-height: 20; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "install", "Install", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, decks: Sequence[BundledDeck]) -> None:
        super().__init__()
        self.decks = list(decks)

    def compose(self) -> ComposeResult:
        """The list of bundled decks."""
        with Vertical(id="install-dialog"):
            yield Static("Add bundled decks", id="install-title")
            yield Static(
                "space selects, enter installs the selected (or highlighted) decks, "
                "escape cancels. Installing again updates a deck in place.",
                id="install-help",
            )
            yield SelectionList[str](
                *(Selection(deck_prompt(d), d.id, False) for d in self.decks),
                id="install-list",
            )
        yield KeyBar()

    def on_mount(self) -> None:
        """Focus the list."""
        self.query_one(SelectionList).focus()

    def action_install(self) -> None:
        """Return the selected decks (the highlighted one if none is selected)."""
        listing: SelectionList[str] = self.query_one(SelectionList)
        chosen = list(listing.selected)
        if not chosen and listing.highlighted is not None:
            chosen = [listing.get_option_at_index(listing.highlighted).value]
        self.dismiss(chosen or None)

    def action_cancel(self) -> None:
        """Install nothing."""
        self.dismiss(None)
