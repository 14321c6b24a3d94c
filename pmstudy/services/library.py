"""Notes and cards: read and edit (scheduling is never touched by an edit)."""

from __future__ import annotations

from pmstudy.db.notes import update_note
from pmstudy.db.unit_of_work import Database
from pmstudy.domain.cards import ImportSummary
from pmstudy.domain.model import Note, StudyCard
from pmstudy.errors import PmStudyError
from pmstudy.services.clock import Clock


class LibraryService:
    """Reading and editing notes."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def card(self, card_id: int) -> StudyCard:
        """One card with its note."""
        with self._db.read() as uow:
            return uow.repo.card(card_id)

    def edit_note(self, note: Note, fields: dict[str, str], tags: tuple[str, ...]) -> ImportSummary:
        """Save new field text and tags for ``note``; cards keep their scheduling.

        A cloze edit that adds or removes a ``cN`` adds or removes that card; an imported
        note type's cards (one per template) always stay as they are.
        """
        if note.id is None:
            raise PmStudyError("the note has not been saved yet")
        if not any(v.strip() for v in fields.values()):
            raise PmStudyError("a note needs at least one non-empty field")
        summary = ImportSummary(source="edit")
        with self._db.write() as uow:
            deck = uow.repo.note_deck(note.id)
            update_note(
                uow.session,
                note.id,
                fields,
                tags,
                deck=deck or "Default",
                now=self._clock.now(),
                summary=summary,
                default_source="edit",
            )
        return summary
