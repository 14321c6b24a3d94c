"""A synthetic learner's history in a real, migrated database: written once, copied per test."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmstudy.services.clock import FixedClock
from pmstudy.services.container import Services, build_services
from pmstudy.settings import Settings
from tests.tuning.support import write_history
from tests.tuning.synthetic import START, generate

NOW = START + dt.timedelta(days=250, hours=10)


@pytest.fixture(scope="session")
def history_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding 300 cards answered over 250 days (seeded)."""
    data = tmp_path_factory.mktemp("backtest-history")
    services = build_services(
        Settings(data_dir=data, timezone="UTC"), FixedClock(NOW), seed=1, sync_decks=False
    )
    write_history(services, generate(300, 250, seed=9))
    services.close()
    return data


@pytest.fixture
def history_dir(history_template: Path, tmp_path: Path) -> Path:
    """A copy of the template."""
    data = tmp_path / "history"
    shutil.copytree(history_template, data)
    return data


@pytest.fixture
def history_services(history_dir: Path) -> Iterator[Services]:
    """Services on the copy, the clock at the end of the history."""
    built = build_services(
        Settings(data_dir=history_dir, timezone="UTC"), FixedClock(NOW), seed=1, sync_decks=False
    )
    yield built
    built.close()
