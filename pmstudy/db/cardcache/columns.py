"""The linked cards as NumPy columns, read from SQLite in one aggregate pass.

The sqlite3 module costs about half a microsecond per row and a fifth per value it hands to
Python, which at 100,000 cards is more than the readiness maths. Here SQLite walks the cards
once and returns each column as one comma-separated text (``group_concat``) that NumPy parses
in C. All columns come from the same pass, so they stay aligned, in the order the row-by-row
query returns the rows. Every value comes back bit for bit:

- integers print exactly; state (a ``CardState``, 0-3), the suspended flag (0 or 1) and the
  learning step (NULL read as -1) travel packed in one integer;
- a stability ``s`` travels as two integers, ``trunc(s)`` and ``(s − trunc(s)) · 2^63``: both
  are exact in IEEE arithmetic when ``2^-11 <= s < 2^63`` (the fraction then has no bit below
  ``2^-63``), and NumPy adds them back into the very same double;
- a difficulty ``d`` travels as ``d · 2^52``, an exact integer when ``1 <= d < 2048``;
- a timestamp travels as SQLite's integer Julian-day milliseconds, recovered exactly from
  ``julianday()``; NumPy then repeats the operations the row-by-row query has SQLite do.

FSRS keeps stability >= 0.001 and difficulty in [1, 10]; a value outside those ranges sends
the read back to the row-by-row path (the functions return None).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import Connection

from pmstudy.domain.exam import FloatArray, IntArray

_SEPARATOR = "\x1f"
# No fraction times 2^63 reaches the largest integer: with a whole part 0, it stands for NULL.
_NULL = 2**63 - 1
_SATURATED = 2**63 - 1

_STABILITY = (
    "group_concat(ifnull(CAST(c.stability AS INTEGER), 0)),"
    " group_concat(ifnull(CAST((c.stability - CAST(c.stability AS INTEGER))"
    f" * 4294967296.0 * 2147483648.0 AS INTEGER), {_NULL}))"
)
_DIFFICULTY = "group_concat(ifnull(CAST(c.difficulty * 4503599627370496.0 AS INTEGER), -1))"
_FLAGS = "group_concat(c.state + 4 * c.suspended + 8 * ifnull(c.step + 1, 0))"


def _instant(column: str) -> str:
    # julianday() is SQLite's integer milliseconds / 86,400,000.0: multiplying back lands
    # within 0.05 of that integer. -1 (no Julian day is negative) stands for NULL.
    return f"group_concat(CAST(ifnull(julianday({column}) * 86400000.0 + 0.5, -1) AS INTEGER))"


@dataclass(frozen=True)
class RawColumns:
    """Every column the plan needs (missing floats are NaN, a missing step is -1; ``deck`` is
    None when it was not asked for: all the decks share one preset)."""

    ids: IntArray
    state: IntArray
    step: IntArray
    suspended: IntArray
    stability: FloatArray
    difficulty: FloatArray
    last_review: FloatArray
    due: FloatArray
    position: IntArray
    deck: IntArray | None
    tags: Sequence[str]


def _deck(wanted: bool) -> str:
    # A constant when unwanted keeps the columns' places (and costs nothing to parse).
    return "group_concat(c.deck_id)" if wanted else "NULL"


def _from(deck_ids: Sequence[int], scan: bool) -> str:
    decks = ", ".join(str(int(d)) for d in deck_ids)
    # '+' keeps SQLite off the deck index when the decks hold most cards: a plain scan then
    # beats the index's random row lookups (and the row order is the row-by-row query's).
    column = "+c.deck_id" if scan else "c.deck_id"
    return f" FROM cards c JOIN notes n ON n.id = c.note_id WHERE {column} IN ({decks})"


def _ints(text: str | None, count: int) -> IntArray | None:
    if count == 0:
        return np.zeros(0, dtype=np.int64)
    if text is None:
        return None
    try:
        with warnings.catch_warnings():
            # NumPy warns (and will raise) on text it cannot parse: never SQLite's integers.
            warnings.simplefilter("error", DeprecationWarning)
            values = np.fromstring(text, dtype=np.int64, sep=",")
    except (ValueError, DeprecationWarning):
        return None
    return values if values.shape[0] == count else None


def _parse(texts: Sequence[str | None], count: int) -> list[IntArray] | None:
    found = []
    for text in texts:
        values = _ints(text, count)
        if values is None:
            return None
        found.append(values)
    return found


def _tags(text: str | None, count: int) -> list[str] | None:
    if count == 0:
        return []
    tags = (text or "").split(_SEPARATOR)
    return tags if len(tags) == count else None


def _stability(whole: IntArray, fraction: IntArray) -> FloatArray | None:
    missing = (fraction == _NULL) & (whole == 0)
    # |s| < 2^-11 (0 included) has its whole part 0 and a fraction under 2^52: inexact.
    small = (whole == 0) & (np.abs(fraction) < 2**52)
    huge = (whole == _SATURATED) | (whole == -(2**63))
    if np.any(~missing & (small | huge)):
        return None
    values = whole + fraction * 2.0**-63
    return np.where(missing, np.nan, values)


def _epoch(julian_ms: IntArray) -> FloatArray:
    # The row-by-row query's (julianday(x) - 2440587.5) * 86400.0 with
    # julianday(x) = milliseconds / 86400000.0: the same IEEE operations, the same bits.
    seconds = (julian_ms / 86_400_000.0 - 2_440_587.5) * 86_400.0
    return np.where(julian_ms < 0, np.nan, seconds)


def _fetch(connection: Connection, sql: str, parameters: tuple[object, ...]) -> Any:
    cursor = connection.exec_driver_sql(sql, parameters).cursor
    assert cursor is not None
    row = cursor.fetchone()
    cursor.close()
    return row


def read_columns(
    connection: Connection, deck_ids: Sequence[int], scan: bool, with_deck: bool
) -> RawColumns | None:
    """The cards of the decks with their note's stored tags (None: read row by row)."""
    sql = (
        "SELECT count(*), min(c.difficulty), group_concat(n.tags, ?),"
        f" group_concat(c.id), {_FLAGS}, group_concat(c.position), {_deck(with_deck)},"
        f" {_STABILITY}, {_DIFFICULTY}, {_instant('c.last_review')}, {_instant('c.due')}"
        + _from(deck_ids, scan)
    )
    row = _fetch(connection, sql, (_SEPARATOR,))
    count = int(row[0])
    if row[1] is not None and float(row[1]) < 1.0:
        return None
    tags = _tags(row[2], count)
    deck = _ints(row[6], count) if with_deck else None
    parsed = _parse(row[3:6] + row[7:], count)
    if tags is None or parsed is None or (with_deck and deck is None):
        return None
    ids, flags, position, whole, fraction, difficulty, last, due = parsed
    stability = _stability(whole, fraction)
    if stability is None or np.any(difficulty == _SATURATED) or np.any(flags < 0):
        return None
    return RawColumns(
        ids=ids,
        state=flags % 4,
        step=flags // 8 - 1,
        suspended=flags // 4 % 2,
        stability=stability,
        difficulty=np.where(difficulty < 0, np.nan, difficulty * 2.0**-52),
        last_review=_epoch(last),
        due=_epoch(due),
        position=position,
        deck=deck,
        tags=tags,
    )
