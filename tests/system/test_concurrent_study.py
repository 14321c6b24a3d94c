"""Two processes study one SQLite file: no answer is computed from, or written over, a card
state another process changed (optimistic concurrency on card memory)."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from pmstudy.clock import FixedClock
from pmstudy.db.engine import make_engine
from pmstudy.db.models import ReviewLogRow
from pmstudy.domain.model import CardState, Rating
from pmstudy.domain.scheduling import DayClock, Scheduler
from pmstudy.services.container import build_services
from pmstudy.settings import Settings
from tests.system.memory_chain import broken_links
from tests.system.study_worker import START, study

ROOT = Path(__file__).resolve().parents[2]
DECK = "Scrum"


def _settings(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir, timezone="UTC")


def _days(settings: Settings) -> DayClock:
    return DayClock.named(settings.zone_name, settings.day_rollover_hour)


@pytest.mark.slow
def test_two_processes_answering_the_same_cards_lose_no_update(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    settings = _settings(data_dir)
    services = build_services(settings, FixedClock(START), seed=1)
    deck = next(n.id for n in services.study.deck_tree() if n.name == DECK)
    preset = services.presets.save(replace(services.presets.of_deck(deck), new_per_day=200))
    services.close()
    origin = time.time() + 8.0  # both processes built and waiting
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=study, args=(data_dir, DECK, origin, 300.0, 5.0, who))
        for who in (1, 2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    scheduler = Scheduler(preset, _days(settings))
    database = data_dir / "pmstudy.sqlite3"
    engine = make_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        log = connection.execute(select(ReviewLogRow.card_id)).scalars().all()
    engine.dispose()
    # the processes did answer the same cards again and again
    assert len(log) - len(set(log)) >= 50
    assert broken_links(database, lambda _row: scheduler) == []


@pytest.mark.slow
def test_a_reschedule_in_another_process_is_not_overwritten_by_an_open_session(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "data"
    settings = _settings(data_dir)
    clock = FixedClock(START)
    services = build_services(settings, clock, seed=1)
    deck = next(n.id for n in services.study.deck_tree() if n.name == DECK)
    old = services.presets.save(replace(services.presets.of_deck(deck), new_per_day=40))
    session = services.study.start(deck)
    while session.next_card() is not None:
        session.answer(Rating.EASY, duration_ms=1000)
    setup_rows = _row_count(data_dir)
    clock.advance(days=30)
    new = services.presets.save(replace(old, desired_retention=0.75))
    session = services.study.start(deck)  # reads every due card ahead
    assert session.counts().review >= 20
    now = clock.now().isoformat()
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        PMSTUDY_DATA_DIR=str(data_dir),
        PMSTUDY_NOW=now,
        PMSTUDY_TIMEZONE="UTC",
    )
    env.pop("PMSTUDY_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "pmstudy", "reschedule"],
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    rescheduled = _manual_cards(data_dir)
    assert len(rescheduled) >= 20
    clock.advance(minutes=1)
    results = []
    while session.next_card() is not None:
        results.append(session.answer(Rating.GOOD, duration_ms=1000))
    reviewed = [r for r in results if r.after.state == CardState.REVIEW]
    assert len(reviewed) >= 20
    # the session noticed every card the reschedule moved, and only those
    assert {r.card_id for r in results if r.recomputed} == rescheduled & {
        r.card_id for r in results
    }
    assert len([r for r in results if r.recomputed]) >= 20
    setup = Scheduler(old, _days(settings))
    current = Scheduler(new, _days(settings))
    database = data_dir / "pmstudy.sqlite3"
    assert broken_links(database, lambda row: setup if row <= setup_rows else current) == []
    services.close()


def _manual_cards(data_dir: Path) -> set[int]:
    engine = make_engine(f"sqlite:///{data_dir / 'pmstudy.sqlite3'}")
    try:
        with engine.connect() as connection:
            query = select(ReviewLogRow.card_id).where(ReviewLogRow.rating == Rating.MANUAL)
            return set(connection.execute(query).scalars())
    finally:
        engine.dispose()


def _row_count(data_dir: Path) -> int:
    engine = make_engine(f"sqlite:///{data_dir / 'pmstudy.sqlite3'}")
    try:
        with engine.connect() as connection:
            return len(connection.execute(select(ReviewLogRow.id)).all())
    finally:
        engine.dispose()
