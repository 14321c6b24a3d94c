"""Collections prepared once per test session and copied for each test (imports take time)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmstudy.clock import FixedClock
from pmstudy.services.container import Services, build_services
from pmstudy.settings import Settings
from tests.conftest import START, anki_package


@pytest.fixture(scope="session")
def scrum_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with the bundled Scrum deck installed (as a first start leaves it)."""
    data_dir = tmp_path_factory.mktemp("io-scrum") / "data"
    build_services(Settings(data_dir=data_dir, timezone="UTC"), FixedClock(START), seed=1).close()
    return data_dir


@pytest.fixture
def scrum_services(scrum_template: Path, tmp_path: Path, clock: FixedClock) -> Iterator[Services]:
    """Services over a copy of the Scrum template."""
    data_dir = tmp_path / "data"
    shutil.copytree(scrum_template, data_dir)
    built = build_services(
        Settings(data_dir=data_dir, timezone="UTC"), clock, seed=1, sync_decks=False
    )
    yield built
    built.close()


@pytest.fixture
def second(tmp_path: Path, clock: FixedClock) -> Iterator[Services]:
    """Another, empty collection (to import an export into, or to compare with)."""
    built = build_services(
        Settings(data_dir=tmp_path / "second", timezone="UTC"), clock, seed=1, sync_decks=False
    )
    yield built
    built.close()


@pytest.fixture
def prepared(settings: Settings, clock: FixedClock) -> Settings:
    """A collection holding small.apkg (notes, history, media), every connection closed.

    No seed is passed, so the collection stores its own, as the CLI's does (else the CLI's
    first run would store one: a legitimate write that is no part of an import).
    """
    services = build_services(settings, clock, sync_decks=False)
    services.imports.import_file(anki_package())
    services.close()
    return settings
