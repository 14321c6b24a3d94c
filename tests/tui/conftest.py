"""Fixtures for the TUI tests: services on a copy of a prepared database, a fixed clock.

Migrating and importing takes about a second, so each kind of database is prepared once per
test session and copied for every test.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmstudy.clock import FixedClock
from pmstudy.services.container import Services, build_services
from pmstudy.services.decks import ExamChoice
from pmstudy.settings import Settings

START = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)
DECKS = Path(__file__).parent / "decks"
SAMPLE_DECKS = ("basics", "typing", "choice", "multi", "markup")


def make_services(data_dir: Path, clock: FixedClock, *, sync_decks: bool) -> Services:
    """Services on ``data_dir`` with the test clock and seed."""
    settings = Settings(data_dir=data_dir, timezone="UTC")
    return build_services(settings, clock, seed=1, sync_decks=sync_decks)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests in a fresh event loop (no async plugin is needed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding only the small test decks in tests/tui/decks."""
    data_dir = tmp_path_factory.mktemp("sample-template")
    services = make_services(data_dir, FixedClock(START), sync_decks=False)
    for name in SAMPLE_DECKS:
        services.decks.import_file(DECKS / f"{name}.toml")
    services.decks.choose_exams([])  # past the first-run question
    services.close()
    return data_dir


@pytest.fixture(scope="session")
def scrum_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database as a first start leaves it: the bundled Scrum deck installed."""
    data_dir = tmp_path_factory.mktemp("scrum-template")
    services = make_services(data_dir, FixedClock(START), sync_decks=True)
    services.decks.choose_exams([])  # past the first-run question
    services.close()
    return data_dir


@pytest.fixture(scope="session")
def mock_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding twelve CAPM exam items (tests/tui/decks/mock.toml), each of a task: a
    shortened CAPM mock of two sections of six, a 10-minute break between them, 15 minutes in
    all (and a type-in card that no mock asks)."""
    data_dir = tmp_path_factory.mktemp("mock-template")
    services = make_services(data_dir, FixedClock(START), sync_decks=False)
    services.decks.import_file(DECKS / "mock.toml")
    services.decks.choose_exams([])  # past the first-run question
    services.close()
    return data_dir


def _copy(template: Path, tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    shutil.copytree(template, data_dir)
    return data_dir


@pytest.fixture
def services(sample_template: Path, tmp_path: Path, clock: FixedClock) -> Iterator[Services]:
    """Services over the test decks (Sample::Basics, ::Typing, ::Choice, ::Multi, ::Markup)."""
    built = make_services(_copy(sample_template, tmp_path), clock, sync_decks=False)
    yield built
    built.close()


@pytest.fixture
def scrum_services(scrum_template: Path, tmp_path: Path, clock: FixedClock) -> Iterator[Services]:
    """Services over the bundled Scrum deck."""
    built = make_services(_copy(scrum_template, tmp_path), clock, sync_decks=True)
    yield built
    built.close()


@pytest.fixture
def mock_data(mock_template: Path, tmp_path: Path) -> Path:
    """A copy of the mock template's data folder (tests reopen it to resume a mock)."""
    return _copy(mock_template, tmp_path)


@pytest.fixture
def mock_services(mock_data: Path, clock: FixedClock) -> Iterator[Services]:
    """Services over the twelve CAPM exam items of ``mock_template``."""
    built = make_services(mock_data, clock, sync_decks=False)
    yield built
    built.close()


# What the first run offers, fixed: the bundled decks' note counts change as content is written.
FIRST_RUN_CHOICES = [
    ExamChoice("capm", "CAPM (ECO 2023)", "current", ("CAPM",), 300),
    ExamChoice("csm", "Certified ScrumMaster (CSM)", "current", ("Scrum",), 160),
    ExamChoice("pmp-2026", "PMP (ECO July 2026)", "current", ("PMP",), 600),
    ExamChoice("prince2-7-foundation", "PRINCE2 7 Foundation", "current", ("PRINCE2 7",), 180),
    ExamChoice("psm-1", "Professional Scrum Master I (PSM I)", "current", ("Scrum",), 160),
    ExamChoice("pmp-2021", "PMP (ECO 2021, legacy)", "retired", ("PMP",), 600),
]


@pytest.fixture
def fresh_services(tmp_path: Path, clock: FixedClock) -> Iterator[Services]:
    """Services on an empty data folder: no deck, no exam chosen (the first run), the exams
    offered fixed (``FIRST_RUN_CHOICES``)."""
    built = make_services(tmp_path / "fresh", clock, sync_decks=False)
    built.decks.exam_choices = lambda: list(FIRST_RUN_CHOICES)  # type: ignore[method-assign]
    yield built
    built.close()
