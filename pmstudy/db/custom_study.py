"""What custom study reads of the cards a source found: their memory and the columns that
choosing and ordering need (no notes: a search can find tens of thousands of cards)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, select

from pmstudy.db.convert import MEMORY_COLUMNS, memory_from_row
from pmstudy.db.models import CardRow, table_of
from pmstudy.domain.custom import Candidate

_cards = table_of(CardRow)

_QUERY = select(
    _cards.c.id,
    _cards.c.deck_id,
    *(_cards.c[name] for name in MEMORY_COLUMNS),
    _cards.c.position,
    _cards.c.created_at,
    _cards.c.suspended,
    _cards.c.buried_until,
)


def candidates(connection: Connection, card_ids: Sequence[int]) -> list[Candidate]:
    """The cards that still exist, in one query per 500 ids, in the order given."""
    found: dict[int, Candidate] = {}
    ids = list(dict.fromkeys(card_ids))
    for start in range(0, len(ids), 500):
        for row in connection.execute(_QUERY.where(_cards.c.id.in_(ids[start : start + 500]))):
            found[row.id] = Candidate(
                id=row.id,
                deck_id=row.deck_id,
                memory=memory_from_row(row),
                position=row.position,
                created_at=row.created_at,
                suspended=bool(row.suspended),
                buried_until=row.buried_until,
            )
    return [found[c] for c in ids if c in found]
