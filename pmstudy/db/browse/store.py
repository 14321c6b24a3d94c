"""The browser's reads and bulk writes in SQLAlchemy Core, and the undo records they need.

Every bulk action reads the values it is about to change (the undo record), then writes; the
service runs both in one transaction. Deleted notes are kept as raw database rows (never
converted to Python datetimes) so that undo puts back exactly what was there, review history
included.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import (
    ColumnElement,
    Connection,
    String,
    bindparam,
    cast,
    column,
    delete,
    func,
    insert,
    select,
    table,
    update,
)

from pmstudy.db.browse.search_context import SearchContext, epoch_days_of
from pmstudy.db.browse.search_sql import Compiled
from pmstudy.db.convert import MEMORY_COLUMNS, entry_values, memory_from_row, memory_params
from pmstudy.db.models import CardRow, DeckRow, NoteRow, ReviewLogRow, table_of
from pmstudy.db.sqlfuncs import chunks, epoch_days, fetch_tuples
from pmstudy.domain.model import Memory, ReviewEntry
from pmstudy.domain.scheduling import DEFAULT_PARAMETERS
from pmstudy.domain.search import SortKey

_CHUNK = 5000  # ids per IN (...) list of a browser action
cards = table_of(CardRow)
notes = table_of(NoteRow)
decks = table_of(DeckRow)
review_log = table_of(ReviewLogRow)


def _nulls_last(col: ColumnElement[Any]) -> tuple[ColumnElement[Any], ColumnElement[Any]]:
    return col.is_(None), col


def ordered_ids(
    connection: Connection, compiled: Compiled, sort: SortKey, context: SearchContext
) -> list[int]:
    """Ids of every matching card, sorted by ``sort`` (ties by card id), ascending."""
    if sort == SortKey.RETRIEVABILITY:
        return _ids_by_retrievability(connection, compiled, context)
    source: Any = cards
    if compiled.needs_notes or sort == SortKey.FRONT:
        source = source.join(notes, notes.c.id == cards.c.note_id)
    if sort == SortKey.DECK:
        source = source.join(decks, decks.c.id == cards.c.deck_id)
    order: tuple[ColumnElement[Any], ...] = {
        SortKey.CREATED: (cards.c.id,),
        SortKey.FRONT: (cast(notes.c.fields, String), cards.c.ord),
        SortKey.DECK: (decks.c.name,),
        SortKey.STATE: (cards.c.state,),
        SortKey.DUE: (*_nulls_last(cards.c.due), cards.c.position),
        SortKey.STABILITY: _nulls_last(cards.c.stability),
        SortKey.DIFFICULTY: _nulls_last(cards.c.difficulty),
        SortKey.REPS: (cards.c.reps,),
        SortKey.LAPSES: (cards.c.lapses,),
    }[sort]
    statement = select(cards.c.id).select_from(source).where(compiled.where)
    if sort != SortKey.CREATED:
        statement = statement.order_by(*order, cards.c.id)
    else:
        statement = statement.order_by(cards.c.id)
    return [row[0] for row in fetch_tuples(connection, statement)]


def _ids_by_retrievability(
    connection: Connection, compiled: Compiled, context: SearchContext
) -> list[int]:
    """Lowest retrievability first; cards without a memory state after them, by id.

    The database hands over plain numbers (days as floats) and NumPy does the power law:
    SQLite has no ``pow()`` in every build, and 100,000 rows take a few milliseconds.
    """
    source: Any = cards
    if compiled.needs_notes:
        source = source.join(notes, notes.c.id == cards.c.note_id)
    rows = fetch_tuples(
        connection,
        select(
            cards.c.id,
            cards.c.deck_id,
            epoch_days(cards.c.last_review),
            cards.c.stability,
        )
        .select_from(source)
        .where(compiled.where)
        .order_by(cards.c.id),
    )
    if not rows:
        return []
    table = np.array(rows, dtype=np.float64).reshape(len(rows), 4)
    ids = table[:, 0].astype(np.int64)
    deck_ids = table[:, 1].astype(np.int64)
    last = table[:, 2]
    stability = np.where(table[:, 3] > 0, table[:, 3], np.nan)
    decks_present, position = np.unique(deck_ids, return_inverse=True)
    decay = np.array(
        [context.decay_by_deck.get(int(d), DEFAULT_PARAMETERS[20]) for d in decks_present],
        dtype=np.float64,
    )[position]
    elapsed = np.maximum(epoch_days_of(context.now) - last, 0.0)
    factor = 0.9 ** (-1 / decay) - 1
    with np.errstate(invalid="ignore"):
        recall = (1 + factor * elapsed / stability) ** (-decay)
    known = ~np.isnan(recall)
    order = np.lexsort((ids, np.where(known, recall, np.inf), ~known))
    return [int(i) for i in ids[order]]


def answer_count(connection: Connection, card_id: int) -> int:
    """How many times the card was answered (manual changes not counted)."""
    return int(
        connection.execute(
            select(func.count())
            .select_from(review_log)
            .where(review_log.c.card_id == card_id, review_log.c.rating > 0)
        ).scalar_one()
    )


# --- undo records ----------------------------------------------------------------------


@dataclass
class DeletedRows:
    """Raw rows of deleted notes, their cards and their review log (for undo)."""

    notes: list[dict[str, Any]] = field(default_factory=list)
    cards: list[dict[str, Any]] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)


def raw_table(connection: Connection, source: Any) -> Any:
    """On SQLite, the table without column types: values pass through exactly as stored
    (no text-to-datetime conversion for a million review rows). Other databases hand back
    typed values (JSON as dicts) that only the typed table can write back."""
    if connection.dialect.name != "sqlite":
        return source
    return table(source.name, *(column(c.name) for c in source.columns))


def capture_cards(
    connection: Connection, card_ids: Sequence[int], columns: Sequence[str]
) -> list[dict[str, Any]]:
    """``id`` and ``columns`` of the cards, as they are now."""
    found: list[dict[str, Any]] = []
    selected = [cards.c.id, *(cards.c[name] for name in columns)]
    for chunk in chunks(card_ids, _CHUNK):
        for row in connection.execute(select(*selected).where(cards.c.id.in_(chunk))):
            found.append(dict(row._mapping))
    return found


def restore_cards(connection: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Write captured card values back."""
    if not rows:
        return
    names = [k for k in rows[0] if k != "id"]
    statement = (
        update(cards)
        .where(cards.c.id == bindparam("b_id"))
        .values({name: bindparam(f"b_{name}") for name in names})
    )
    connection.execute(statement, [{f"b_{k}": v for k, v in row.items()} for row in rows])


def capture_notes(connection: Connection, note_ids: Sequence[int]) -> list[dict[str, Any]]:
    """``id``, ``tags`` and ``modified_at`` of the notes, as they are now."""
    found: list[dict[str, Any]] = []
    for chunk in chunks(note_ids, _CHUNK):
        rows = connection.execute(
            select(notes.c.id, notes.c.tags, notes.c.modified_at).where(notes.c.id.in_(chunk))
        )
        found.extend(dict(row._mapping) for row in rows)
    return found


def restore_notes(connection: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Write captured note tags back."""
    if rows:
        connection.execute(
            update(notes)
            .where(notes.c.id == bindparam("b_id"))
            .values(tags=bindparam("b_tags"), modified_at=bindparam("b_modified_at")),
            [{f"b_{k}": v for k, v in row.items()} for row in rows],
        )


def note_ids_of(connection: Connection, card_ids: Sequence[int]) -> list[int]:
    """The distinct notes of the cards."""
    found: set[int] = set()
    for chunk in chunks(card_ids, _CHUNK):
        found.update(
            connection.execute(select(cards.c.note_id).where(cards.c.id.in_(chunk))).scalars()
        )
    return sorted(found)


def existing_ids(connection: Connection, card_ids: Sequence[int]) -> list[int]:
    """The cards among ``card_ids`` that exist, in the given order."""
    found: set[int] = set()
    for chunk in chunks(card_ids, _CHUNK):
        found.update(connection.execute(select(cards.c.id).where(cards.c.id.in_(chunk))).scalars())
    return [c for c in dict.fromkeys(card_ids) if c in found]


def set_cards(connection: Connection, card_ids: Sequence[int], **values: Any) -> None:
    """The same values on every card."""
    for chunk in chunks(card_ids, _CHUNK):
        connection.execute(update(cards).where(cards.c.id.in_(chunk)).values(**values))


def set_note_tags(connection: Connection, tags_by_note: dict[int, str], now: dt.datetime) -> None:
    """New stored tag text per note."""
    if tags_by_note:
        connection.execute(
            update(notes)
            .where(notes.c.id == bindparam("b_id"))
            .values(tags=bindparam("b_tags"), modified_at=now),
            [{"b_id": k, "b_tags": v} for k, v in tags_by_note.items()],
        )


def write_memories(
    connection: Connection, memories: dict[int, Memory], positions: dict[int, int] | None = None
) -> None:
    """Store new scheduling states (and new-queue positions) for many cards at once."""
    if not memories:
        return
    values: dict[str, Any] = {name: bindparam(f"b_{name}") for name in MEMORY_COLUMNS}
    if positions is not None:
        values["position"] = bindparam("b_position")
    statement = update(cards).where(cards.c.id == bindparam("b_id")).values(values)
    rows = []
    for card_id, memory in memories.items():
        row: dict[str, Any] = {"b_id": card_id, **memory_params("b", memory)}
        if positions is not None:
            row["b_position"] = positions[card_id]
        rows.append(row)
    connection.execute(statement, rows)


def log_manual(
    connection: Connection,
    changes: Iterable[tuple[int, Memory, Memory]],
    now: dt.datetime,
) -> list[int]:
    """A manual review-log row per (card, before, after); their ids."""
    rows = [
        entry_values(ReviewEntry.manual(card_id, before, after, now=now))
        for card_id, before, after in changes
    ]
    if not rows:
        return []
    result = connection.execute(
        insert(review_log).returning(review_log.c.id, sort_by_parameter_order=True), rows
    )
    return [int(i) for i in result.scalars()]


def delete_reviews(connection: Connection, review_ids: Sequence[int]) -> None:
    """Remove review-log rows by id."""
    for chunk in chunks(review_ids, _CHUNK):
        connection.execute(delete(review_log).where(review_log.c.id.in_(chunk)))


def memories_of(connection: Connection, card_ids: Sequence[int]) -> dict[int, Memory]:
    """Scheduling state of the cards."""
    found: dict[int, Memory] = {}
    selected = [cards.c.id, *(cards.c[name] for name in MEMORY_COLUMNS)]
    for chunk in chunks(card_ids, _CHUNK):
        for row in connection.execute(select(*selected).where(cards.c.id.in_(chunk))):
            found[row.id] = memory_from_row(row)
    return found


def max_position(connection: Connection) -> int:
    """The last new-queue position in use."""
    return int(
        connection.execute(select(func.coalesce(func.max(cards.c.position), 0))).scalar_one()
    )


# --- deleting notes --------------------------------------------------------------------


def delete_notes(connection: Connection, note_ids: Sequence[int]) -> DeletedRows:
    """Delete notes with their cards and review history; the raw rows, for undo."""
    card_ids: list[int] = []
    for chunk in chunks(note_ids, _CHUNK):
        card_ids.extend(
            connection.execute(select(cards.c.id).where(cards.c.note_id.in_(chunk))).scalars()
        )
    return delete_cards(connection, card_ids, note_ids)


def raw_rows(
    connection: Connection, source: Any, column: str, ids: Sequence[int]
) -> list[dict[str, Any]]:
    """The rows of ``source`` whose ``column`` is among ``ids``, as stored (for undo)."""
    raw = raw_table(connection, source)
    found: list[dict[str, Any]] = []
    for chunk in chunks(ids, _CHUNK):
        rows = connection.execute(select(raw).where(raw.c[column].in_(chunk)))
        found.extend(dict(r._mapping) for r in rows)
    return found


def delete_cards(
    connection: Connection, card_ids: Sequence[int], note_ids: Sequence[int]
) -> DeletedRows:
    """Delete cards with their review history, and notes (which must have no card left
    besides ``card_ids``); the raw rows, for undo."""
    kept = DeletedRows(
        raw_rows(connection, notes, "id", note_ids),
        raw_rows(connection, cards, "id", card_ids),
        raw_rows(connection, review_log, "card_id", card_ids),
    )
    for chunk in chunks(card_ids, _CHUNK):
        connection.execute(delete(review_log).where(review_log.c.card_id.in_(chunk)))
        connection.execute(delete(cards).where(cards.c.id.in_(chunk)))
    for chunk in chunks(note_ids, _CHUNK):
        connection.execute(delete(notes).where(notes.c.id.in_(chunk)))
    return kept


def restore_deleted(connection: Connection, rows: DeletedRows) -> None:
    """Put deleted notes, cards and review rows back with their original ids."""
    for source, values in (
        (notes, rows.notes),
        (cards, rows.cards),
        (review_log, rows.reviews),
    ):
        if values:
            connection.execute(insert(raw_table(connection, source)), values)


def drop_empty_decks(connection: Connection, deck_ids: Sequence[int]) -> None:
    """Delete the decks (deepest first) that hold no cards and have no sub-decks left."""
    for deck_id in sorted(deck_ids, reverse=True):
        name = connection.execute(select(decks.c.name).where(decks.c.id == deck_id)).scalar()
        if name is None:
            continue
        used = connection.execute(
            select(cards.c.id).where(cards.c.deck_id == deck_id).limit(1)
        ).first()
        children = connection.execute(
            select(decks.c.id).where(decks.c.name.startswith(name + "::", autoescape=True)).limit(1)
        ).first()
        if used is None and children is None:
            connection.execute(delete(decks).where(decks.c.id == deck_id))
