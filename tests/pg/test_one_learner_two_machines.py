"""One learner on two machines against the shared PostgreSQL: two processes, each with its own
data directory (a machine), connect as the learner's own role (``pmstudy_ana``, made by
``pmstudy group add-learner ana``) to the profile ``ana`` and study at once, or study while
the other edits and imports (the scenarios: tests/system/one_learner.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pmstudy.settings import Settings
from tests.pg.test_learner_profiles import as_user, pmstudy
from tests.system import one_learner

Scenario = Callable[[Settings, tuple[Path, Path], Path], None]


@pytest.mark.slow
@pytest.mark.parametrize("scenario", [one_learner.two_students, one_learner.study_beside_edits])
def test_one_profile_from_two_machines_on_postgres(
    scenario: Scenario, pg_url: str, tmp_path: Path
) -> None:
    added = pmstudy(pg_url, tmp_path / "owner", "group", "add-learner", "ana")
    assert added.returncode == 0, added.stderr
    ana = as_user(pg_url, "pmstudy_ana")
    settings = Settings(
        data_dir=tmp_path / "setup", database_url=ana, profile="ana", timezone="UTC"
    )
    scenario(settings, (tmp_path / "laptop", tmp_path / "desktop"), tmp_path)
    assert settings.pg_schema == "learner_ana"
