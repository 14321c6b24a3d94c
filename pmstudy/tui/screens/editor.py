"""Add a note of any type, or edit one: fields, tags and deck. Scheduling is never touched.

Adding keeps the screen open for the next note (as Anki's Add window does); editing closes
it. Either way the screen returns the last ``SaveResult`` (None when nothing was saved).
How each field is typed (multiple-choice options one per line, …) is the card kind's.

Fields of an imported HTML note are shown as readable text (``plain``: tags dropped, entities
and ``<br>`` resolved). The rule on saving: a field left as shown keeps its stored HTML, byte
for byte; a field the learner changed is stored as the text typed, escaped, its line breaks
as ``<br>`` (``as_html``), since the note stays an HTML note. Fields the kind converts for the
editor (option lists) are shown and saved as the kind does, HTML or not.
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from pmstudy.domain.cards import NoteDraft, SaveResult, as_html, kind_of, plain
from pmstudy.domain.model import NoteKind
from pmstudy.domain.search import parse_tag_list
from pmstudy.errors import PmStudyError
from pmstudy.tui.ports import EditorServices
from pmstudy.tui.widgets.key_bar import KeyBar


class EditorScreen(Screen[SaveResult | None]):
    """Add or edit a note."""

    CSS_PATH = "editor.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True, tooltip="Save the note"),
        Binding("escape", "close", "Close", tooltip="Close without saving what is typed"),
    ]

    def __init__(
        self,
        services: EditorServices,
        draft: NoteDraft | None = None,
        *,
        deck: str = "Default",
        kind: NoteKind = NoteKind.BASIC,
    ) -> None:
        super().__init__()
        self.services = services
        self.adding = draft is None
        self.draft = draft if draft is not None else services.editor.blank(kind, deck)
        self.saved: SaveResult | None = None
        self.sub_title = "Add note" if self.adding else "Edit note"
        self._generation = 0
        self._shown: dict[str, str] = {}  # HTML fields as readable text, as first shown

    def compose(self) -> ComposeResult:
        """Type and deck, one text area per field, tags, buttons."""
        with Vertical(id="editor-main"):
            yield Static(self._title(), id="editor-title")
            with Horizontal(id="editor-top"):
                yield Select(
                    [(info.name, info.kind) for info in self.services.editor.kinds()]
                    if self.adding
                    else [(self.draft.note_type or self.draft.kind.value, self.draft.kind)],
                    value=self.draft.kind,
                    allow_blank=False,
                    disabled=not self.adding,
                    compact=True,
                    id="editor-kind",
                )
                yield Input(
                    self.draft.deck, placeholder="Deck (A::B)", compact=True, id="editor-deck"
                )
            yield VerticalScroll(id="editor-fields")
            yield Label("Tags (separated by spaces)", classes="editor-label")
            yield Input(" ".join(self.draft.tags), compact=True, id="editor-tags")
            yield Static("", id="editor-message")
            with Horizontal(id="editor-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", compact=True, id="editor-save")
                yield Button("Close (esc)", compact=True, id="editor-close")
        yield KeyBar()

    def on_mount(self) -> None:
        """Lay out the fields of the draft."""
        self._show_fields(self.draft)

    def _title(self) -> Text:
        if self.adding:
            return Text("Add a note", "bold")
        return Text(f"Edit note ({self.draft.card_count} card(s); scheduling is kept)", "bold")

    def _show_fields(self, draft: NoteDraft) -> None:
        box = self.query_one("#editor-fields", VerticalScroll)
        box.remove_children()
        self._generation += 1
        widgets: list[Label | TextArea | Static] = []
        kind = kind_of(draft.kind)
        self._shown = readable_fields(draft)
        for position, (name, value) in enumerate(draft.fields.items()):
            widgets.append(Label(Text(name), classes="editor-label"))
            hint = kind.hint(name)
            if hint is not None:
                widgets.append(Static(Text(hint, "dim italic"), classes="editor-hint"))
            widgets.append(
                TextArea(
                    self._shown.get(name, kind.to_editor(name, value)),
                    id=f"field-{self._generation}-{position}",
                    soft_wrap=True,
                    show_line_numbers=False,
                    tab_behavior="focus",
                    classes="editor-field",
                )
            )
        box.mount_all(widgets)
        first = next((w for w in widgets if isinstance(w, TextArea)), None)
        if first is not None:
            self.call_after_refresh(first.focus)

    @on(Select.Changed, "#editor-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        kind = event.value
        if not self.adding or not isinstance(kind, NoteKind) or kind == self.draft.kind:
            return
        blank = self.services.editor.blank(kind, self.draft.deck)
        fields = kind_of(kind).carry(self.current_draft().fields)
        self.draft = dataclasses.replace(
            blank, fields={name: fields.get(name, "") for name in blank.fields}
        )
        self._show_fields(self.draft)

    def current_draft(self) -> NoteDraft:
        """The draft as the form holds it now (options back in their stored form)."""
        areas = list(self.query_one("#editor-fields", VerticalScroll).query(TextArea))
        fields = {
            name: self._stored(name, area.text)
            for name, area in zip(self.draft.fields, areas, strict=False)
        }
        return dataclasses.replace(
            self.draft,
            fields=fields,
            tags=parse_tag_list(self.query_one("#editor-tags", Input).value),
            deck=self.query_one("#editor-deck", Input).value.strip(),
        )

    def _stored(self, name: str, text: str) -> str:
        """A field's text as stored (see the module's rule for HTML fields)."""
        shown = self._shown.get(name)
        if shown is None:
            return kind_of(self.draft.kind).from_editor(name, text)
        if text == shown:
            return self.draft.fields[name]
        return as_html(text, False)

    def _say(self, message: str, *, error: bool) -> None:
        self.query_one("#editor-message", Static).update(
            Text(message, "bold red" if error else "green")
        )

    def action_save(self) -> None:
        """Save; an added note clears the fields for the next one."""
        draft = self.current_draft()
        try:
            result = self.services.editor.save(draft)
        except PmStudyError as exc:
            self._say(str(exc), error=True)
            return
        self.saved = result
        if not self.adding:
            self.dismiss(result)
            return
        self._say(result.message, error=False)
        self.draft = dataclasses.replace(
            self.services.editor.blank(draft.kind, draft.deck), tags=draft.tags
        )
        self._show_fields(self.draft)

    def action_close(self) -> None:
        """Close, returning what was saved (if anything)."""
        self.dismiss(self.saved)

    @on(Button.Pressed, "#editor-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#editor-close")
    def _close_pressed(self) -> None:
        self.action_close()


def readable_fields(draft: NoteDraft) -> dict[str, str]:
    """An HTML note's plain fields (those its kind shows as stored) as readable text."""
    if not draft.html:
        return {}
    kind = kind_of(draft.kind)
    return {
        name: plain(value, html=True)
        for name, value in draft.fields.items()
        if kind.to_editor(name, value) == value
    }
