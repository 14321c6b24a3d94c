"""One learner profile used by two processes at once (two windows, or two machines on one
PostgreSQL): the scenarios shared by the SQLite and the PostgreSQL tests.

Every answer either process made is one row of the profile's review log (rows are told apart
by their duration, ``1000 + who`` ms), none is lost or doubled, and each card's stored memory
is the replay of its log (tests/system/memory_chain.py).
"""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from sqlalchemy import func, select

from pmstudy.clock import FixedClock
from pmstudy.db.engine import make_engine
from pmstudy.db.models import CardRow, DeckRow, NoteRow, ReviewLogRow
from pmstudy.domain.scheduling import DayClock, Scheduler
from pmstudy.services.container import build_services
from pmstudy.settings import Settings
from tests.system.edit_worker import EDIT_MARK, IMPORT_DECK, edit_and_import
from tests.system.memory_chain import broken_links
from tests.system.study_worker import START, study

DECK = "Scrum"
SECONDS = 5.0
SPEED = 300.0


def _scheduler(settings: Settings) -> Scheduler:
    """Room for every new card of the deck today; the scheduler the answers then use."""
    with build_services(settings, FixedClock(START), seed=1) as services:
        deck = next(n.id for n in services.study.deck_tree() if n.name == DECK)
        preset = services.presets.save(replace(services.presets.of_deck(deck), new_per_day=200))
    return Scheduler(preset, DayClock.named(settings.zone_name, settings.day_rollover_hour))


def _run(targets: list[tuple[object, tuple[object, ...]]]) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=t, args=a) for t, a in targets]  # type: ignore[arg-type]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0


def _tally(path: Path) -> tuple[int, int]:
    first, second = path.read_text().split()
    return int(first), int(second)


def _durations(settings: Settings) -> list[tuple[int, int]]:
    """(card id, duration) of every review-log row of the profile."""
    engine = make_engine(settings.url, schema=settings.pg_schema)
    try:
        with engine.connect() as connection:
            query = select(ReviewLogRow.card_id, ReviewLogRow.duration_ms)
            return [(c, d) for c, d in connection.execute(query)]
    finally:
        engine.dispose()


def two_students(settings: Settings, places: tuple[Path, Path], tmp: Path) -> None:
    """Two processes study the profile's deck at once, on the same cards: each answer is logged
    once, and an answer to a card the other process changed since is recomputed, not lost."""
    scheduler = _scheduler(settings)
    origin = time.time() + 8.0  # both processes built and waiting
    tallies = (tmp / "tally-1", tmp / "tally-2")
    _run(
        [
            (
                study,
                (
                    places[who - 1],
                    DECK,
                    origin,
                    SPEED,
                    SECONDS,
                    who,
                    settings.database_url,
                    settings.profile,
                    tallies[who - 1],
                ),
            )
            for who in (1, 2)
        ]
    )
    rows = _durations(settings)
    by_who = Counter(duration for _card, duration in rows)
    answers = [_tally(t) for t in tallies]
    # one row per answer each process made, and nothing else
    assert by_who == {1001: answers[0][0], 1002: answers[1][0]}
    assert min(a for a, _r in answers) >= 50
    # the two processes did answer the same cards, and one often from the other's result
    both = {c for c, d in rows if d == 1001} & {c for c, d in rows if d == 1002}
    assert len(both) >= 10
    assert sum(r for _a, r in answers) >= 5
    assert broken_links(settings.url, lambda _row: scheduler, schema=settings.pg_schema) == []


def study_beside_edits(settings: Settings, places: tuple[Path, Path], tmp: Path) -> None:
    """One process studies while the other edits the studied deck's notes and imports files:
    every answer, edit and imported note is there, and the memory chain holds."""
    scheduler = _scheduler(settings)
    origin = time.time() + 8.0
    studied, edited = tmp / "tally-study", tmp / "tally-edit"
    _run(
        [
            (
                study,
                (
                    places[0],
                    DECK,
                    origin,
                    SPEED,
                    SECONDS,
                    1,
                    settings.database_url,
                    settings.profile,
                    studied,
                ),
            ),
            (
                edit_and_import,
                (places[1], DECK, origin, SECONDS, edited, settings.database_url, settings.profile),
            ),
        ]
    )
    answers, _recomputed = _tally(studied)
    edits, imports = _tally(edited)
    assert answers >= 50
    assert edits >= 3
    assert imports >= 3
    assert Counter(d for _c, d in _durations(settings)) == {1001: answers}
    engine = make_engine(settings.url, schema=settings.pg_schema)
    try:
        with engine.connect() as connection:
            imported = connection.execute(
                select(func.count(CardRow.id))
                .join(DeckRow, DeckRow.id == CardRow.deck_id)
                .where(DeckRow.name == IMPORT_DECK)
            ).scalar_one()
            notes = connection.execute(select(NoteRow.fields)).scalars()
            extras = [fields.get("Extra", "") for fields in notes]
    finally:
        engine.dispose()
    assert imported == 20 * imports
    assert f"{EDIT_MARK} {edits - 1}" in extras  # the last edit is stored
    assert broken_links(settings.url, lambda _row: scheduler, schema=settings.pg_schema) == []
