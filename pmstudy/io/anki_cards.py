"""Anki cards -> scheduling: the FSRS memory state, new-card position, deck and flags.

Anki keeps a card's FSRS state in the JSON of ``cards.data`` (``s`` stability, ``d``
difficulty, ``lrt`` last review in epoch seconds, ``pos`` the new-card position).  A card
without it gets its memory replayed from its history (``replay``), or, with no history
either, estimated from its SM-2 interval and ease.  This runs once per card: keep it lean.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sqlite3
from collections.abc import Container
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

from pmstudy.domain.model import CardState, Memory, Preset
from pmstudy.io.anki_meta import Meta
from pmstudy.io.errors import ImportFileError

NEW, LEARNING, REVIEW, RELEARNING = (int(s) for s in CardState)
STUDIED = (LEARNING, REVIEW, RELEARNING)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_STATES = tuple(CardState)
_COLUMNS = (
    "id", "nid", "did", "ord", "type", "queue", "due", "ivl", "factor", "reps", "lapses", "left",
    "odue", "odid", "flags",
)  # fmt: skip
_DECODER = json.JSONDecoder()


class CardRow(NamedTuple):
    """One row of Anki's ``cards`` table (the columns an import uses)."""

    id: int
    nid: int
    did: int
    ord: int
    type: int
    queue: int
    due: int
    ivl: int
    factor: int
    reps: int
    lapses: int
    left: int
    odue: int
    odid: int
    flags: int
    data: object


class Stored(NamedTuple):
    """What ``cards.data`` holds, checked: each None when absent or out of range."""

    position: int
    stability: float | None
    difficulty: float | None
    last_review_s: int | None

    @property
    def complete(self) -> bool:
        """Whether the memory needs nothing from the card's history."""
        return not (self.last_review_s is None or self.stability is None or self.difficulty is None)


NOTHING_STORED = Stored(0, None, None, None)


def read_card_rows(
    connection: sqlite3.Connection, notes: Container[int], label: str
) -> list[CardRow]:
    """The cards of the notes kept, by note and ordinal; refuses non-numbers."""
    odd = connection.execute(
        "SELECT id FROM cards WHERE "
        + " OR ".join(f"typeof({c}) != 'integer'" for c in _COLUMNS)
        + " LIMIT 1"
    ).fetchone()
    if odd is not None:
        raise ImportFileError(label, "holds something other than numbers", where=f"card {odd[0]!r}")
    rows = connection.execute(f"SELECT {', '.join(_COLUMNS)}, data FROM cards").fetchall()
    new = tuple.__new__  # skips the NamedTuple's Python-level __new__
    kept = [new(CardRow, r) for r in rows if r[1] in notes]
    kept.sort(key=itemgetter(1, 3))  # stable: ties stay in id order
    return kept


def stored_state(data: object) -> Stored:
    """The FSRS state and position a card's ``cards.data`` holds."""
    stored = _card_data(data)
    if not stored:
        return NOTHING_STORED
    pos = stored.get("pos")
    lrt = stored.get("lrt")
    return Stored(
        pos if isinstance(pos, int) and pos >= 0 else 0,
        _number(stored.get("s"), 1e-4, 1e6),
        _number(stored.get("d"), 1.0, 10.0),
        lrt if isinstance(lrt, int) and lrt > 0 else None,
    )


def _card_data(data: object) -> dict[str, object]:
    if data == "{}" or not data:
        return {}
    if isinstance(data, bytes):
        data = data.decode("utf-8", "replace")
    if not isinstance(data, str) or len(data) < 3 or len(data) > 10_000:
        return {}
    try:
        value, end = _DECODER.raw_decode(data)
        if end != len(data):
            value = json.loads(data)  # whitespace after the value, or an error
    except RecursionError:  # "[[[[…" nested thousands deep: not a card's state
        return {}
    except ValueError:
        try:
            value = json.loads(data)  # leading whitespace is allowed; the rest is an error
        except (ValueError, RecursionError):
            return {}
    return value if isinstance(value, dict) else {}


@dataclass
class Memories:
    """Memory states of one collection's studied cards (shared datetimes cached)."""

    meta: Meta
    _due_days: dict[int, dt.datetime] = field(default_factory=dict)

    def memory(
        self,
        row: CardRow,
        due: int,
        stored: Stored,
        preset: Preset | None,
        last_answer_ms: int | None,
    ) -> tuple[Memory, bool]:
        """A studied card's memory, and whether it must be replayed from its history."""
        ctype, ivl = row.type, row.ivl
        stability, difficulty, lrt = stored.stability, stored.difficulty, stored.last_review_s
        if due > 1_000_000_000:  # intraday learning: epoch seconds
            due_at = _EPOCH + dt.timedelta(seconds=due)
        else:  # days since the collection was created
            cached = self._due_days.get(due)
            if cached is None:
                crt = _EPOCH + dt.timedelta(seconds=self.meta.crt)
                cached = self._due_days[due] = crt + dt.timedelta(days=due)
            due_at = cached
        if lrt is not None:
            last_review: dt.datetime | None = _EPOCH + dt.timedelta(seconds=lrt)
        elif last_answer_ms is not None:
            last_review = _EPOCH + dt.timedelta(milliseconds=last_answer_ms)
        elif ctype == REVIEW and ivl > 0:
            last_review = due_at - dt.timedelta(days=ivl)
        else:
            last_review = None
        step: int | None = None
        if ctype != REVIEW:
            steps: tuple[int, ...] = ()
            if preset is not None:
                steps = preset.learning_steps if ctype == LEARNING else preset.relearning_steps
            remaining = row.left % 1000
            step = min(max(len(steps) - remaining, 0), max(len(steps) - 1, 0))
        replay = False
        if stability is None or difficulty is None:
            stability = difficulty = None
            if last_answer_ms is not None:
                replay = True
            elif ctype == REVIEW and ivl > 0:
                # No FSRS state and no history (an SM-2 card): interval ~ stability at 90 %,
                # and ease 130 %..300 % spread over difficulty 10..1.
                stability = float(ivl)
                difficulty = min(max(10.0 - (row.factor / 1000 - 1.3) * 9 / 1.7, 1.0), 10.0)
        # state, step, stability, difficulty, due, last_review, reps, lapses: positional
        # arguments, as keywords cost ~2 µs a card
        memory = Memory(
            _STATES[ctype],
            step,
            stability,
            difficulty,
            due_at,
            last_review,
            max(row.reps, 0),
            max(row.lapses, 0),
        )
        return memory, replay


def _number(value: object, low: float, high: float) -> float | None:
    if isinstance(value, int | float) and math.isfinite(value) and low <= value <= high:
        return float(value)
    return None
