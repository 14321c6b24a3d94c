"""Fixtures for the browser, editor and statistics tests.

Migrating a database takes a moment; the sample collection is built once per test session
and copied for every test that needs it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmstudy.clock import FixedClock
from pmstudy.services.container import Services, build_services
from pmstudy.settings import Settings
from tests.browse.support import Sample, make_sample
from tests.conftest import START

_SAMPLE: Sample | None = None


def _services(data_dir: Path, clock: FixedClock, timezone: str = "UTC") -> Services:
    settings = Settings(data_dir=data_dir, timezone=timezone)
    return build_services(settings, clock, seed=1, sync_decks=False)


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Sample]:
    """A database holding the sample collection (see tests/browse/support.py)."""
    data_dir = tmp_path_factory.mktemp("browse-sample")
    services = _services(data_dir, FixedClock(START))
    sample = make_sample(services)
    services.close()
    return data_dir, sample


@pytest.fixture
def sample_services(
    sample_template: tuple[Path, Sample], tmp_path: Path, clock: FixedClock
) -> Iterator[Services]:
    """Services over a fresh copy of the sample collection."""
    data_dir = tmp_path / "data"
    shutil.copytree(sample_template[0], data_dir)
    built = _services(data_dir, clock)
    yield built
    built.close()


@pytest.fixture
def sample(sample_template: tuple[Path, Sample]) -> Sample:
    """Card ids of the sample collection."""
    return sample_template[1]
