"""Services for the learner-profile tests: the Scrum database as profile "ana", with a second
profile "ben" made on the same machine and no default database."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmstudy.clock import FixedClock
from pmstudy.services.container import Services, build_services
from pmstudy.settings import Settings


@pytest.fixture
def ana_services(scrum_template: Path, tmp_path: Path, clock: FixedClock) -> Iterator[Services]:
    """Services on profile "ana" (a copy of the Scrum database); "ben" exists beside it."""
    data = tmp_path / "data"
    shutil.copytree(scrum_template, data / "profiles" / "ana")
    (data / "profiles" / "ben").mkdir()
    settings = Settings(data_dir=data, timezone="UTC", profile="ana")
    built = build_services(settings, clock, seed=1, sync_decks=True)
    yield built
    built.close()
