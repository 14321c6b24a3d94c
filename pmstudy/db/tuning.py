"""Queries for FSRS tuning: presets, the review log as columns, reschedule and its undo.

The log is read straight from the driver's cursor (200,000 rows in a fraction of a second);
reschedule writes with Core ``executemany`` in the caller's one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, cast

import numpy as np
from sqlalchemy import Select, and_, bindparam, case, delete, exists, func, insert, select, update
from sqlalchemy.orm import Session, aliased

from pmstudy.db.convert import preset_from_row, preset_to_row
from pmstudy.db.models import CardRow, DeckRow, PresetRow, ReviewLogRow
from pmstudy.db.sqlfuncs import epoch_seconds
from pmstudy.domain.model import Preset, ReviewKind
from pmstudy.domain.scheduling import KIND_CODES, MANUAL, CardColumns, LogColumns, ReschedulePlan
from pmstudy.errors import NotFoundError

_cards = CardRow.__table__
_log = ReviewLogRow.__table__
CHUNK = 500
# The card columns a reschedule plan is computed from: bind name -> column.
_READ = {
    "b_old_state": "state",
    "b_old_step": "step",
    "b_old_s": "stability",
    "b_old_d": "difficulty",
    "b_old_due": "due",
    "b_old_last": "last_review",
    "b_old_reps": "reps",
}
# One log row as read: card, epoch seconds, and rating, states and kind packed in one number
# (four bits each: 3 Python objects a row instead of 6, a third less reading time).
_LOG_ROW = np.dtype([("card", np.int64), ("at", np.float64), ("packed", np.int64)])


def _epoch(value: dt.datetime | None) -> float:
    return value.timestamp() if value is not None else float("nan")


def _instant(value: float) -> dt.datetime | None:
    if not np.isfinite(value):
        return None
    return dt.datetime.fromtimestamp(value, dt.UTC)


def _none_if_nan(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


class TuningRepository:
    """Queries over one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # --- presets and decks -------------------------------------------------------------

    def presets(self) -> list[Preset]:
        """Every preset, by name."""
        rows = self.session.scalars(select(PresetRow).order_by(PresetRow.name)).all()
        return [preset_from_row(r) for r in rows]

    def preset(self, preset_id: int) -> Preset:
        """One preset."""
        row = self.session.get(PresetRow, preset_id)
        if row is None:
            raise NotFoundError(f"no preset with id {preset_id}")
        return preset_from_row(row)

    def preset_named(self, name: str) -> Preset | None:
        """A preset by name."""
        row = self.session.scalar(select(PresetRow).where(PresetRow.name == name))
        return preset_from_row(row) if row else None

    def save_preset(self, preset: Preset) -> None:
        """Store a changed preset (it must exist)."""
        if preset.id is None:
            raise NotFoundError("a preset without an id cannot be saved")
        row = self.session.get(PresetRow, preset.id)
        if row is None:
            raise NotFoundError(f"no preset with id {preset.id}")
        preset_to_row(preset, row)

    def add_preset(self, preset: Preset) -> Preset:
        """Store a new preset (``preset.id`` is ignored); returns it with its id."""
        row = PresetRow()
        preset_to_row(preset, row)
        self.session.add(row)
        self.session.flush()
        return preset_from_row(row)

    def set_deck_preset(self, deck_id: int, preset_id: int) -> None:
        """Give deck ``deck_id`` the preset ``preset_id`` (both must exist)."""
        self.preset(preset_id)
        row = self.session.get(DeckRow, deck_id)
        if row is None:
            raise NotFoundError(f"no deck with id {deck_id}")
        row.preset_id = preset_id

    def decks(self) -> list[tuple[int, str, int]]:
        """(id, name, preset id) of every deck, by name."""
        rows = self.session.execute(
            select(DeckRow.id, DeckRow.name, DeckRow.preset_id).order_by(DeckRow.name)
        ).all()
        return [(int(i), str(n), int(p)) for i, n, p in rows]

    def deck_retentions(self) -> dict[int, float]:
        """The decks with their own desired retention (Anki 25.09), and that retention."""
        rows = self.session.execute(
            select(DeckRow.id, DeckRow.desired_retention).where(
                DeckRow.desired_retention.is_not(None)
            )
        ).all()
        return {int(i): float(r) for i, r in rows if r is not None}

    # --- the log -------------------------------------------------------------------------

    def log_columns(self, deck_ids: Sequence[int] | None) -> LogColumns:
        """Review-log rows of the decks' cards (None: all), by card then time.

        The log is read without a join, in table (id) order, and sorted by card and time in
        NumPy with a stable sort, so ties keep id order (read in the card index's order, each
        row cost a lookup: 60% more time); each row's deck comes from a card -> deck lookup:
        about half the time of the joined query.
        """
        kind = case(KIND_CODES, value=_log.c.kind, else_=MANUAL)
        packed = (
            _log.c.rating.op("|")(_log.c.state_before.op("<<")(4))
            .op("|")(_log.c.state_after.op("<<")(8))
            .op("|")(kind.op("<<")(12))
        )
        query: Select[Any] = select(
            _log.c.card_id, epoch_seconds(_log.c.answered_at), packed
        ).order_by(_log.c.id)
        cards = select(_cards.c.id, _cards.c.deck_id).order_by(_cards.c.id)
        if deck_ids is not None:
            in_decks = _cards.c.deck_id.in_(list(deck_ids))
            cards = cards.where(in_decks)
            query = query.where(_log.c.card_id.in_(select(_cards.c.id).where(in_decks)))
        connection = self.session.connection()
        card_deck = np.asarray(
            [tuple(r) for r in connection.execute(cards)], dtype=np.int64
        ).reshape(-1, 2)
        result = connection.execute(query)
        # Straight from the driver's cursor into a structured array: Row objects and per-row
        # conversions would cost more than building the training data.
        cursor = result.cursor
        rows = cast("Iterable[tuple[Any, ...]]", cursor if cursor is not None else ())
        table = np.fromiter(rows, dtype=_LOG_ROW)
        result.close()
        table = table[np.lexsort((table["at"], table["card"]))]
        card = table["card"].astype(np.int64)
        bits = table["packed"].astype(np.int64)
        spot = np.minimum(np.searchsorted(card_deck[:, 0], card), max(len(card_deck) - 1, 0))
        deck = card_deck[spot, 1] if len(card_deck) else np.zeros(0, dtype=np.int64)
        return LogColumns(
            card=card,
            at=table["at"].astype(np.float64),
            rating=bits & 0xF,
            state_before=(bits >> 4) & 0xF,
            state_after=(bits >> 8) & 0xF,
            kind=(bits >> 12) & 0xF,
            deck=np.asarray(deck, dtype=np.int64),
        )

    def recent_answers(
        self, deck_ids: Sequence[int] | None, limit: int = 5000
    ) -> list[tuple[int, int, int]]:
        """(state before, rating, duration ms) of the decks' latest answers, newest first."""
        query = (
            select(_log.c.state_before, _log.c.rating, _log.c.duration_ms)
            .where(_log.c.rating > 0)
            .order_by(_log.c.id.desc())
            .limit(limit)
        )
        if deck_ids is not None:
            query = query.join(_cards, _cards.c.id == _log.c.card_id).where(
                _cards.c.deck_id.in_(list(deck_ids))
            )
        return [(int(s), int(r), int(d)) for s, r, d in self.session.execute(query).all()]

    def new_card_count(self, deck_ids: Sequence[int]) -> int:
        """Unsuspended new cards in the decks."""
        return int(
            self.session.scalar(
                select(func.count()).where(
                    CardRow.deck_id.in_(list(deck_ids)),
                    CardRow.state == 0,
                    CardRow.suspended.is_(False),
                )
            )
            or 0
        )

    # --- reschedule ----------------------------------------------------------------------

    def card_columns(
        self, deck_ids: Sequence[int], preset_index: dict[int, int]
    ) -> tuple[CardColumns, list[tuple[Any, ...]]]:
        """Cards of the decks that have left the new state, and their raw rows (for undo)."""
        rows = self.session.execute(
            select(
                CardRow.id,
                CardRow.state,
                CardRow.step,
                CardRow.stability,
                CardRow.difficulty,
                CardRow.due,
                CardRow.last_review,
                CardRow.reps,
                CardRow.deck_id,
                CardRow.suspended,
            )
            .where(CardRow.deck_id.in_(list(deck_ids)), CardRow.state != 0)
            .order_by(CardRow.id)
        ).all()
        raw = [tuple(r) for r in rows]

        def floats(index: int) -> np.ndarray:
            return np.asarray(
                [np.nan if r[index] is None else float(r[index]) for r in raw], dtype=np.float64
            )

        columns = CardColumns(
            ids=np.asarray([r[0] for r in raw], dtype=np.int64),
            state=np.asarray([r[1] for r in raw], dtype=np.int64),
            step=np.asarray([-1 if r[2] is None else r[2] for r in raw], dtype=np.int64),
            stability=floats(3),
            difficulty=floats(4),
            due=np.asarray([_epoch(r[5]) for r in raw], dtype=np.float64),
            last=np.asarray([_epoch(r[6]) for r in raw], dtype=np.float64),
            reps=np.asarray([r[7] for r in raw], dtype=np.int64),
            preset=np.asarray([preset_index[r[8]] for r in raw], dtype=np.int64),
            suspended=np.asarray([bool(r[9]) for r in raw], dtype=np.bool_),
        )
        return columns, raw

    def apply_reschedule(
        self, plan: ReschedulePlan, raw: list[tuple[Any, ...]], *, now: dt.datetime, tag: str
    ) -> int:
        """Write the plan: new memory and due on the cards, one manual log row per card.

        A card is written only while it holds what the plan was computed from: one answered in
        another window since the read keeps its answer (and gets no log row).
        """
        changes = []
        entries = []
        for row in plan.changed.tolist():
            card_id, state, step, stability, difficulty, due, last, reps = raw[row][:8]
            new_s = _none_if_nan(float(plan.stability[row]))
            new_d = _none_if_nan(float(plan.difficulty[row]))
            new_due = _instant(float(plan.due[row])) if plan.due[row] != _epoch(due) else due
            changes.append(
                {
                    "b_id": card_id,
                    "b_s": new_s,
                    "b_d": new_d,
                    "b_due": new_due,
                    "b_old_state": state,
                    "b_old_step": step,
                    "b_old_s": stability,
                    "b_old_d": difficulty,
                    "b_old_due": due,
                    "b_old_last": last,
                    "b_old_reps": reps,
                }
            )
            entries.append(
                {
                    "card_id": card_id,
                    "answered_at": now,
                    "rating": 0,
                    "duration_ms": 0,
                    "kind": ReviewKind.MANUAL.value,
                    "answer": tag,
                    "state_before": state,
                    "step_before": step,
                    "stability_before": stability,
                    "difficulty_before": difficulty,
                    "due_before": due,
                    "last_review_before": last,
                    "state_after": state,
                    "step_after": step,
                    "stability_after": new_s,
                    "difficulty_after": new_d,
                    "due_after": new_due,
                }
            )
        if not changes:
            return 0
        statement = (
            update(CardRow)
            .where(CardRow.id == bindparam("b_id"))
            .where(
                *(getattr(CardRow, c).is_not_distinct_from(bindparam(k)) for k, c in _READ.items())
            )
            .values(stability=bindparam("b_s"), difficulty=bindparam("b_d"), due=bindparam("b_due"))
        )
        connection = self.session.connection()
        sums = connection.dialect.supports_sane_multi_rowcount
        kept = []
        for start in range(0, len(changes), CHUNK):
            chunk = changes[start : start + CHUNK]
            logged = entries[start : start + CHUNK]
            if sums and connection.execute(statement, chunk).rowcount == len(chunk):
                kept += logged
                continue
            if sums:
                # some cards changed since the read: find the ones this update wrote (an
                # answer since moved reps on; the write lock is held, nothing else moves)
                kept += [e for c, e in zip(chunk, logged, strict=True) if self._wrote(c)]
            else:
                kept += [
                    e
                    for c, e in zip(chunk, logged, strict=True)
                    if connection.execute(statement, c).rowcount
                ]
        for start in range(0, len(kept), CHUNK):
            connection.execute(insert(ReviewLogRow), kept[start : start + CHUNK])
        return len(kept)

    def _wrote(self, change: dict[str, Any]) -> bool:
        """Whether the card holds what a reschedule change wrote, at the reps it read."""
        row = self.session.execute(
            select(CardRow.stability, CardRow.difficulty, CardRow.due, CardRow.reps).where(
                CardRow.id == change["b_id"]
            )
        ).one_or_none()
        wanted = (change["b_s"], change["b_d"], change["b_due"], change["b_old_reps"])
        return row is not None and tuple(row) == wanted

    def undo_reschedule(self, tag: str) -> tuple[int, int]:
        """Put back the cards a reschedule changed: (restored, skipped as answered since)."""
        later = aliased(ReviewLogRow)
        marked = and_(ReviewLogRow.kind == ReviewKind.MANUAL.value, ReviewLogRow.answer == tag)
        newer = exists().where(later.card_id == ReviewLogRow.card_id, later.id > ReviewLogRow.id)
        skipped = self.session.scalar(select(func.count()).where(marked, newer)) or 0
        rows = self.session.execute(
            select(
                ReviewLogRow.id,
                ReviewLogRow.card_id,
                ReviewLogRow.state_before,
                ReviewLogRow.step_before,
                ReviewLogRow.stability_before,
                ReviewLogRow.difficulty_before,
                ReviewLogRow.due_before,
                ReviewLogRow.last_review_before,
            ).where(marked, ~newer)
        ).all()
        restore = [
            {
                "b_id": card_id,
                "b_state": state,
                "b_step": step,
                "b_s": stability,
                "b_d": difficulty,
                "b_due": due,
                "b_last": last,
            }
            for _, card_id, state, step, stability, difficulty, due, last in rows
        ]
        statement = (
            update(CardRow)
            .where(CardRow.id == bindparam("b_id"))
            .values(
                state=bindparam("b_state"),
                step=bindparam("b_step"),
                stability=bindparam("b_s"),
                difficulty=bindparam("b_d"),
                due=bindparam("b_due"),
                last_review=bindparam("b_last"),
            )
        )
        drop = delete(ReviewLogRow).where(ReviewLogRow.id == bindparam("b_row"))
        connection = self.session.connection()
        for start in range(0, len(restore), CHUNK):
            connection.execute(statement, restore[start : start + CHUNK])
            connection.execute(drop, [{"b_row": row[0]} for row in rows[start : start + CHUNK]])
        return len(restore), int(skipped)
