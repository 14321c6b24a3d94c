"""What the load balancer reads on the answer path: review cards due per study day in one
preset's decks, and the due dates of a note's other cards. Core statements (the answer path is
measured: bench/bench_study.py)."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Connection, and_, bindparam, select

from pmstudy.db.models import CardRow, DeckRow, table_of
from pmstudy.db.sqlfuncs import epoch_seconds
from pmstudy.domain.model import CardState

_cards = table_of(CardRow)
_decks = table_of(DeckRow)

_DUE_IN_PRESET = (
    select(epoch_seconds(_cards.c.due))
    .join(_decks, _decks.c.id == _cards.c.deck_id)
    .where(
        and_(
            _decks.c.preset_id == bindparam("preset_id"),
            _cards.c.state == int(CardState.REVIEW),
            _cards.c.suspended.is_(False),
            _cards.c.due >= bindparam("first"),
            _cards.c.due < bindparam("end"),
        )
    )
)
_SIBLING_DUES = select(_cards.c.due).where(
    and_(
        _cards.c.note_id == bindparam("note_id"),
        _cards.c.id != bindparam("card_id"),
        _cards.c.state == int(CardState.REVIEW),
        _cards.c.suspended.is_(False),
    )
)


def due_per_day(connection: Connection, preset_id: int, starts: Sequence[dt.datetime]) -> list[int]:
    """Review cards (not suspended) of preset ``preset_id``'s decks due in each study day:
    day ``i`` runs from ``starts[i]`` to ``starts[i + 1]`` (so one count fewer than starts)."""
    counts = [0] * (len(starts) - 1)
    if not counts:
        return counts
    edges = [s.timestamp() for s in starts]
    rows = connection.execute(
        _DUE_IN_PRESET,
        {"preset_id": preset_id, "first": starts[0], "end": starts[-1]},
    )
    for (seconds,) in rows:
        index = bisect.bisect_right(edges, seconds) - 1
        if 0 <= index < len(counts):
            counts[index] += 1
    return counts


def sibling_dues(connection: Connection, note_id: int, card_id: int) -> list[dt.datetime]:
    """When the note's other review cards (not suspended) are due."""
    rows = connection.execute(_SIBLING_DUES, {"note_id": note_id, "card_id": card_id})
    return [due for (due,) in rows if due is not None]
