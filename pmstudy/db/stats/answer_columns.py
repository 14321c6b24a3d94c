"""The review log's answers as NumPy columns, read from review_log itself.

One definition of every column (``pmstudy.domain.stats.answers.Answers``) as SQL over review_log:
the per-day cache (``pmstudy.db.stats.answer_store``) is filled from it, and statistics fall back to
it where there is no cache.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import ColumnElement, Connection, and_, case, func, null, select
from sqlalchemy.sql import FromClause

from pmstudy.db.columns import gc_paused
from pmstudy.db.models import CardRow, ReviewLogRow, table_of
from pmstudy.db.sqlfuncs import epoch_days, study_answer
from pmstudy.domain.model import CardState
from pmstudy.domain.stats import DTYPES, MATURE_DAYS, Answers

review_log = table_of(ReviewLogRow)
cards = table_of(CardRow)

COLUMNS = tuple(DTYPES)
FETCH_ROWS = 50_000


def _sql_columns() -> dict[str, ColumnElement[Any]]:
    """What the database hands over per answer (the single definition of every column).

    The time comes as the stored text and NumPy parses it (exact to the microsecond, and far
    cheaper than date functions in SQL); state, rating and maturity come packed in one small
    integer: each value fetched costs more than the arithmetic.
    """
    log = review_log.c
    in_review = log.state_before == int(CardState.REVIEW)
    interval = func.coalesce(
        epoch_days(log.due_before) - epoch_days(log.last_review_before),
        log.stability_before,
        0.0,
    )
    mature = case((and_(in_review, interval >= MATURE_DAYS), 32), else_=0)
    calibrated = and_(in_review, log.stability_before > 0, log.last_review_before.is_not(None))
    elapsed = epoch_days(log.answered_at) - epoch_days(log.last_review_before)
    return {
        "answered_us": log.answered_at,
        "duration_ms": log.duration_ms,
        "code": log.state_before + 4 * log.rating + mature,
        "card_id": log.card_id,
        # -1: the card is missing (only possible if foreign keys were off); calibration,
        # which needs the card's deck and note, leaves such answers out.
        "note_id": func.coalesce(cards.c.note_id, -1),
        "elapsed_days": case((calibrated, elapsed), else_=null()),
        "stability": case((calibrated, log.stability_before), else_=null()),
    }


_SQL = _sql_columns()
_PACKED = ("state", "rating", "mature")


def fetch_answers(
    connection: Connection,
    conditions: Sequence[ColumnElement[bool]],
    names: Sequence[str],
    *,
    by_id: bool = False,
) -> dict[str, npt.NDArray[np.generic]]:
    """Answers matching ``conditions`` in time order (equal times in id order).

    ``by_id``: the conditions select an id range (read in id order, then sorted here) rather
    than a time range (read in time order through the index). Rows come in slices of
    ``FETCH_ROWS`` straight from the driver and go into arrays slice by slice, so a million
    rows never exist as Python objects all at once.
    """
    fetched = [n for n in _SQL if n in names or (n == "code" and set(names) & set(_PACKED))]
    source: FromClause = review_log
    if "note_id" in fetched:
        source = review_log.outerjoin(cards, cards.c.id == review_log.c.card_id)
    order = [review_log.c.id] if by_id else [review_log.c.answered_at, review_log.c.id]
    statement = (
        select(*(_SQL[n] for n in fetched))
        .select_from(source)
        .where(study_answer(), *conditions)
        .order_by(*order)
    )
    parts: dict[str, list[npt.NDArray[np.generic]]] = {n: [] for n in fetched}
    with gc_paused():
        cursor = connection.execute(statement).cursor
        assert cursor is not None
        while rows := cursor.fetchmany(FETCH_ROWS):
            for name, values in zip(fetched, zip(*rows, strict=True), strict=True):
                parts[name].append(answer_array(name, values))
    raw = {n: np.concatenate(p) if p else answer_array(n, ()) for n, p in parts.items()}
    columns: dict[str, npt.NDArray[np.generic]] = {
        n: c.astype(DTYPES[n]) for n, c in raw.items() if n in DTYPES
    }
    if "code" in raw:
        code = np.asarray(raw["code"], dtype=np.int64)
        columns.update(state=code & 3, rating=(code >> 2) & 7, mature=code >= 32)
    columns = {n: np.asarray(columns[n], dtype=DTYPES[n]) for n in names}
    # Stored text sorts in time order; sort on the numbers all the same (a stable sort keeps
    # equal times in the order read, which is id order).
    times = columns["answered_us"]
    if times.size and np.any(np.diff(np.asarray(times, dtype=np.int64)) < 0):
        ordered = np.argsort(times, kind="stable")
        columns = {n: c[ordered] for n, c in columns.items()}
    return columns


def answer_array(name: str, values: Sequence[Any]) -> npt.NDArray[np.generic]:
    """A fetched column as an array: times parsed by NumPy, NULL floats as NaN."""
    if name == "answered_us":
        parsed = np.array(values, dtype="datetime64[us]")
        return parsed.astype(np.int64)
    if DTYPES.get(name) == "<f8":
        return np.array(values, dtype=np.float64)
    return np.array(values, dtype=np.int64)


def read_log(connection: Connection, since: dt.datetime, names: Sequence[str]) -> Answers:
    """Answers given at or after ``since``, read from review_log itself."""
    wanted = column_names(names)
    return Answers.from_columns(
        fetch_answers(connection, [review_log.c.answered_at >= since], wanted)
    )


def column_names(names: Iterable[str]) -> list[str]:
    """The known columns among ``names``, and the time, in storage order."""
    wanted = set(names) | {"answered_us"}
    unknown = wanted - set(COLUMNS)
    if unknown:
        raise ValueError(f"unknown answer columns: {sorted(unknown)}")
    return [n for n in COLUMNS if n in wanted]
