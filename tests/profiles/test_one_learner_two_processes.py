"""One SQLite learner profile (``--profile ana``) studied by two processes at once, and studied
while another process edits and imports (the scenarios: tests/system/one_learner.py). The
default profile's file is not touched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pmstudy.settings import Settings
from tests.system import one_learner

Scenario = Callable[[Settings, tuple[Path, Path], Path], None]


@pytest.mark.slow
@pytest.mark.parametrize("scenario", [one_learner.two_students, one_learner.study_beside_edits])
def test_one_profile_in_two_processes_on_sqlite(scenario: Scenario, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    settings = Settings(data_dir=data_dir, profile="ana", timezone="UTC")
    scenario(settings, (data_dir, data_dir), tmp_path)
    assert settings.sqlite_path == data_dir / "profiles" / "ana" / "pmstudy.sqlite3"
    assert not (data_dir / "pmstudy.sqlite3").exists()
