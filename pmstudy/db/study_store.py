"""The study hot path in SQLAlchemy Core: batch card loads and one-statement writes.

The ORM costs about a millisecond per round trip; an answer must commit and the next card
must show within a frame, so the session reads cards in batches and writes with Core.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, and_, bindparam, delete, insert, select, update

from pmstudy.db.convert import (
    MEMORY_COLUMNS,
    NOTE_COLUMNS,
    entry_values,
    memory_from_row,
    memory_params,
    note_from_columns,
    tags_to_text,
)
from pmstudy.db.models import CardRow, DeckRow, NoteRow, NoteTypeRow, ReviewLogRow, table_of
from pmstudy.domain.model import CardState, Memory, ReviewEntry, StudyCard

_cards = table_of(CardRow)
_notes = table_of(NoteRow)
_types = table_of(NoteTypeRow)
_decks = table_of(DeckRow)
_log = table_of(ReviewLogRow)

_CARD_QUERY = (
    select(
        _cards.c.id,
        _cards.c.ord,
        _cards.c.deck_id,
        *(_cards.c[name] for name in MEMORY_COLUMNS),
        _cards.c.flag,
        _cards.c.suspended,
        _cards.c.buried_until,
        *NOTE_COLUMNS,
        _decks.c.name.label("deck_name"),
    )
    .join(_notes, _notes.c.id == _cards.c.note_id)
    .join(_types, _types.c.id == _notes.c.note_type_id)
    .join(_decks, _decks.c.id == _cards.c.deck_id)
)


def load_cards(connection: Connection, card_ids: Sequence[int]) -> dict[int, StudyCard]:
    """Cards with their notes, by id, in one query per 500 ids."""
    found: dict[int, StudyCard] = {}
    for start in range(0, len(card_ids), 500):
        chunk = list(card_ids[start : start + 500])
        for row in connection.execute(_CARD_QUERY.where(_cards.c.id.in_(chunk))):
            found[row.id] = StudyCard(
                id=row.id,
                note=note_from_columns(row),
                ord=row.ord,
                deck_id=row.deck_id,
                deck_name=row.deck_name,
                memory=memory_from_row(row),
                flag=row.flag,
                suspended=bool(row.suspended),
                buried_until=row.buried_until,
            )
    return found


def siblings(
    connection: Connection, note_ids: Iterable[int]
) -> dict[int, list[tuple[int, CardState, bool, dt.datetime | None]]]:
    """For each note: (card id, state, suspended, buried until) of all its cards."""
    result: dict[int, list[tuple[int, CardState, bool, dt.datetime | None]]] = {}
    ids = list(set(note_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = connection.execute(
            select(
                _cards.c.note_id,
                _cards.c.id,
                _cards.c.state,
                _cards.c.suspended,
                _cards.c.buried_until,
            ).where(_cards.c.note_id.in_(chunk))
        )
        for note_id, card_id, state, suspended, buried in rows:
            result.setdefault(note_id, []).append(
                (card_id, CardState(state), bool(suspended), buried)
            )
    return result


# Statements built once with named parameters: executing them skips SQL construction and
# hits SQLAlchemy's compiled cache directly.
_UPDATE_MEMORY = (
    update(_cards)
    .where(_cards.c.id == bindparam("card_id"))
    .values({name: bindparam(f"new_{name}") for name in MEMORY_COLUMNS})
)
# The same update, made only while the card still holds the memory it was computed from
# (IS NOT DISTINCT FROM, rendered IS on SQLite: a new card's stability is NULL).
_REPLACE_MEMORY = _UPDATE_MEMORY.where(
    and_(
        *(_cards.c[name].is_not_distinct_from(bindparam(f"old_{name}")) for name in MEMORY_COLUMNS)
    )
)
_MEMORY_OF = select(*(_cards.c[name] for name in MEMORY_COLUMNS)).where(
    _cards.c.id == bindparam("card_id")
)
_INSERT_REVIEW = insert(_log)


def write_memory(connection: Connection, card_id: int, memory: Memory) -> None:
    """Store a card's scheduling state."""
    connection.execute(_UPDATE_MEMORY, {"card_id": card_id, **memory_params("new", memory)})


def write_memories(connection: Connection, memories: Sequence[tuple[int, Memory]]) -> None:
    """Store many cards' scheduling states (card id, memory) in one executemany."""
    if memories:
        connection.execute(
            _UPDATE_MEMORY,
            [{"card_id": card_id, **memory_params("new", m)} for card_id, m in memories],
        )


def replace_memory(connection: Connection, card_id: int, expected: Memory, memory: Memory) -> bool:
    """Store ``memory`` only if the card still holds ``expected``; whether it did.

    Optimistic concurrency: a second window, a CLI reschedule or an import may have written the
    card since this process read it. On SQLite the statement takes the write lock even when it
    matches nothing, so a ``memory_of`` that follows in the same transaction reads what no
    other writer can change before the commit.
    """
    result = connection.execute(
        _REPLACE_MEMORY,
        {"card_id": card_id, **memory_params("new", memory), **memory_params("old", expected)},
    )
    return result.rowcount == 1


def memory_of(connection: Connection, card_id: int) -> Memory | None:
    """The card's stored memory, its row locked until the commit (None: no such card).

    FOR UPDATE is what keeps it stored on PostgreSQL; SQLite has no row locks (SQLAlchemy
    leaves the clause out) and relies on the write lock ``replace_memory`` took.
    """
    row = connection.execute(_MEMORY_OF.with_for_update(), {"card_id": card_id}).first()
    return None if row is None else memory_from_row(row)


def add_review(connection: Connection, entry: ReviewEntry) -> int:
    """Append a review-log row; its id."""
    result = connection.execute(_INSERT_REVIEW, entry_values(entry))
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def add_reviews(connection: Connection, entries: Sequence[ReviewEntry]) -> None:
    """Append many review-log rows in one executemany (their ids are not needed)."""
    if entries:
        connection.execute(_INSERT_REVIEW, [entry_values(e) for e in entries])


def delete_review(connection: Connection, review_id: int) -> None:
    """Remove one review-log row (undo)."""
    connection.execute(delete(_log).where(_log.c.id == review_id))


def set_flags(
    connection: Connection,
    card_ids: Iterable[int],
    *,
    suspended: bool,
    buried_until: dt.datetime | None,
) -> None:
    """Set suspended and buried-until on cards."""
    ids = list(card_ids)
    if ids:
        connection.execute(
            update(_cards)
            .where(_cards.c.id.in_(ids))
            .values(suspended=suspended, buried_until=buried_until)
        )


def set_tags(connection: Connection, note_id: int, tags: Sequence[str]) -> None:
    """Replace a note's tags."""
    connection.execute(
        update(_notes).where(_notes.c.id == note_id).values(tags=tags_to_text(tuple(tags)))
    )
