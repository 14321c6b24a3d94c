"""The cards linked to an exam, column-wise, and the log counts readiness and the plan need.

Readiness and the plan read every linked card at once: 100,000 cards must load in tens of
milliseconds, so nothing here builds an ORM object or a Row per card (on SQLite not even one
Python object per value: db/card_columns.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields

import numpy as np
from sqlalchemy import Connection, case, func, select
from sqlalchemy.orm import Session

from pmstudy.db.card_columns import RawColumns, read_columns, read_memory
from pmstudy.db.exams import epoch_seconds
from pmstudy.db.models import CardRow, DeckRow, NoteRow, ReviewLogRow
from pmstudy.db.repo import Repository
from pmstudy.domain.cardtable import CardTable, CardTags, FloatArray, IntArray, MemoryColumns
from pmstudy.domain.model import CardState, Preset

# Stands for NULL in the numeric columns read into NumPy (no real value comes near it).
_MISSING = -1.0e300
_ROW = np.dtype(
    [
        ("id", np.int64),
        ("state", np.int64),
        ("step", np.int64),
        ("stability", np.float64),
        ("difficulty", np.float64),
        ("last", np.float64),
        ("due", np.float64),
        ("suspended", np.int64),
        ("position", np.int64),
        ("deck", np.int64),
        ("tags", object),
    ]
)


@dataclass(frozen=True)
class _DeckPresets:
    """Each linked deck's preset, as an index into ``presets``."""

    of_deck: dict[int, int]
    presets: tuple[Preset, ...]

    @property
    def several(self) -> bool:
        """Whether the decks use more than one preset (else every card's index is 0)."""
        return len(self.presets) > 1

    def index(self, decks: IntArray | None, count: int) -> IntArray:
        """The preset index of each card from its deck (None: one preset for all)."""
        if decks is None:
            return np.zeros(count, dtype=np.int64)
        keys = np.fromiter(sorted(self.of_deck), dtype=np.int64, count=len(self.of_deck))
        values = np.fromiter(
            (self.of_deck[k] for k in keys.tolist()), dtype=np.int64, count=len(keys)
        )
        return values[np.searchsorted(keys, decks)]


@dataclass(frozen=True)
class MemorySnapshot:
    """Readiness "if you stop today" inputs for a set of decks."""

    memory: MemoryColumns
    tags: CardTags
    new_active: int
    reviews_due: int


def snapshot_of_table(table: CardTable, tags: CardTags, end: dt.datetime) -> MemorySnapshot:
    """The same from a full table (counts as :meth:`ExamCards.memory_columns`)."""
    active = ~table.suspended
    due = (table.state == int(CardState.REVIEW)) & active & (table.due < end.timestamp())
    return MemorySnapshot(
        table.memory(),
        tags,
        int(np.count_nonzero((table.state == int(CardState.NEW)) & active)),
        int(np.count_nonzero(due)),
    )


def _read_only(*arrays: np.ndarray) -> None:
    """Tables are shared between reports (services/exam_cache.py): nobody may write them."""
    for array in arrays:
        array.flags.writeable = False


def _no_tags() -> CardTags:
    return CardTags((), np.zeros(0, dtype=np.int64))


def _card_tags(texts: Sequence[str]) -> CardTags:
    """Tags per card from their stored text, parsed once per distinct text.

    Numbered in order of first appearance with C-level loops: a Python loop over 100,000
    cards would cost as much as the readiness maths.
    """
    unique: dict[str, int] = dict.fromkeys(texts, 0)
    for number, text in enumerate(unique):
        unique[text] = number
    index = np.fromiter(map(unique.__getitem__, texts), dtype=np.int64, count=len(texts))
    return CardTags(tuple(tuple(t.split()) for t in unique), index)


class ExamCards:
    """Bulk reads of linked cards and of the review log, over one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _presets(self, deck_ids: Sequence[int]) -> _DeckPresets:
        presets: list[Preset] = []
        preset_index: dict[int, int] = {}
        deck_preset: dict[int, int] = {}
        repo = Repository(self.session)
        for deck_id, preset_id in self.session.execute(
            select(DeckRow.id, DeckRow.preset_id).where(DeckRow.id.in_(deck_ids))
        ).all():
            if preset_id not in preset_index:
                preset_index[preset_id] = len(presets)
                presets.append(repo.preset(preset_id))
            deck_preset[deck_id] = preset_index[preset_id]
        return _DeckPresets(deck_preset, tuple(presets))

    def _scan(self, deck_ids: Sequence[int]) -> bool:
        """Whether the decks hold most cards (then a plain scan beats the deck index, whose row
        lookups are random reads)."""
        decks = self.session.scalar(select(func.count()).select_from(DeckRow))
        if len(set(deck_ids)) >= (decks or 0):
            return True  # every deck: no need to count
        linked = self.session.scalar(
            select(func.count()).select_from(CardRow).where(CardRow.deck_id.in_(deck_ids))
        )
        total = self.session.scalar(select(func.count()).select_from(CardRow))
        return bool(total) and (linked or 0) * 2 >= (total or 0)

    def _sqlite(self) -> Connection | None:
        connection = self.session.connection()
        return connection if connection.dialect.name == "sqlite" else None

    def card_table(self, deck_ids: Sequence[int]) -> tuple[CardTable, CardTags]:
        """The cards of the decks, column-wise, and their tags.

        This is the cost of the plan on a large collection: one pass over the cards, read
        straight into NumPy (no ORM objects, no Row objects; on SQLite not even one Python
        object per value, see db/card_columns.py).
        """
        decks = self._presets(deck_ids)
        if not decks.of_deck:
            return CardTable.empty(), _no_tags()
        scan = self._scan(list(decks.of_deck))
        connection = self._sqlite()
        raw = None
        if connection is not None:
            raw = read_columns(connection, sorted(decks.of_deck), scan, decks.several)
        if raw is None:
            raw = self._rows(decks.of_deck, scan)
        table = CardTable(
            ids=raw.ids,
            state=raw.state,
            step=raw.step,
            stability=raw.stability,
            difficulty=raw.difficulty,
            last_review=raw.last_review,
            due=raw.due,
            suspended=raw.suspended.astype(np.bool_),
            position=raw.position,
            preset=decks.index(raw.deck, len(raw.ids)),
            presets=decks.presets,
        )
        tags = _card_tags(raw.tags)
        _read_only(*(getattr(table, f.name) for f in fields(CardTable) if f.name != "presets"))
        _read_only(tags.index)
        return table, tags

    def memory_columns(self, deck_ids: Sequence[int], end: dt.datetime) -> MemorySnapshot:
        """What readiness "if you stop today" reads of the decks' cards, and two counts: new
        cards not suspended, and review cards (not suspended) due before ``end``.

        Four columns of the table instead of eleven (the view users wait for most); the
        counts come from the deck index.
        """
        decks = self._presets(deck_ids)
        if not decks.of_deck:
            return MemorySnapshot(CardTable.empty().memory(), _no_tags(), 0, 0)
        linked = sorted(decks.of_deck)
        connection = self._sqlite()
        raw = None
        if connection is not None:
            raw = read_memory(connection, linked, self._scan(linked), decks.several)
        if raw is None:
            table, tags = self.card_table(deck_ids)
            return snapshot_of_table(table, tags, end)
        memory = MemoryColumns(
            stability=raw.stability,
            last_review=raw.last_review,
            preset=decks.index(raw.deck, len(raw.stability)),
            presets=decks.presets,
        )
        new_active, reviews_due = self._active_counts(linked, end)
        tags = _card_tags(raw.tags)
        _read_only(memory.stability, memory.last_review, memory.preset, tags.index)
        return MemorySnapshot(memory, tags, new_active, reviews_due)

    def _active_counts(self, deck_ids: Sequence[int], end: dt.datetime) -> tuple[int, int]:
        """New cards not suspended; review cards not suspended due before ``end``.

        The due test is the one the card table's columns get (``epoch_seconds``, which rounds
        to the millisecond); the text bound a millisecond later only lets the deck index skip
        the cards due after tomorrow (stored instants sort as text).
        """
        cards = CardRow
        in_decks = (cards.deck_id.in_(deck_ids), cards.suspended.is_(False))
        count = select(func.count()).select_from(cards)
        new = self.session.scalar(count.where(*in_decks, cards.state == int(CardState.NEW)))
        due = self.session.scalar(
            count.where(
                *in_decks,
                cards.state == int(CardState.REVIEW),
                cards.due < end + dt.timedelta(milliseconds=1),
                epoch_seconds(cards.due) < end.timestamp(),
            )
        )
        return int(new or 0), int(due or 0)

    def _rows(self, deck_preset: Mapping[int, int], scan: bool) -> RawColumns:
        """The row-by-row read (any database), straight from the driver's cursor."""
        query = select(
            CardRow.id,
            CardRow.state,
            func.coalesce(CardRow.step, -1),
            func.coalesce(CardRow.stability, _MISSING),
            func.coalesce(CardRow.difficulty, _MISSING),
            func.coalesce(epoch_seconds(CardRow.last_review), _MISSING),
            func.coalesce(epoch_seconds(CardRow.due), _MISSING),
            CardRow.suspended,
            CardRow.position,
            CardRow.deck_id,
            NoteRow.tags,
        ).join(NoteRow, NoteRow.id == CardRow.note_id)
        if not scan:
            query = query.where(CardRow.deck_id.in_(list(deck_preset)))
        result = self.session.connection().execute(query)
        # Building 100,000 Row objects would cost more than the readiness maths itself.
        cursor = result.cursor
        fetched = cursor.fetchall() if cursor is not None else []
        rows = np.array([tuple(r) for r in fetched] if fetched else [], dtype=_ROW)
        result.close()
        if scan:
            rows = rows[np.isin(rows["deck"], np.fromiter(deck_preset, dtype=np.int64))]

        def floats(name: str) -> FloatArray:
            values = rows[name].astype(np.float64)
            return np.where(values == _MISSING, np.nan, values)

        return RawColumns(
            ids=rows["id"].astype(np.int64),
            state=rows["state"].astype(np.int64),
            step=rows["step"].astype(np.int64),
            suspended=rows["suspended"].astype(np.int64),
            stability=floats("stability"),
            difficulty=floats("difficulty"),
            last_review=floats("last"),
            due=floats("due"),
            position=rows["position"].astype(np.int64),
            deck=rows["deck"].astype(np.int64),
            tags=[str(t) for t in rows["tags"]],
        )

    # --- the log -----------------------------------------------------------------------

    def answer_counts(self, limit: int = 5000) -> list[tuple[int, int, int, int, int]]:
        """The latest ``limit`` answers counted per (state before, rating): (state before,
        rating, answers, answers with a duration, their total ms) for ``learner_from_counts``.
        """
        log = ReviewLogRow
        recent = (
            select(log.state_before, log.rating, log.duration_ms)
            .where(log.rating > 0)
            .order_by(log.id.desc())
            .limit(limit)
            .subquery()
        )
        timed = recent.c.duration_ms > 0
        rows = self.session.execute(
            select(
                recent.c.state_before,
                recent.c.rating,
                func.count(),
                func.sum(case((timed, 1), else_=0)),
                func.sum(case((timed, recent.c.duration_ms), else_=0)),
            ).group_by(recent.c.state_before, recent.c.rating)
        ).all()
        return [(int(s), int(r), int(n), int(t or 0), int(ms or 0)) for s, r, n, t, ms in rows]

    def answers_on(
        self, deck_ids: Sequence[int], start: dt.datetime, end: dt.datetime
    ) -> list[tuple[int, int, int]]:
        """(state before, answers, total ms) of the answers given in [start, end) to cards of
        the decks. Driven by the answered_at index."""
        log = ReviewLogRow
        rows = self.session.execute(
            select(log.state_before, func.count(), func.sum(log.duration_ms))
            .join(CardRow, CardRow.id == log.card_id)
            .where(
                log.rating > 0,
                log.answered_at >= start,
                log.answered_at < end,
                # '+ 0' keeps the planner on the answer-time index (a day's answers), not
                # on the deck index (every card of the decks, each probing the log).
                (CardRow.deck_id + 0).in_(deck_ids),
            )
            .group_by(log.state_before)
        ).all()
        return [(int(s), int(n), int(ms or 0)) for s, n, ms in rows]
