"""Adding and editing notes: the draft an editor fills, and what saving it did. What a note
of each kind must hold, and how the editor shows its fields, is the card kind's
(``pmstudy.domain.cards``)."""

from __future__ import annotations

from dataclasses import dataclass

from pmstudy.domain.model import NoteKind


@dataclass(frozen=True, slots=True)
class NoteTypeInfo:
    """A note type a new note can have: its kind, name and fields in order."""

    kind: NoteKind
    name: str
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NoteDraft:
    """A note being added (``note_id`` None) or edited: fields as stored, tags, deck."""

    note_id: int | None
    kind: NoteKind
    note_type: str
    fields: dict[str, str]
    tags: tuple[str, ...]
    deck: str
    card_count: int = 0
    deck_before: str | None = None  # where the note's cards were when the draft was made
    html: bool = False  # the fields are HTML (an imported Anki note)


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What saving a draft did."""

    note_id: int
    added: bool
    cards_added: int = 0
    cards_removed: int = 0
    cards_moved: int = 0

    @property
    def message(self) -> str:
        """One line for the status bar."""
        text = "note added" if self.added else "note saved"
        parts = []
        if self.cards_added:
            parts.append(f"{self.cards_added} card(s) added")
        if self.cards_removed:
            parts.append(f"{self.cards_removed} card(s) removed")
        if self.cards_moved:
            parts.append(f"{self.cards_moved} card(s) moved")
        return text + (": " + ", ".join(parts) if parts else "")
