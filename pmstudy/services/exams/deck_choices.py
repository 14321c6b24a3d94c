"""The decks an exam may be linked to, and those linked when none is named: what the add-exam
dialog offers and ticks (``Goals.add`` links the decks holding the exam's tagged cards)."""

from __future__ import annotations

from pmstudy.db.unit_of_work import Database


class DeckChoices:
    """Deck names for booking an exam."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def choices(self, profile_id: str) -> tuple[list[str], list[str]]:
        """Every deck's name, and the top-most decks holding cards tagged for the exam."""
        with self._db.read() as uow:
            names = uow.repo.deck_names()
            tagged = {uow.repo.deck(d).name for d in uow.exams.decks_with_tag(profile_id)}
        return names, [n for n in names if n in tagged]
