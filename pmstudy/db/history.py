"""Cards' histories by note guid and ordinal, for ``pmstudy history export`` and ``merge``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pmstudy.db.convert import entry_from_row, memory_from_row
from pmstudy.db.models import CardRow, DeckRow, NoteRow, PresetRow, ReviewLogRow
from pmstudy.db.sqlfuncs import chunks
from pmstudy.db.study_store import add_reviews, write_memories
from pmstudy.domain.model import ReviewEntry
from pmstudy.domain.scheduling import CardHistory, CardMerge

Key = tuple[str, int]
"""A card as every machine names it: its note's guid and its ordinal."""


def _logs(session: Session, card_ids: Iterable[int]) -> dict[int, list[ReviewEntry]]:
    logs: dict[int, list[ReviewEntry]] = {}
    for chunk in chunks(sorted(card_ids)):
        rows = session.scalars(
            select(ReviewLogRow)
            .where(ReviewLogRow.card_id.in_(chunk))
            .order_by(ReviewLogRow.card_id, ReviewLogRow.answered_at, ReviewLogRow.id)
        )
        for row in rows:
            logs.setdefault(row.card_id, []).append(entry_from_row(row))
    return logs


def card_histories(session: Session) -> list[CardHistory]:
    """Every card that has a review log, with its memory and log, by guid and ordinal."""
    answered = select(ReviewLogRow.card_id).distinct()
    rows = session.execute(
        select(CardRow, NoteRow.guid, DeckRow.name)
        .join(NoteRow, NoteRow.id == CardRow.note_id)
        .join(DeckRow, DeckRow.id == CardRow.deck_id)
        .where(CardRow.id.in_(answered))
        .order_by(NoteRow.guid, CardRow.ord)
    ).all()
    logs = _logs(session, (card.id for card, _guid, _deck in rows))
    return [
        CardHistory(guid, card.ord, memory_from_row(card), tuple(logs.get(card.id, ())), deck)
        for card, guid, deck in rows
    ]


def histories_named(
    session: Session, keys: Iterable[Key]
) -> dict[Key, tuple[int, int, CardHistory]]:
    """(card id, deck id, history) of the cards here among ``keys``.

    Takes the write lock first (SQLite) and locks the cards' rows (PostgreSQL), so that no
    answer from another window or machine lands between this read and the merge's writes.
    """
    session.execute(update(PresetRow).where(PresetRow.id < 0).values(name=PresetRow.name))
    wanted: dict[str, set[int]] = {}
    for guid, ord_ in keys:
        wanted.setdefault(guid, set()).add(ord_)
    found: dict[Key, tuple[int, int, CardRow]] = {}
    for chunk in chunks(sorted(wanted)):
        rows = session.execute(
            select(CardRow, NoteRow.guid)
            .join(NoteRow, NoteRow.id == CardRow.note_id)
            .where(NoteRow.guid.in_(chunk))
            .with_for_update(of=CardRow)
        )
        for card, guid in rows:
            if card.ord in wanted[guid]:
                found[(guid, card.ord)] = (card.id, card.deck_id, card)
    logs = _logs(session, (card_id for card_id, _deck, _row in found.values()))
    return {
        key: (
            card_id,
            deck_id,
            CardHistory(key[0], key[1], memory_from_row(row), tuple(logs.get(card_id, ()))),
        )
        for key, (card_id, deck_id, row) in found.items()
    }


def store_merges(session: Session, merges: Sequence[tuple[int, CardMerge]]) -> None:
    """Add the merges' rows to their cards' logs (in time order) and store the memories they
    end with; ``merges`` are (card id, merge)."""
    connection = session.connection()
    rows = [replace(e, card_id=card_id, id=None) for card_id, m in merges for e in m.added]
    rows.sort(key=lambda e: e.answered_at)
    add_reviews(connection, rows)
    write_memories(connection, [(card_id, m.memory) for card_id, m in merges])
