"""Quick edit of a note from the review screen: one text area per field, and the tags."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, TextArea

from pmstudy.domain.model import Note


@dataclass(frozen=True)
class NoteEdit:
    """The edited text of a note's fields and its tags."""

    fields: dict[str, str]
    tags: tuple[str, ...]


def parse_tags(raw: str) -> tuple[str, ...]:
    """Space-separated tags, duplicates dropped, order kept."""
    return tuple(dict.fromkeys(raw.split()))


class EditNoteScreen(ModalScreen[NoteEdit | None]):
    """Edit a note's fields and tags; returns the edit, or None when cancelled."""

    DEFAULT_CSS = """
    EditNoteScreen {
        align: center middle;
    }
    EditNoteScreen #edit-dialog {
        width: 90%;
        max-width: 100;
        height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    EditNoteScreen #edit-title { text-style: bold; margin: 0 0 1 0; }
    EditNoteScreen #edit-fields { height: 1fr; }
    EditNoteScreen .field-label { margin: 1 0 0 0; color: $text-muted; }
    EditNoteScreen TextArea { height: auto; min-height: 3; max-height: 10; }
    EditNoteScreen #edit-buttons { height: auto; align-horizontal: right; margin: 1 0 0 0; }
    EditNoteScreen #edit-buttons Button { margin: 0 0 0 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, note: Note) -> None:
        super().__init__()
        self.note = note
        self._names = list(note.fields)

    def compose(self) -> ComposeResult:
        """A text area per field, the tags, Save and Cancel."""
        with Vertical(id="edit-dialog"):
            yield Label("Edit note (ctrl+s saves, escape cancels)", id="edit-title")
            with VerticalScroll(id="edit-fields"):
                for position, name in enumerate(self._names):
                    yield Label(Text(name), classes="field-label")
                    yield TextArea(
                        self.note.fields[name],
                        id=f"field-{position}",
                        soft_wrap=True,
                        show_line_numbers=False,
                        tab_behavior="focus",
                    )
                yield Label("Tags (separated by spaces)", classes="field-label")
                yield Input(" ".join(self.note.tags), id="edit-tags")
            with Horizontal(id="edit-buttons"):
                yield Button("Save", variant="primary", id="edit-save")
                yield Button("Cancel", id="edit-cancel")

    def on_mount(self) -> None:
        """Start in the first field."""
        if self._names:
            self.query_one("#field-0", TextArea).focus()

    def current_edit(self) -> NoteEdit:
        """What the form holds now."""
        fields = {
            name: self.query_one(f"#field-{position}", TextArea).text
            for position, name in enumerate(self._names)
        }
        return NoteEdit(fields, parse_tags(self.query_one("#edit-tags", Input).value))

    def action_save(self) -> None:
        """Return the edit."""
        self.dismiss(self.current_edit())

    def action_cancel(self) -> None:
        """Return without changes."""
        self.dismiss(None)

    @on(Button.Pressed, "#edit-save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#edit-cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    @on(Input.Submitted, "#edit-tags")
    def _submitted(self) -> None:
        self.action_save()
