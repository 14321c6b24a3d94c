"""A synthetic learner's history in a real, migrated database: written once, copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmstudy.services.container import Services
from tests.tuning.support import HISTORY_NOW, services_at_history_end, write_synthetic_history

NOW = HISTORY_NOW


@pytest.fixture(scope="session")
def history_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding 300 cards answered over 250 days (seeded)."""
    data = tmp_path_factory.mktemp("backtest-history")
    write_synthetic_history(data)
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
    built = services_at_history_end(history_dir)
    yield built
    built.close()
