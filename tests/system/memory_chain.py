"""The no-lost-update check shared by the concurrent-study tests.

Every card's review log must be one chain: each row starts from the memory the row before it
left, each answer's result is FSRS (the live scheduler, seeded fuzz) of that memory and the
logged rating (a review's due day anywhere in its fuzz range: the load balancer picks it there),
and the card stores what its last row left.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select

from pmstudy.db.convert import memory_from_row
from pmstudy.db.engine import make_engine
from pmstudy.db.models import CardRow, ReviewLogRow
from pmstudy.domain.model import CardState, Memory, Rating
from pmstudy.domain.scheduling import Scheduler, fuzz_bounds, fuzz_rng

LOGGED = ("state", "step", "stability", "difficulty", "due")


def _logged(memory: Memory) -> tuple[object, ...]:
    return tuple(getattr(memory, name) for name in LOGGED)


def _side(row: object, side: str) -> tuple[object, ...]:
    return tuple(getattr(row, f"{name}_{side}") for name in LOGGED)


def _is_fsrs_of(
    expected: Memory, logged: tuple[object, ...], unfuzzed: Memory, longest: int
) -> bool:
    """The logged result is ``expected``, except that a card ending in review may fall due on
    any day of its fuzz range (the load balancer picks it from the cards due around)."""
    if _logged(expected)[:-1] != logged[:-1]:
        return False
    due, base, answered = logged[-1], unfuzzed.due, unfuzzed.last_review
    if expected.state != CardState.REVIEW or not isinstance(due, dt.datetime) or base is None:
        return _logged(expected) == logged
    assert answered is not None
    interval = round((base - answered) / dt.timedelta(days=1))
    if interval < 2.5:
        return due == expected.due
    low, high = fuzz_bounds(interval, longest)
    days = (due - answered) / dt.timedelta(days=1)
    return abs(days - round(days)) < 1e-6 and low <= round(days) <= high


def broken_links(
    database: Path | str,
    scheduler_for: Callable[[int], Scheduler | None],
    *,
    seed: int = 1,
    schema: str | None = None,
) -> list[str]:
    """Every place the chain breaks (empty: no lost update) in a SQLite file or at a database
    URL (in its ``schema``: a PostgreSQL learner's). ``scheduler_for(row id)`` is the scheduler
    that answer used (None: do not recompute that row, e.g. a setup answer)."""
    url = database if isinstance(database, str) else f"sqlite:///{database}"
    engine = make_engine(url, schema=schema)
    try:
        with engine.connect() as connection:
            rows = connection.execute(select(ReviewLogRow.__table__).order_by(ReviewLogRow.id))
            log = rows.all()
            cards = {
                r.id: memory_from_row(r) for r in connection.execute(select(CardRow.__table__))
            }
    finally:
        engine.dispose()
    chains: dict[int, Memory] = {}
    broken: list[str] = []
    for row in log:
        memory = chains.get(row.card_id)
        if memory is None:
            memory = Memory(*_side(row, "before"), last_review=row.last_review_before)  # type: ignore[arg-type]
        elif _side(row, "before") != _logged(memory):
            broken.append(f"row {row.id}: card {row.card_id} answered from stale memory")
        if row.rating == Rating.MANUAL:
            after = replace(
                memory,
                stability=row.stability_after,
                difficulty=row.difficulty_after,
                due=row.due_after,
            )
        else:
            scheduler = scheduler_for(row.id)
            lapses = memory.lapses
            if scheduler is not None:
                rng = fuzz_rng(seed, row.card_id, memory.reps)
                expected = scheduler.review(
                    memory, Rating(row.rating), now=row.answered_at, rng=rng
                )
                lapses = expected.lapses
                unfuzzed = scheduler.review(
                    memory, Rating(row.rating), now=row.answered_at, rng=None
                )
                longest = scheduler.preset.max_interval_days
                if not _is_fsrs_of(expected, _side(row, "after"), unfuzzed, longest):
                    broken.append(f"row {row.id}: card {row.card_id} is not FSRS of its before")
            after = Memory(
                *_side(row, "after"),  # type: ignore[arg-type]
                last_review=row.answered_at,
                reps=memory.reps + 1,
                lapses=lapses,
            )
        chains[row.card_id] = after
    for card_id, memory in chains.items():
        stored = cards[card_id]
        if (_logged(stored), stored.reps) != (_logged(memory), memory.reps):
            broken.append(f"card {card_id}: stored memory is not its last row's result")
    return broken
