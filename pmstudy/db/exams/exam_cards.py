"""The cards linked to an exam, column-wise, and the log counts readiness and the plan need.

Readiness and the plan read every linked card at once: 100,000 cards must load in tens of
milliseconds, so nothing here builds an ORM object or a Row per card (on SQLite not even one
Python object per value: db/cardcache/columns.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np
from sqlalchemy import Connection, Select, case, func, literal, select
from sqlalchemy.orm import Session

from pmstudy.db.cardcache.columns import RawColumns, read_columns
from pmstudy.db.cardcache.snapshot import snapshot_of
from pmstudy.db.models import CardRow, DeckRow, NoteRow, ReviewLogRow
from pmstudy.db.repo import Repository
from pmstudy.db.sqlfuncs import chunks, epoch_seconds, study_answer
from pmstudy.domain.exam import CardTable, CardTags, FloatArray, IntArray
from pmstudy.domain.model import Preset, ReviewKind
from pmstudy.domain.scheduling import deck_presets

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


# Card ids per statement when reading given cards (well under SQLite's variable limit).
_CHUNK = 5000
_COLUMNS = select(
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


def _rows_of(rows: np.ndarray, *, with_deck: bool) -> RawColumns:
    """Raw columns from rows of ``_ROW``."""

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
        deck=rows["deck"].astype(np.int64) if with_deck else None,
        tags=[str(t) for t in rows["tags"]],
    )


@dataclass(frozen=True)
class DeckPresets:
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


def _read_only(*arrays: np.ndarray) -> None:
    """Tables are shared between reports (services/exams/reads.py): nobody may write them."""
    for array in arrays:
        array.flags.writeable = False


def table_of(raw: RawColumns, decks: DeckPresets) -> CardTable:
    """A read-only card table from raw columns and the decks' presets."""
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
    _read_only(*(getattr(table, f.name) for f in fields(CardTable) if f.name != "presets"))
    return table


def _by_id(raw: RawColumns) -> RawColumns:
    """The rows in card id order (the order every read returns, whichever plan SQLite took)."""
    if raw.ids.shape[0] < 2 or bool(np.all(raw.ids[1:] > raw.ids[:-1])):
        return raw
    order = np.argsort(raw.ids, kind="stable")
    tags = [raw.tags[i] for i in order.tolist()]
    deck = None if raw.deck is None else raw.deck[order]
    columns = {
        f.name: getattr(raw, f.name)[order]
        for f in fields(RawColumns)
        if f.name not in ("deck", "tags")
    }
    return replace(raw, **columns, deck=deck, tags=tags)


class ExamCards:
    """Bulk reads of linked cards and of the review log, over one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def presets(self, deck_ids: Sequence[int]) -> DeckPresets:
        """The options each of the decks' cards are scheduled with: its preset, with the deck's
        own desired retention when set (decks that do not exist are left out)."""
        repo = Repository(self.session)
        read: dict[int, Preset] = {}
        of_deck: dict[int, Preset] = {}
        retention: dict[int, float | None] = {}
        for deck_id, preset_id, own in self.session.execute(
            select(DeckRow.id, DeckRow.preset_id, DeckRow.desired_retention).where(
                DeckRow.id.in_(deck_ids)
            )
        ).all():
            if preset_id not in read:
                read[preset_id] = repo.preset(preset_id)
            of_deck[deck_id], retention[deck_id] = read[preset_id], own
        presets, index = deck_presets(of_deck, retention)
        return DeckPresets(index, tuple(presets))

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

    def raw_columns(self, decks: DeckPresets) -> RawColumns:
        """Every column of the decks' cards, in card id order (``deck`` only when the decks
        use several presets).

        This is the cost of readiness and the plan on a large collection: one pass over the
        cards, read straight into NumPy (no ORM objects, no Row objects; on SQLite not even
        one Python object per value, see db/cardcache/columns.py).
        """
        if not decks.of_deck:
            return _rows_of(np.zeros(0, dtype=_ROW), with_deck=False)
        linked = sorted(decks.of_deck)
        scan = self._scan(linked)
        connection = self._sqlite()
        raw = None
        if connection is not None:
            raw = read_columns(connection, linked, scan, decks.several)
        if raw is None:
            raw = self._rows(linked, scan, decks.several)
        return _by_id(raw)

    def rows_of(self, card_ids: IntArray, decks: DeckPresets) -> RawColumns:
        """The columns of those of ``card_ids`` that exist and belong to the decks, in card id
        order (``deck`` always read)."""
        found = []
        ids = card_ids.tolist()
        for chunk in chunks(ids, _CHUNK):
            found.append(self._fetch(_COLUMNS.where(CardRow.id.in_(chunk))))
        rows = np.concatenate(found) if found else np.zeros(0, dtype=_ROW)
        rows = rows[np.isin(rows["deck"], np.fromiter(decks.of_deck, dtype=np.int64))]
        return _by_id(_rows_of(rows, with_deck=True))

    def card_table(self, deck_ids: Sequence[int]) -> tuple[CardTable, CardTags]:
        """The cards of the decks, column-wise, and their tags (read now, kept by nobody)."""
        decks = self.presets(deck_ids)
        snapshot = snapshot_of(self.raw_columns(decks), None)
        return table_of(snapshot.columns, decks), snapshot.tags

    def _fetch(self, query: Select[*tuple[Any, ...]]) -> np.ndarray:
        result = self.session.connection().execute(query)
        # Building 100,000 Row objects would cost more than the readiness maths itself.
        cursor = result.cursor
        fetched = cursor.fetchall() if cursor is not None else []
        rows = np.array([tuple(r) for r in fetched] if fetched else [], dtype=_ROW)
        result.close()
        return rows

    def _rows(self, deck_ids: Sequence[int], scan: bool, with_deck: bool) -> RawColumns:
        """The row-by-row read (any database), straight from the driver's cursor."""
        query = _COLUMNS if scan else _COLUMNS.where(CardRow.deck_id.in_(deck_ids))
        rows = self._fetch(query)
        if scan:
            rows = rows[np.isin(rows["deck"], np.fromiter(deck_ids, dtype=np.int64))]
        return _rows_of(rows, with_deck=with_deck)

    def tag_counts_in(self, deck_ids: Sequence[int]) -> list[tuple[str, str, int]]:
        """(deck name, stored tag text, cards) over the decks' cards, one row per distinct pair."""
        return [
            (name, tags, int(count))
            for name, tags, count in self.session.execute(
                select(DeckRow.name, NoteRow.tags, func.count(CardRow.id))
                .join(CardRow, CardRow.deck_id == DeckRow.id)
                .join(NoteRow, NoteRow.id == CardRow.note_id)
                .where(CardRow.deck_id.in_(deck_ids))
                .group_by(DeckRow.id, DeckRow.name, NoteRow.tags)
            ).all()
        ]

    # --- the log -----------------------------------------------------------------------

    def answer_counts(self, limit: int = 5000) -> list[tuple[int, int, int, int, int]]:
        """The latest ``limit`` answers counted per (state before, rating): (state before,
        rating, answers, answers with a duration, their total ms) for ``learner_from_counts``.
        """
        log = ReviewLogRow
        recent = (
            select(log.state_before, log.rating, log.duration_ms)
            .where(study_answer())
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

    def mock_answers(
        self, limit: int = 5000
    ) -> tuple[FloatArray, FloatArray, FloatArray, IntArray]:
        """The latest mock-exam answers as columns: answered at, stability before, last review
        before (epoch seconds; NaN where the card had no memory) and rating."""
        log = ReviewLogRow
        rows = self.session.execute(
            select(
                epoch_seconds(log.answered_at),
                log.stability_before,
                epoch_seconds(log.last_review_before),
                log.rating,
            )
            # a literal, so that the planner sees the partial index's condition when it prepares
            .where(log.kind == literal(ReviewKind.MOCK_EXAM.value, literal_execute=True))
            .order_by(log.id.desc())
            .limit(limit)
        ).all()
        columns = np.asarray([tuple(row) for row in rows], dtype=np.float64).reshape(len(rows), 4)
        return columns[:, 0], columns[:, 1], columns[:, 2], columns[:, 3].astype(np.int64)

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
                study_answer(),
                log.answered_at >= start,
                log.answered_at < end,
                # '+ 0' keeps the planner on the answer-time index (a day's answers), not
                # on the deck index (every card of the decks, each probing the log).
                (CardRow.deck_id + 0).in_(deck_ids),
            )
            .group_by(log.state_before)
        ).all()
        return [(int(s), int(n), int(ms or 0)) for s, n, ms in rows]
