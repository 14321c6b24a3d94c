"""The no-lost-update check shared by the concurrent-study tests.

Every card's review log must be one chain: each row starts from the memory the row before it
left, each answer's result is FSRS (the live scheduler, seeded fuzz) of that memory and the
logged rating, and the card stores what its last row left.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select

from pmstudy.db.convert import memory_from_row
from pmstudy.db.engine import make_engine
from pmstudy.db.models import CardRow, ReviewLogRow
from pmstudy.domain.model import Memory, Rating
from pmstudy.domain.scheduling import Scheduler, fuzz_rng

LOGGED = ("state", "step", "stability", "difficulty", "due")


def _logged(memory: Memory) -> tuple[object, ...]:
    return tuple(getattr(memory, name) for name in LOGGED)


def _side(row: object, side: str) -> tuple[object, ...]:
    return tuple(getattr(row, f"{name}_{side}") for name in LOGGED)


def broken_links(
    database: Path | str, scheduler_for: Callable[[int], Scheduler | None], *, seed: int = 1
) -> list[str]:
    """Every place the chain breaks (empty: no lost update) in a SQLite file or at a database
    URL. ``scheduler_for(row id)`` is the scheduler that answer used (None: do not recompute
    that row, e.g. a setup answer)."""
    engine = make_engine(database if isinstance(database, str) else f"sqlite:///{database}")
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
                if _logged(expected) != _side(row, "after"):
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
