"""Adding and editing notes: fields, tags and deck; scheduling is never touched by an edit.

Text edits go through the same writer as imports (``pmstudy.db.notes.write_notes``), which
keeps every card's review state and adds or removes cloze cards when ``{{cN::...}}`` deletions
appear or disappear.
"""

from __future__ import annotations

import secrets

from pmstudy.clock import Clock
from pmstudy.db.notes import STANDARD_TYPES, update_note, write_notes
from pmstudy.db.unit_of_work import Database
from pmstudy.domain.cards import (
    ImportSummary,
    NoteDraft,
    NoteSpec,
    NoteTypeInfo,
    SaveResult,
    kind_of,
)
from pmstudy.domain.model import NoteKind
from pmstudy.errors import PmStudyError

EDITOR_SOURCE = "editor"
DEFAULT_DECK = "Default"


class EditorService:
    """Notes as drafts, and saving drafts back."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    @staticmethod
    def kinds() -> list[NoteTypeInfo]:
        """The note types a new note can have."""
        return [
            NoteTypeInfo(kind, name, tuple(fields))
            for kind, (name, fields) in STANDARD_TYPES.items()
        ]

    def blank(self, kind: NoteKind, deck: str = DEFAULT_DECK) -> NoteDraft:
        """An empty draft of a new note."""
        info = next((k for k in self.kinds() if k.kind == kind), None)
        if info is None:
            raise PmStudyError(f"new notes cannot be of type {kind.value}")
        return NoteDraft(None, kind, info.name, dict.fromkeys(info.fields, ""), (), deck)

    def draft(self, card_id: int) -> NoteDraft:
        """The note of a card, ready to edit (its deck is the card's deck)."""
        with self._db.read() as uow:
            card = uow.repo.card(card_id)
            count = uow.repo.note_card_count(card.note.id) if card.note.id is not None else 0
        note = card.note
        return NoteDraft(
            note.id,
            note.kind,
            note.note_type,
            dict(note.fields),
            note.tags,
            card.deck_name,
            count,
            deck_before=card.deck_name,
            html=note.html,
        )

    def save(self, draft: NoteDraft) -> SaveResult:
        """Add a new note or save an edited one, in one transaction."""
        deck = draft.deck.strip() or DEFAULT_DECK
        try:
            kind_of(draft.kind).check(draft.fields)
        except ValueError as exc:
            raise PmStudyError(str(exc)) from exc
        tags = tuple(dict.fromkeys(t for t in draft.tags if t))
        if any(any(ch.isspace() for ch in t) for t in tags):
            raise PmStudyError("a tag cannot contain spaces")
        if draft.note_id is None:
            return self._add(draft, deck, tags)
        return self._update(draft, draft.note_id, deck, tags)

    def _add(self, draft: NoteDraft, deck: str, tags: tuple[str, ...]) -> SaveResult:
        guid = f"pmstudy-{secrets.token_hex(8)}"
        spec = NoteSpec(
            guid=guid,
            kind=draft.kind,
            fields=dict(draft.fields),
            deck=deck,
            tags=tags,
            note_type=draft.note_type or None,
        )
        summary = ImportSummary(source=EDITOR_SOURCE)
        try:
            with self._db.write() as uow:
                ids = write_notes(
                    uow.session,
                    [spec],
                    source=EDITOR_SOURCE,
                    now=self._clock.now(),
                    summary=summary,
                )
        except ValueError as exc:  # a malformed deck name
            raise PmStudyError(str(exc)) from exc
        return SaveResult(ids[guid], True, cards_added=summary.cards_added)

    def _update(
        self, draft: NoteDraft, note_id: int, deck: str, tags: tuple[str, ...]
    ) -> SaveResult:
        now = self._clock.now()
        summary = ImportSummary(source=EDITOR_SOURCE)
        try:
            with self._db.write() as uow:
                update_note(
                    uow.session,
                    note_id,
                    dict(draft.fields),
                    tags,
                    deck=deck,
                    now=now,
                    summary=summary,
                    default_source=EDITOR_SOURCE,
                )
                moved = 0
                if deck != draft.deck_before:
                    deck_id = uow.repo.ensure_deck(deck, now=now)
                    moved = uow.repo.move_note_cards(note_id, deck_id)
        except ValueError as exc:  # a malformed deck name
            raise PmStudyError(str(exc)) from exc
        return SaveResult(
            note_id,
            False,
            cards_added=summary.cards_added,
            cards_removed=summary.cards_removed,
            cards_moved=moved,
        )

    def deck_names(self) -> list[str]:
        """Every deck's full name, sorted (for completion)."""
        with self._db.read() as uow:
            return uow.repo.deck_names()
