"""A study session's read-ahead: cards loaded in batches, and the flags of each note's cards.

Answering must not wait on a read, so a session loads its queue ahead (``StudySession.warm``)
and then keeps these copies in step with what it writes: an answer, a bury, a suspension, an
undo. Reads go through the study store's Core statements on a plain connection (the ORM costs
about a millisecond per round trip).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from pmstudy.db import study_store as store
from pmstudy.db.unit_of_work import Database
from pmstudy.domain.model import CardState, StudyCard

if TYPE_CHECKING:
    from sqlalchemy import Connection

# A card of a note: (card id, state, suspended, buried until).
NoteCard = tuple[int, CardState, bool, dt.datetime | None]


class ReadAhead:
    """Cards by id, and each note's cards with their flags, as last read or written."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._cards: dict[int, StudyCard] = {}
        self._notes: dict[int, list[NoteCard]] = {}

    def get(self, card_id: int) -> StudyCard | None:
        """The card as last read or written (None: not read)."""
        return self._cards.get(card_id)

    def read(self, card_ids: Iterable[int]) -> list[StudyCard]:
        """Read the cards not read yet, with their notes' cards; those read now."""
        missing = [c for c in dict.fromkeys(card_ids) if c not in self._cards]
        if not missing:
            return []
        with self._db.engine.connect() as connection:
            loaded = self.load(connection, missing)
        self.keep(loaded)
        return list(loaded.values())

    def load(self, connection: Connection, card_ids: list[int]) -> dict[int, StudyCard]:
        """The cards as stored now, on the caller's connection; their notes' cards are
        indexed at once, the cards themselves only when given to ``keep``."""
        loaded = store.load_cards(connection, card_ids)
        notes = {c.note.id for c in loaded.values() if c.note.id is not None}
        self._notes.update(store.siblings(connection, notes))
        return loaded

    def keep(self, cards: dict[int, StudyCard]) -> None:
        """Hold these copies of the cards."""
        self._cards.update(cards)

    def refresh(self, card: StudyCard) -> dict[int, StudyCard]:
        """Read a card and its note's other cards again (after an edit); those that remain."""
        with self._db.engine.connect() as connection:
            note_cards = [c[0] for c in self._notes.get(card.note.id or -1, [])]
            reloaded = store.load_cards(connection, note_cards or [card.id])
        self._cards.update(reloaded)
        if card.id not in reloaded:
            self._cards.pop(card.id, None)
        return reloaded

    def buryable_siblings(self, card: StudyCard) -> list[int]:
        """The note's other cards that burying would take out of today: new or review ones,
        not suspended."""
        return [
            card_id
            for card_id, state, suspended, _ in self._notes.get(card.note.id or -1, [])
            if card_id != card.id and not suspended and state in (CardState.NEW, CardState.REVIEW)
        ]

    def flags_of(self, card: StudyCard) -> dict[int, tuple[bool, dt.datetime | None]]:
        """Suspended and buried-until of the card and its siblings (all of one note)."""
        return {
            card_id: (suspended, buried)
            for card_id, _, suspended, buried in self._notes.get(card.note.id or -1, [])
        }

    def remember(self, card: StudyCard, **changes: object) -> None:
        """Keep the copy of a card (and its note's index) in step with what was written."""
        updated = replace(card, **changes)  # type: ignore[arg-type]
        self._cards[card.id] = updated
        note_cards = self._notes.get(card.note.id or -1)
        if note_cards is not None:
            self._notes[card.note.id or -1] = [
                (
                    cid,
                    updated.memory.state if cid == card.id else state,
                    updated.suspended if cid == card.id else suspended,
                    updated.buried_until if cid == card.id else buried,
                )
                for cid, state, suspended, buried in note_cards
            ]

    def bury(self, card_ids: list[int], until: dt.datetime | None) -> None:
        """Note that the cards were buried until ``until``."""
        for card_id in card_ids:
            if card_id in self._cards:
                self.remember(self._cards[card_id], buried_until=until)
        if not card_ids:
            return
        wanted = set(card_ids)
        for note_id, note_cards in self._notes.items():
            if any(c[0] in wanted for c in note_cards):
                self._notes[note_id] = [
                    (cid, state, suspended, until if cid in wanted else buried)
                    for cid, state, suspended, buried in note_cards
                ]
