"""Two windows on one SQLite file (the scenarios: concurrent_windows.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from pmstudy.clock import FixedClock
from pmstudy.services.container import Services, build_services
from pmstudy.settings import Settings
from tests.services import concurrent_windows as windows

Scenario = Callable[[Services, Services, Settings, FixedClock], None]


@pytest.fixture
def other(services: Services, settings: Settings, clock: FixedClock) -> Iterator[Services]:
    """A second window: its own Services (engine, caches) on the same file."""
    built = build_services(settings, clock, seed=1)
    yield built
    built.close()


@pytest.mark.parametrize(
    "scenario",
    [
        windows.answer_from_the_stored_memory,
        windows.undo_keeps_an_answer_built_on,
        windows.bury_undo_keeps_an_answer_made_since,
        windows.answer_while_a_reschedule_plans,
    ],
)
def test_two_windows_on_one_sqlite_file(
    scenario: Scenario,
    services: Services,
    other: Services,
    settings: Settings,
    clock: FixedClock,
) -> None:
    scenario(services, other, settings, clock)
