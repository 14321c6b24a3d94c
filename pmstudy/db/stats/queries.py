"""The statistics' reads of cards and notes: plain numbers straight into NumPy arrays.

Answers come from ``pmstudy.db.stats.answer_store``; cards come back as plain floats (dates as
epoch days computed by the database), never through the ORM.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Connection, and_, case, func, literal_column, select

from pmstudy.db.columns import fetch_columns
from pmstudy.db.models import CardRow, NoteRow, table_of
from pmstudy.db.sqlfuncs import epoch_days, id_list
from pmstudy.domain.exam import exam_tag
from pmstudy.domain.model import CardState
from pmstudy.domain.stats import FloatArray, IntArray

cards = table_of(CardRow)
notes = table_of(NoteRow)


@dataclass(frozen=True)
class CardTotals:
    """How many cards there are: unsuspended ones by state, all, suspended, buried now."""

    by_state: dict[int, int]
    total: int
    suspended: int
    buried: int


def card_totals(connection: Connection, now: dt.datetime) -> CardTotals:
    """The overview's card counts.

    Four queries, each a scan of a covering index: one GROUP BY over all three flags needs a
    temporary b-tree and takes three times as long.
    """
    rows = connection.execute(
        select(cards.c.state, func.count())
        .where(cards.c.suspended.is_(False))
        .group_by(cards.c.state)
    ).all()
    total = connection.scalar(select(func.count()).select_from(cards)) or 0
    suspended = connection.scalar(select(func.count()).where(cards.c.suspended.is_(True))) or 0
    buried = connection.scalar(select(func.count()).where(cards.c.buried_until > now)) or 0
    return CardTotals({int(s): int(n) for s, n in rows}, total, suspended, buried)


@dataclass(frozen=True)
class CardArrays:
    """Cards that have a memory state, as columns; new cards only counted."""

    state: IntArray
    suspended: np.ndarray[tuple[int], np.dtype[np.bool_]]
    buried: np.ndarray[tuple[int], np.dtype[np.bool_]]
    stability: FloatArray
    difficulty: FloatArray
    due: FloatArray
    last_review: FloatArray
    deck: IntArray
    new_free: int
    new_suspended: int
    new_buried: int


def card_arrays(connection: Connection, now: dt.datetime) -> CardArrays:
    """Every card's numbers (new cards counted by the database instead)."""
    buried = and_(cards.c.buried_until.is_not(None), cards.c.buried_until > now)
    is_new = cards.c.state == int(CardState.NEW)
    # one expression object in both places, literal 1/0: PostgreSQL matches the GROUP BY
    # expression to the selected one only when they are the same, parameters included
    buried_flag = case((buried, literal_column("1")), else_=literal_column("0"))
    new_counts = connection.execute(
        select(cards.c.suspended, buried_flag, func.count())
        .where(is_new)
        .group_by(cards.c.suspended, buried_flag)
    ).all()
    new_free = new_suspended = new_buried = 0
    for suspended, is_buried, count in new_counts:
        if suspended:
            new_suspended += count
        elif is_buried:
            new_buried += count
        else:
            new_free += count

    # State, suspended, buried and deck travel as one integer: each value fetched costs more
    # than the arithmetic.
    packed = (
        cards.c.state
        + case((cards.c.suspended, 4), else_=0)
        + case((buried, 8), else_=0)
        + cards.c.deck_id * 16
    )
    columns = fetch_columns(
        connection,
        select(
            packed,
            cards.c.stability,
            cards.c.difficulty,
            epoch_days(cards.c.due),
            epoch_days(cards.c.last_review),
        ).where(~is_new),
        5,
    )
    code = np.array(columns[0], dtype=np.int64)

    def floats(index: int) -> FloatArray:
        return np.array(columns[index], dtype=np.float64)

    return CardArrays(
        state=code & 3,
        suspended=(code & 4) > 0,
        buried=(code & 8) > 0,
        stability=floats(1),
        difficulty=floats(2),
        due=floats(3),
        last_review=floats(4),
        deck=code >> 4,
        new_free=new_free,
        new_suspended=new_suspended,
        new_buried=new_buried,
    )


def card_decks(connection: Connection) -> tuple[IntArray, IntArray]:
    """Every card's id (ascending) and deck."""
    ids, decks = fetch_columns(
        connection, select(cards.c.id, cards.c.deck_id).order_by(cards.c.id), 2
    )
    return np.array(ids, dtype=np.int64), np.array(decks, dtype=np.int64)


def domain_notes(connection: Connection) -> dict[str, IntArray]:
    """Note ids per exam domain (``profile::domain``) from ``exam::`` tags.

    The database groups the notes by their tag text, so tags are parsed once per distinct
    text and note ids arrive as one string per text, not one Python row per note.
    """
    texts, id_lists = fetch_columns(
        connection,
        select(notes.c.tags, id_list(notes.c.id))
        .where(notes.c.tags.like("% exam::%"))
        .group_by(notes.c.tags),
        2,
    )
    found: dict[str, list[IntArray]] = {}
    for text, ids in zip(texts, id_lists, strict=True):
        names = set()
        for tag in str(text).split():
            parsed = exam_tag(tag)
            if parsed is not None:
                names.add(f"{parsed[0]}::{parsed[1]}")
        if not names:
            continue
        note_ids = np.array(str(ids).split(","), dtype=np.int64)
        for name in names:
            found.setdefault(name, []).append(note_ids)
    return {name: np.unique(np.concatenate(parts)) for name, parts in found.items()}
