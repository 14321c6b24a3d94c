"""A card with its note, by id (editing a note is the editor's: ``EditorService.save``)."""

from __future__ import annotations

from pmstudy.db.unit_of_work import Database
from pmstudy.domain.model import StudyCard


class LibraryService:
    """Reading cards."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def card(self, card_id: int) -> StudyCard:
        """One card with its note."""
        with self._db.read() as uow:
            return uow.repo.card(card_id)
