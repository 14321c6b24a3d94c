"""Which cards changed since a reader last read them: the ``card_changes`` log (SQLite).

Triggers (migration 0004) append a card's id whenever a column that readiness or the plan
reads changes, the card is added or deleted, or its note's tags change. ``seq`` numbers the
log; it only grows (see the migration), so "everything after N" is exactly what changed
since a read that started at N. One statement reads the log and its bounds, so they come from
one consistent read of the database even while another connection writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection

if TYPE_CHECKING:
    from pmstudy.domain.exam import IntArray

# Every trigger migration 0004 creates; without all of them the log may miss changes.
TRIGGERS = (
    "card_changes_insert",
    "card_changes_delete",
    "card_changes_update",
    "card_changes_tags",
)
# Rows kept by prune(): far more than any reader is behind in practice.
KEEP = 200_000

_NAMES = ", ".join(f"'{name}'" for name in TRIGGERS)
_BOUNDS = (
    f"(SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ({_NAMES})),"
    " (SELECT min(seq) FROM card_changes), (SELECT max(seq) FROM card_changes)"
)


@dataclass(frozen=True)
class Changes:
    """What changed after a mark: ``card_ids`` (sorted, distinct), or None when the log cannot
    tell (it was pruned past the mark, reset, or more changed than asked for): read all."""

    mark: int
    card_ids: IntArray | None


def _usable(connection: Connection) -> bool:
    return connection.dialect.name == "sqlite"


def current_mark(connection: Connection) -> int | None:
    """The newest seq (0: nothing logged yet), or None when there is no usable log (not
    SQLite, or a trigger is missing): then nothing can be kept between reads."""
    if not _usable(connection):
        return None
    triggers, _low, high = connection.exec_driver_sql(f"SELECT {_BOUNDS}").one()
    return None if triggers != len(TRIGGERS) else int(high or 0)


def changes_since(connection: Connection, mark: int, limit: int) -> Changes | None:
    """The cards logged after ``mark`` (at most ``limit`` log rows, else "read all"); None
    when there is no usable log."""
    if not _usable(connection):
        return None
    # NumPy loads here, not with the module: the composition root imports this (prune) at
    # every start-up, and only the readers of card columns ask what changed
    import numpy as np

    triggers, low, high, ids = connection.exec_driver_sql(
        f"SELECT {_BOUNDS}, (SELECT group_concat(card_id) FROM"
        " (SELECT card_id FROM card_changes WHERE seq > ? ORDER BY seq LIMIT ?))",
        (mark, limit + 1),
    ).one()
    if triggers != len(TRIGGERS):
        return None
    newest = int(high or 0)
    if newest == mark:
        return Changes(mark, np.zeros(0, dtype=np.int64))
    # Behind the oldest row kept, ahead of the newest (a different or reset log), or more
    # rows than asked for: the log cannot say what changed.
    if newest < mark or int(low) > mark + 1 or newest - mark > limit:
        return Changes(newest, None)
    found = np.unique(np.array(str(ids).split(","), dtype=np.int64))
    return Changes(newest, found)


def prune(connection: Connection, keep: int = KEEP) -> int:
    """Delete all but the newest ``keep`` rows (never the newest one) once the log holds a
    quarter more than that; returns how many went. Cheap when there is nothing to do."""
    if not _usable(connection):
        return 0
    keep = max(1, keep)
    low, high = connection.exec_driver_sql("SELECT min(seq), max(seq) FROM card_changes").one()
    if low is None or int(high) - int(low) + 1 < keep + keep // 4:
        return 0
    result = connection.exec_driver_sql(
        "DELETE FROM card_changes WHERE seq <= ?", (int(high) - keep,)
    )
    return int(result.rowcount or 0)
