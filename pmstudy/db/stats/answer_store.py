"""The review log's answers as columns, from a persisted per-day cache kept exact.

Statistics over a year of answers (a million rows) cannot afford to turn every row into Python
objects. ``review_days`` (migration 0003) keeps each UTC day's answers as packed NumPy columns:
reading a year is a few hundred blobs.

Keeping it exact without slowing the writers down:

* inserts are not watched (answering a card or importing history costs nothing more): every
  statistics call first adds the rows with ``id`` above the *mark* and moves the mark;
* a trigger watches deletions (undo, deleting notes): it marks the row's day stale, remembers
  the id as a *hole* in case undo puts the very row back, and lowers the mark when the row at
  the mark goes (SQLite then hands out that id again);
* the refresh reads the log again for stale days and for days where a hole came back. It
  computes outside the write lock and writes in one short transaction that first checks that
  no deletion happened meanwhile (the trigger bumps a generation counter); a long backlog
  (the first refresh of a big collection, a large import) goes in slices of rows, so that a
  deletion costs one slice and the write lock is never held for long.

Without the trigger (another database, or a schema being rebuilt) answers are read from the
log directly (``pmstudy.db.stats.answer_columns``): the same columns, just slower.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
from sqlalchemy import (
    Connection,
    Engine,
    String,
    delete,
    func,
    insert,
    select,
    type_coerce,
    update,
)

from pmstudy.db.models import (
    ReviewDayRow,
    ReviewDaysHoleRow,
    ReviewDaysStaleRow,
    ReviewDaysStateRow,
    table_of,
)
from pmstudy.db.sqlfuncs import study_answer
from pmstudy.db.stats.answer_columns import (
    COLUMNS,
    answer_array,
    column_names,
    fetch_answers,
    read_log,
    review_log,
)
from pmstudy.domain.stats import DTYPES, MICROS_PER_DAY, Answers, micros

review_days = table_of(ReviewDayRow)
state_table = table_of(ReviewDaysStateRow)
holes = table_of(ReviewDaysHoleRow)
stale_days = table_of(ReviewDaysStaleRow)

TRIGGER = "review_log_deleted_review_days"  # created by migration 0003
ATTEMPTS = 3
SLICE_ROWS = 400_000  # new log rows read into the cache per write transaction
_T = TypeVar("_T")

Columns = dict[str, npt.NDArray[np.generic]]


def _day_text(day: int) -> str:
    return (dt.date(1970, 1, 1) + dt.timedelta(days=day)).isoformat()


def _split_by_day(columns: Columns) -> dict[int, Columns]:
    """Time-ordered answers cut into UTC days."""
    days = np.asarray(columns["answered_us"], dtype=np.int64) // MICROS_PER_DAY
    if days.size == 0:
        return {}
    cuts = np.flatnonzero(np.diff(days)) + 1
    starts = [0, *cuts.tolist()]
    ends = [*cuts.tolist(), int(days.size)]
    return {
        int(days[s]): {n: c[s:e] for n, c in columns.items()}
        for s, e in zip(starts, ends, strict=True)
    }


@dataclass
class _Plan:
    """What a refresh will write, computed outside the write lock."""

    mark: int  # the state when planned: the write goes ahead only if it is unchanged
    generation: int
    high: int  # the mark after the write: the last log row read
    newest: int  # the newest log row: holes above it are forgotten
    reset: bool = False  # the cache is read again from scratch
    rebuilt: dict[int, Columns] = field(default_factory=dict)
    added: dict[int, Columns] = field(default_factory=dict)
    holes_back: list[int] = field(default_factory=list)
    holes_above: bool = False

    @property
    def idle(self) -> bool:
        """Nothing to do: the cache holds the whole log."""
        return (
            self.high == self.mark
            and not self.reset
            and not self.rebuilt
            and not self.holes_back
            and not self.holes_above
        )

    @property
    def complete(self) -> bool:
        """After this write the cache holds the whole log (as it stood when planned)."""
        return self.high == self.newest


def _state(connection: Connection) -> tuple[int, int]:
    row = connection.execute(
        select(state_table.c.mark, state_table.c.generation).where(state_table.c.id == 1)
    ).one()
    return int(row[0]), int(row[1])


def _slice_end(connection: Connection, start: int, newest: int) -> int:
    """The id of the ``SLICE_ROWS``-th log row after ``start`` (or the newest)."""
    ids = review_log.c.id
    found = connection.execute(
        select(ids).where(ids > start).order_by(ids).limit(1).offset(SLICE_ROWS - 1)
    ).scalar()
    return newest if found is None else int(found)


def _plan(connection: Connection) -> _Plan:
    mark, generation = _state(connection)
    newest = int(
        connection.execute(select(func.coalesce(func.max(review_log.c.id), 0))).scalar_one()
    )
    # The trigger keeps the mark on a row that exists; should it ever be above every row,
    # nothing about the cache can be trusted: read everything again.
    reset = newest < mark
    start = 0 if reset else mark
    plan = _Plan(mark, generation, _slice_end(connection, start, newest), newest, reset)
    answered = type_coerce(review_log.c.answered_at, String())  # the stored text
    rebuild: set[int] = set()
    if not reset:
        rebuild.update(int(d) for d in connection.execute(select(stale_days.c.day)).scalars())
    if connection.execute(select(holes.c.id).limit(1)).first() is not None:
        back = connection.execute(
            select(holes.c.id, review_log.c.rating, answered).join(
                review_log, review_log.c.id == holes.c.id
            )
        ).all()
        # Above the mark a row that came back is simply new; below it, its day misses it.
        plan.holes_back = [int(r[0]) for r in back if r[0] <= plan.high]
        returned = [r[2] for r in back if r[0] <= start and r[1] > 0]
        rebuild.update(int(d) for d in answer_array("answered_us", returned) // MICROS_PER_DAY)
        above = connection.execute(select(holes.c.id).where(holes.c.id > newest).limit(1))
        plan.holes_above = above.first() is not None
    if plan.high > start:
        ids = review_log.c.id
        columns = fetch_answers(connection, [ids > start, ids <= plan.high], COLUMNS, by_id=True)
        plan.added = {d: part for d, part in _split_by_day(columns).items() if d not in rebuild}
    for day in sorted(rebuild):
        plan.rebuilt[day] = fetch_answers(
            connection,
            [
                answered >= _day_text(day),
                answered < _day_text(day + 1),
                review_log.c.id <= plan.high,
            ],
            COLUMNS,
        )
    return plan


def _pack(columns: Columns) -> dict[str, bytes]:
    return {n: np.ascontiguousarray(columns[n], dtype=DTYPES[n]).tobytes() for n in COLUMNS}


def _unpack(row: Any, names: Sequence[str]) -> Columns:
    return {n: np.frombuffer(row[i], dtype=DTYPES[n]) for i, n in enumerate(names)}


def _chunked(values: Sequence[int], size: int = 500) -> list[Sequence[int]]:
    return [values[start : start + size] for start in range(0, len(values), size)]


def _write_days(connection: Connection, days: dict[int, Columns]) -> None:
    """Replace these days' rows (a day without answers loses its row)."""
    for chunk in _chunked(sorted(days)):
        connection.execute(delete(review_days).where(review_days.c.day.in_(chunk)))
    rows = [
        {"day": day, "answers": int(columns["answered_us"].size), **_pack(columns)}
        for day, columns in days.items()
        if columns["answered_us"].size
    ]
    if rows:
        connection.execute(insert(review_days), rows)


def _merged(connection: Connection, added: dict[int, Columns]) -> dict[int, Columns]:
    """New answers joined to what their days already hold."""
    old: dict[int, Columns] = {}
    for chunk in _chunked(sorted(added)):
        found = connection.execute(
            select(review_days.c.day, *(review_days.c[n] for n in COLUMNS)).where(
                review_days.c.day.in_(chunk)
            )
        )
        old.update((int(row[0]), _unpack(row[1:], COLUMNS)) for row in found)
    merged: dict[int, Columns] = {}
    for day, columns in added.items():
        kept = old.get(day)
        if kept is None:
            merged[day] = columns
            continue
        joined = {n: np.concatenate([kept[n], columns[n]]) for n in COLUMNS}
        # New rows have larger ids: a stable sort on time keeps (time, id) order.
        order = np.argsort(joined["answered_us"], kind="stable")
        merged[day] = {n: c[order] for n, c in joined.items()}
    return merged


def _lock(connection: Connection) -> None:
    """Take the write lock (a no-op write), so that nothing changes until commit."""
    connection.execute(
        update(state_table).where(state_table.c.id == 1).values(generation=state_table.c.generation)
    )


def _apply(connection: Connection, plan: _Plan) -> bool:
    """Write the plan in the current transaction; False if a deletion came first."""
    _lock(connection)
    if _state(connection) != (plan.mark, plan.generation):
        return False
    if plan.reset:
        connection.execute(delete(review_days))
        connection.execute(delete(stale_days))
    _write_days(connection, {**plan.rebuilt, **_merged(connection, plan.added)})
    for chunk in _chunked(sorted(plan.rebuilt)):
        connection.execute(delete(stale_days).where(stale_days.c.day.in_(chunk)))
    for chunk in _chunked(plan.holes_back):
        connection.execute(delete(holes).where(holes.c.id.in_(chunk)))
    connection.execute(delete(holes).where(holes.c.id > plan.newest))
    connection.execute(update(state_table).where(state_table.c.id == 1).values(mark=plan.high))
    return True


class AnswerStore:
    """Answers since an instant, as columns, exact at the moment of the call."""

    def __init__(self, engine: Engine, *, cache: bool = True) -> None:
        """``cache=False`` always reads review_log itself (the reference the tests compare
        the cache with)."""
        self._engine = engine
        self._cached: bool | None = None if cache else False
        self._lock = threading.Lock()

    @property
    def cached(self) -> bool:
        """Whether the per-day cache is kept up to date (its delete trigger exists)."""
        if self._cached is None:
            with self._engine.connect() as connection:
                self._cached = connection.dialect.name == "sqlite" and (
                    connection.exec_driver_sql(
                        "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                        (TRIGGER,),
                    ).first()
                    is not None
                )
        return self._cached

    def refresh(self) -> int:
        """Bring the cache up to date with the log; the generation it is valid for."""
        with self._lock:
            conflicts = 0
            while conflicts < ATTEMPTS:
                with self._engine.connect() as connection:
                    plan = _plan(connection)
                if plan.idle:
                    return plan.generation
                with self._engine.begin() as connection:
                    written = _apply(connection, plan)
                if not written:
                    conflicts += 1
                elif plan.complete:
                    return plan.generation
            # Deletions keep coming: plan and write under the write lock instead.
            while True:
                with self._engine.begin() as connection:
                    _lock(connection)
                    plan = _plan(connection)
                    if not plan.idle:
                        _apply(connection, plan)
                    if plan.complete:
                        return plan.generation

    def _consistent(
        self, read: Callable[[Connection], _T], fallback: Callable[[Connection], _T]
    ) -> _T:
        """``read`` over the refreshed cache, retried if a deletion slips in between (the
        log itself is read after a few tries)."""
        if self.cached:
            for _ in range(ATTEMPTS):
                generation = self.refresh()
                with self._engine.connect() as connection:
                    found = read(connection)
                    if _state(connection)[1] == generation:
                        return found
        with self._engine.connect() as connection:
            return fallback(connection)

    def answers(self, since: dt.datetime, names: Sequence[str]) -> Answers:
        """Answers given at or after ``since`` (only the columns in ``names``, and the time)."""
        wanted = column_names(names)
        since_us = micros(since)

        def read(connection: Connection) -> Answers:
            rows = connection.execute(
                select(*(review_days.c[n] for n in wanted))
                .where(review_days.c.day >= since_us // MICROS_PER_DAY)
                .order_by(review_days.c.day)
            ).all()
            columns = {
                n: np.concatenate([np.frombuffer(r[i], dtype=DTYPES[n]) for r in rows])
                if rows
                else np.zeros(0, dtype=DTYPES[n])
                for i, n in enumerate(wanted)
            }
            return Answers.from_columns(columns).since(since_us)

        return self._consistent(read, lambda connection: read_log(connection, since, wanted))

    def total(self) -> int:
        """Every answer in the log."""

        def read(connection: Connection) -> int:
            total = select(func.coalesce(func.sum(review_days.c.answers), 0))
            return int(connection.execute(total).scalar_one())

        def count(connection: Connection) -> int:
            answers = select(func.count()).where(study_answer())
            return int(connection.execute(answers).scalar_one())

        return self._consistent(read, count)
