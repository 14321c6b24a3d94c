"""Optimistic concurrency on card memory, on PostgreSQL: two windows in one process (the
scenarios of tests/services/concurrent_windows.py) and two processes racing on one database."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from pmstudy.clock import FixedClock
from pmstudy.domain.scheduling import DayClock, Scheduler
from pmstudy.services.container import Services, build_services
from pmstudy.settings import Settings
from tests.services import concurrent_windows as windows
from tests.system.memory_chain import broken_links
from tests.system.study_worker import START, study

Scenario = Callable[[Services, Services, Settings, FixedClock], None]


@pytest.mark.parametrize(
    "scenario",
    [
        windows.answer_from_the_stored_memory,
        windows.undo_keeps_an_answer_built_on,
        windows.bury_undo_keeps_an_answer_made_since,
        windows.answer_while_a_reschedule_plans,
    ],
)
def test_two_windows_on_one_postgres_database(
    scenario: Scenario, pg_url: str, tmp_path: Path
) -> None:
    clock = FixedClock(dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC))
    settings = Settings(data_dir=tmp_path, database_url=pg_url, timezone="UTC")
    with (
        build_services(settings, clock, seed=1) as services,
        build_services(settings, clock, seed=1) as other,
    ):
        scenario(services, other, settings, clock)


@pytest.mark.slow
def test_two_processes_on_postgres_lose_no_update(pg_url: str, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=pg_url, timezone="UTC")
    with build_services(settings, FixedClock(START), seed=1) as services:
        deck = next(n.id for n in services.study.deck_tree() if n.name == "Scrum")
        preset = services.presets.save(replace(services.presets.of_deck(deck), new_per_day=200))
    origin = time.time() + 8.0  # both processes built and waiting
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(
            target=study, args=(tmp_path / f"w{who}", "Scrum", origin, 300.0, 5.0, who, pg_url)
        )
        for who in (1, 2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    scheduler = Scheduler(preset, DayClock.named(settings.zone_name, settings.day_rollover_hour))
    assert broken_links(pg_url, lambda _row: scheduler) == []
