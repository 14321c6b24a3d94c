"""The notes a classification reads and the tag writes it makes, in SQLAlchemy Core.

A deck's notes are read through one card each (its first in the deck), so that the service
gets a ``StudyCard`` to render the front from; tag writes and their undo records reuse the
browser's (``pmstudy.db.browse.store``: the tags and modification time of each note before).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, func, select

from pmstudy.db.browse.store import capture_notes, restore_notes, set_note_tags
from pmstudy.db.models import CardRow, NoteRow, table_of
from pmstudy.db.sqlfuncs import chunks
from pmstudy.domain.exam import tag_prefix

_cards = table_of(CardRow)
_notes = table_of(NoteRow)

__all__ = [
    "capture_notes",
    "first_cards",
    "mapped_cards",
    "note_tags",
    "restore_notes",
    "set_note_tags",
]


def first_cards(connection: Connection, deck_ids: Sequence[int]) -> list[int]:
    """One card per note with a card in the decks (its lowest card id there), by note id."""
    if not deck_ids:
        return []
    rows = connection.execute(
        select(func.min(_cards.c.id))
        .where(_cards.c.deck_id.in_(list(deck_ids)))
        .group_by(_cards.c.note_id)
        .order_by(_cards.c.note_id)
    )
    return [int(card_id) for (card_id,) in rows]


def mapped_cards(connection: Connection, profile_id: str, outside: Sequence[int]) -> list[int]:
    """One card per note carrying a tag of the exam, of the notes with no card in ``outside``
    (the decks being classified), by note id."""
    pattern = f" {tag_prefix(profile_id)}"
    inside = select(_cards.c.note_id).where(_cards.c.deck_id.in_(list(outside)))
    rows = connection.execute(
        select(func.min(_cards.c.id))
        .join(_notes, _notes.c.id == _cards.c.note_id)
        .where(_notes.c.tags.contains(pattern, autoescape=True), _notes.c.id.not_in(inside))
        .group_by(_cards.c.note_id)
        .order_by(_cards.c.note_id)
    )
    return [int(card_id) for (card_id,) in rows]


def note_tags(connection: Connection, note_ids: Sequence[int]) -> dict[int, str]:
    """The stored tag text of each note that exists."""
    found: dict[int, str] = {}
    for chunk in chunks(note_ids):
        for note_id, tags in connection.execute(
            select(_notes.c.id, _notes.c.tags).where(_notes.c.id.in_(chunk))
        ):
            found[int(note_id)] = str(tags)
    return found
