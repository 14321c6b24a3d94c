"""The study group of tests/group_report/support.py for the group report screen: the services
the app holds are the trainer's own (the data directory's default profile, no deck)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmstudy.clock import FixedClock
from pmstudy.services.container import Services, build_services
from pmstudy.settings import Settings
from tests.group_report.support import LATER, prepare_group


@pytest.fixture(scope="session")
def group_tui_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ana, ben and carl (schema 0009), written once."""
    return prepare_group(tmp_path_factory.mktemp("group-tui") / "data")


@pytest.fixture
def trainer_services(group_tui_template: Path, tmp_path: Path) -> Iterator[Services]:
    """The trainer's services on a copy of the group's data folder, at ``LATER``."""
    data = tmp_path / "data"
    shutil.copytree(group_tui_template, data)
    settings = Settings(data_dir=data, timezone="UTC")
    built = build_services(settings, FixedClock(LATER), seed=1, sync_decks=False)
    yield built
    built.close()
