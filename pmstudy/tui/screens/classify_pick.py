"""The placement picker of the classify screen: one note's domain, or domain and task, of the
exam's blueprint, or "not on this exam"; returns the tag (None: cancelled)."""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from pmstudy.domain.exam import not_on_exam_tag, placement_tag
from pmstudy.tui.screens.dialogs import DIALOG_CSS

if TYPE_CHECKING:
    from pmstudy.domain.exam import ExamSpec


def placement_options(spec: ExamSpec) -> list[Option]:
    """Each domain, its tasks indented under it, then "not on this exam"; ids are the tags."""
    options = []
    for domain in spec.domains:
        label = Text(domain.name, "bold", no_wrap=True, overflow="ellipsis")
        label.append(f"  {domain.id} (domain only)", "dim")
        options.append(Option(label, placement_tag(spec.id, domain.id)))
        for task in domain.tasks:
            label = Text(f"  {task.id}  ", "dim", no_wrap=True, overflow="ellipsis")
            label.append(task.name, "")
            options.append(Option(label, placement_tag(spec.id, domain.id, task.id)))
    options.append(Option(Text("Not on this exam", "italic"), not_on_exam_tag(spec.id)))
    return options


class PlacementPicker(ModalScreen[str | None]):
    """Choose where a note goes on the blueprint; the current choice is highlighted."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="PlacementPicker")
        + """
    PlacementPicker > Vertical { width: 90; }
    PlacementPicker OptionList {
        height: auto;
        max-height: 16;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    PlacementPicker .dialog-title { margin: 0; }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, spec: ExamSpec, front: str, current: str | None) -> None:
        super().__init__()
        self.spec = spec
        self.front = front
        self.current = current

    def compose(self) -> ComposeResult:
        """The note's front, the blueprint, the keys."""
        with Vertical():
            yield Label(Text(f"Place on {self.spec.name}:"), classes="dialog-title")
            yield Static(Text(self.front, "italic", overflow="ellipsis", no_wrap=True))
            yield OptionList(*placement_options(self.spec), id="placement-list")
            yield Static(Text("⏎ choose · esc cancel", "dim"))

    def on_mount(self) -> None:
        """The list has the focus, on the note's current choice if it has one."""
        listing = self.query_one(OptionList)
        listing.focus()
        if self.current is not None:
            with suppress(LookupError):  # a tag the blueprint does not know
                listing.highlighted = listing.get_option_index(self.current)

    @on(OptionList.OptionSelected, "#placement-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)
