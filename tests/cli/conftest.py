"""Data folders for the mock and readiness commands, prepared once per test session and copied
for each test: the Scrum deck with a PSM I exam booked, with or without a finished mock."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pmstudy.clock import FixedClock
from pmstudy.services.container import build_services
from pmstudy.settings import Settings
from tests.cli.mock_sitting import sit_mock
from tests.conftest import START

# The commands run two hours after START: after the mock, the same study day.
LATER = "2026-11-22T11:00:00+00:00"


def _prepare(data: Path, *, mock: bool) -> Path:
    clock = FixedClock(START)
    services = build_services(Settings(data_dir=data, timezone="UTC"), clock, seed=1)
    try:
        services.exams.add("psm-1", "2027-01-10")
        if mock:
            sit_mock(services, clock, wrong=3, blank=2)
    finally:
        services.close()
    return data


@pytest.fixture(scope="session")
def booked_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Scrum installed, PSM I booked for 2027-01-10, no mock."""
    return _prepare(tmp_path_factory.mktemp("booked") / "data", mock=False)


@pytest.fixture(scope="session")
def mocked_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """As ``booked_template``, plus mock 1: all right but 3 wrong and the last 2 blank, 20 s an
    answer, ended by the clock."""
    return _prepare(tmp_path_factory.mktemp("mocked") / "data", mock=True)


def use_data(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of ``template`` that the commands use (environment), at ``LATER``, in UTC."""
    data = tmp_path / "data"
    shutil.copytree(template, data)
    monkeypatch.setenv("PMSTUDY_DATA_DIR", str(data))
    monkeypatch.setenv("PMSTUDY_NOW", LATER)
    monkeypatch.setenv("PMSTUDY_TIMEZONE", "UTC")
    monkeypatch.delenv("PMSTUDY_DATABASE_URL", raising=False)
    return data


@pytest.fixture
def booked(booked_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The commands' data folder: PSM I booked, no mock."""
    return use_data(booked_template, tmp_path, monkeypatch)


@pytest.fixture
def mocked(mocked_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The commands' data folder: PSM I booked, one finished mock."""
    return use_data(mocked_template, tmp_path, monkeypatch)
