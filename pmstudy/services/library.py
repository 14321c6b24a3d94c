"""Notes and cards: read and edit (scheduling is never touched by an edit)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from pmstudy.db.models import CardRow, DeckRow
from pmstudy.db.notes import update_note
from pmstudy.db.repo import Repository
from pmstudy.domain.imports import ImportSummary
from pmstudy.domain.model import Note, StudyCard
from pmstudy.errors import PmStudyError
from pmstudy.services.clock import Clock


class LibraryService:
    """Reading and editing notes."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    def card(self, card_id: int) -> StudyCard:
        """One card with its note."""
        with self._sessions() as session:
            return Repository(session).card(card_id)

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
        with self._sessions.begin() as session:
            deck = session.scalar(
                select(DeckRow.name)
                .join(CardRow, CardRow.deck_id == DeckRow.id)
                .where(CardRow.note_id == note.id)
                .limit(1)
            )
            update_note(
                session,
                note.id,
                fields,
                tags,
                deck=deck or "Default",
                now=self._clock.now(),
                summary=summary,
                default_source="edit",
            )
        return summary
