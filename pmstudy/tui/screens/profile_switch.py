"""Switch learner profile: pick one of the profiles on this machine, or type a new name;
returns the name ("" for the default profile), or None when cancelled."""

from __future__ import annotations

from contextlib import suppress
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from pmstudy.settings import profile_name_problem
from pmstudy.tui.screens.dialogs import DIALOG_CSS

DEFAULT_CHOICE = ""
"""What the switcher returns for the default profile (a profile name is never empty)."""


def learner_label(profile: str | None) -> str:
    """How the app names a profile to the learner."""
    return "default" if profile is None else profile


class ProfileSwitcher(ModalScreen[str | None]):
    """The profiles (the one in use marked), then a box for a new one."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="ProfileSwitcher")
        + """
    ProfileSwitcher OptionList { height: auto; max-height: 10; }
    ProfileSwitcher Input { margin: 1 0 0 0; }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, names: list[str], current: str | None) -> None:
        super().__init__()
        self.names = names
        self.current = current

    def compose(self) -> ComposeResult:
        """The profiles, the new-name box, the keys."""
        options = []
        for name in [None, *self.names]:
            label = Text(learner_label(name), no_wrap=True, overflow="ellipsis")
            if name == self.current:
                label.append("  (studying now)", "dim")
            options.append(Option(label, DEFAULT_CHOICE if name is None else name))
        with Vertical():
            yield Label("Switch learner profile", classes="dialog-title")
            yield OptionList(*options, id="profile-list")
            yield Input(placeholder="or a new profile's name, then ⏎", id="profile-new")
            yield Static("", classes="dialog-error", id="profile-error")
            yield Static(Text("⏎ study as this learner · tab new name · esc cancel", "dim"))

    def on_mount(self) -> None:
        """The list has the focus, on the profile in use."""
        listing = self.query_one(OptionList)
        listing.focus()
        with suppress(LookupError):
            current = DEFAULT_CHOICE if self.current is None else self.current
            listing.highlighted = listing.get_option_index(current)

    @on(OptionList.OptionSelected, "#profile-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    @on(Input.Submitted, "#profile-new")
    def _typed(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        problem = profile_name_problem(name)
        if problem is not None:
            self.query_one("#profile-error", Static).update(Text(problem))
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        """Close without switching."""
        self.dismiss(None)


PLAIN_TITLE = "pmstudy"
SWITCH_TITLE = "Switch learner profile…"
SWITCH_HINT = "learner: L switch profile"


def learner_title(profile: str | None, others: list[str]) -> str:
    """The app's title: who is studying, whenever this machine has named profiles (a data
    folder without any keeps the plain title it always had)."""
    if profile is None and not others:
        return PLAIN_TITLE
    return f"{PLAIN_TITLE} · learner: {learner_label(profile)}"


def switch_hint(title: str) -> str | None:
    """The dashboard's hint line for the switch key, once the title names the learner (a
    data folder without profiles keeps its hint lines: the key works there too)."""
    return None if title == PLAIN_TITLE else SWITCH_HINT
