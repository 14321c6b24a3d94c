"""The statistics reads: aggregates and plain numbers, never a review row through the ORM.

A year of answers (up to a million rows) is grouped in SQL by a prefix of the stored timestamp
text (hour, ten minutes or minute: whatever never straddles the learner's day boundary), so
Python sees at most a few thousand buckets. Cards come back as plain floats (dates as epoch
days computed by the database) straight into NumPy arrays.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import ColumnElement, Connection, Table, and_, case, func, literal, select

from pmstudy.db.models import CardRow, NoteRow, ReviewLogRow
from pmstudy.db.sqlfuncs import epoch_days, fetch_tuples, time_prefix, unindexed
from pmstudy.domain.answer_buckets import AnswerBuckets
from pmstudy.domain.charts import MATURE_DAYS, FloatArray, IntArray
from pmstudy.domain.exam import exam_tag
from pmstudy.domain.model import CardState

cards = typing.cast(Table, CardRow.__table__)
notes = typing.cast(Table, NoteRow.__table__)
review_log = typing.cast(Table, ReviewLogRow.__table__)

_PREFIX = {60: 13, 10: 15, 1: 16}
_PAD = {13: ":00", 15: "0", 16: ""}


def _table(rows: Sequence[Sequence[object]], width: int) -> FloatArray:
    """Rows of numbers (None becomes NaN) as a 2-D float array."""
    if not rows:
        return np.zeros((0, width), dtype=np.float64)
    return np.array(rows, dtype=np.float64).reshape(len(rows), width)


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(case((condition, 1), else_=0))


def window_rows(connection: Connection, since: dt.datetime, until: dt.datetime) -> int:
    """Rows answered in [since, until), counted on the time index alone (no table reads).

    The service uses it to choose a plan and as the fingerprint of a finished period: the
    log is append-only, so a changed past almost always changes the count.
    """
    answered = review_log.c.answered_at
    return int(
        connection.execute(
            select(func.count()).where(answered >= since, answered < until)
        ).scalar_one()
    )


def id_span(connection: Connection) -> tuple[int, int]:
    """The lowest and highest review-log ids (both ends of the primary key: instant)."""
    low, high = connection.execute(
        select(func.min(review_log.c.id), func.max(review_log.c.id))
    ).one()
    return int(low or 0), int(high or 0)


def answer_buckets(
    connection: Connection,
    since: dt.datetime,
    minutes: int,
    *,
    until: dt.datetime | None = None,
    id_range: tuple[int, int] | None = None,
) -> AnswerBuckets:
    """Answers (rating > 0) in [since, until), aggregated per bucket of ``minutes``.

    With ``id_range`` (lowest, highest + 1) the table is scanned in id order over that range
    instead of walking the time index: when the period holds most of the log, a sequential
    scan (split across threads by the caller) is several times faster.
    """
    length = _PREFIX[minutes]
    answered = review_log.c.answered_at
    bucket = time_prefix(answered, literal(length, literal_execute=True))
    state = review_log.c.state_before
    passed = review_log.c.rating > 1
    in_review = state == int(CardState.REVIEW)
    interval = func.coalesce(
        epoch_days(review_log.c.due_before) - epoch_days(review_log.c.last_review_before),
        review_log.c.stability_before,
        0.0,
    )
    mature = and_(in_review, interval >= MATURE_DAYS)
    conditions = [review_log.c.rating > 0]
    if id_range is None:
        conditions.append(answered >= since)
        if until is not None:
            conditions.append(answered < until)
    else:
        conditions += [
            review_log.c.id >= id_range[0],
            review_log.c.id < id_range[1],
            unindexed(answered) >= since,
        ]
        if until is not None:
            conditions.append(unindexed(answered) < until)
    statement = (
        select(
            bucket.label("bucket"),
            func.count(),
            func.coalesce(func.sum(review_log.c.duration_ms), 0),
            _count_if(state.in_((int(CardState.NEW), int(CardState.LEARNING)))),
            _count_if(in_review),
            _count_if(state == int(CardState.RELEARNING)),
            _count_if(passed),
            _count_if(mature),
            _count_if(and_(mature, passed)),
            _count_if(and_(in_review, passed)),
        )
        .where(*conditions)
        .group_by("bucket")
    )
    rows = fetch_tuples(connection, statement)
    if not rows:
        return AnswerBuckets.empty()
    pad = _PAD[length]
    stamps = np.array([str(r[0]) + pad for r in rows], dtype="datetime64[m]")
    at = stamps.astype(np.int64).astype(np.float64) / 1440.0
    numbers = _table([r[1:] for r in rows], 9)

    def ints(column: int) -> IntArray:
        return np.asarray(numbers[:, column], dtype=np.int64)

    return AnswerBuckets(
        at=at,
        answers=ints(0),
        milliseconds=np.asarray(numbers[:, 1], dtype=np.float64),
        learn=ints(2),
        review=ints(3),
        relearn=ints(4),
        passed=ints(5),
        mature=ints(6),
        mature_passed=ints(7),
        review_passed=ints(8),
    )


@dataclass(frozen=True)
class CardArrays:
    """Cards that have a memory state, as columns; new cards only counted."""

    state: IntArray
    suspended: np.ndarray[tuple[int], np.dtype[np.bool_]]
    buried: np.ndarray[tuple[int], np.dtype[np.bool_]]
    stability: FloatArray
    difficulty: FloatArray
    due: FloatArray
    last_review: FloatArray
    deck: IntArray
    new_free: int
    new_suspended: int
    new_buried: int


def card_arrays(connection: Connection, now: dt.datetime) -> CardArrays:
    """Every card's numbers (new cards counted by the database instead)."""
    buried = and_(cards.c.buried_until.is_not(None), cards.c.buried_until > now)
    is_new = cards.c.state == int(CardState.NEW)
    new_counts = connection.execute(
        select(cards.c.suspended, case((buried, 1), else_=0), func.count())
        .where(is_new)
        .group_by(cards.c.suspended, case((buried, 1), else_=0))
    ).all()
    new_free = new_suspended = new_buried = 0
    for suspended, is_buried, count in new_counts:
        if suspended:
            new_suspended += count
        elif is_buried:
            new_buried += count
        else:
            new_free += count

    rows = fetch_tuples(
        connection,
        select(
            cards.c.state,
            case((cards.c.suspended, 1), else_=0),
            case((buried, 1), else_=0),
            cards.c.stability,
            cards.c.difficulty,
            epoch_days(cards.c.due),
            epoch_days(cards.c.last_review),
            cards.c.deck_id,
        ).where(~is_new),
    )
    table = _table(rows, 8)
    return CardArrays(
        state=table[:, 0].astype(np.int64),
        suspended=table[:, 1] > 0,
        buried=table[:, 2] > 0,
        stability=table[:, 3].copy(),
        difficulty=table[:, 4].copy(),
        due=table[:, 5].copy(),
        last_review=table[:, 6].copy(),
        deck=table[:, 7].astype(np.int64),
        new_free=new_free,
        new_suspended=new_suspended,
        new_buried=new_buried,
    )


@dataclass(frozen=True)
class ReviewSample:
    """Review-state answers with what FSRS needs to predict them (parallel arrays)."""

    elapsed: FloatArray
    stability: FloatArray
    rating: IntArray
    deck: IntArray
    note: IntArray


def review_sample(
    connection: Connection, since: dt.datetime, *, scan: bool = False
) -> ReviewSample:
    """Answers since ``since`` given to cards in the review state with a known memory.

    ``scan``: read the log sequentially instead of through the time index (faster when the
    period holds a large share of it).
    """
    answered = unindexed(review_log.c.answered_at) if scan else review_log.c.answered_at
    elapsed = epoch_days(review_log.c.answered_at) - epoch_days(review_log.c.last_review_before)
    rows = fetch_tuples(
        connection,
        select(
            elapsed,
            review_log.c.stability_before,
            review_log.c.rating,
            cards.c.deck_id,
            cards.c.note_id,
        )
        .join(cards, cards.c.id == review_log.c.card_id)
        .where(
            answered >= since,
            review_log.c.rating > 0,
            review_log.c.state_before == int(CardState.REVIEW),
            review_log.c.stability_before > 0,
            review_log.c.last_review_before.is_not(None),
        ),
    )
    table = _table(rows, 5)
    return ReviewSample(
        elapsed=table[:, 0].copy(),
        stability=table[:, 1].copy(),
        rating=table[:, 2].astype(np.int64),
        deck=table[:, 3].astype(np.int64),
        note=table[:, 4].astype(np.int64),
    )


def domain_notes(connection: Connection) -> dict[str, IntArray]:
    """Note ids per exam domain (``profile::domain``) from ``exam::`` tags.

    Tags are parsed once per distinct tag text, not once per note.
    """
    by_text: dict[str, list[int]] = {}
    for note_id, tags in fetch_tuples(
        connection, select(notes.c.id, notes.c.tags).where(notes.c.tags.like("% exam::%"))
    ):
        by_text.setdefault(tags, []).append(int(note_id))
    found: dict[str, list[int]] = {}
    for text, note_ids in by_text.items():
        names = set()
        for tag in text.split():
            parsed = exam_tag(tag)
            if parsed is not None:
                names.add(f"{parsed[0]}::{parsed[1]}")
        for name in names:
            found.setdefault(name, []).extend(note_ids)
    return {name: np.asarray(sorted(ids), dtype=np.int64) for name, ids in found.items()}
