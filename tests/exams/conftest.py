"""Exam tests share one prepared database (migrated, Scrum deck installed), copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmstudy.clock import FixedClock
from pmstudy.db.exams import ExamCards
from pmstudy.services.container import Services, build_services
from pmstudy.settings import Settings
from tests.conftest import START


@pytest.fixture(scope="session")
def starter_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory as a first start leaves it."""
    data = tmp_path_factory.mktemp("exams-template") / "data"
    build_services(Settings(data_dir=data, timezone="UTC"), FixedClock(START), seed=1).close()
    return data


@pytest.fixture
def services(starter_template: Path, tmp_path: Path, clock: FixedClock) -> Iterator[Services]:
    """Services on a copy of the prepared database (same as the global fixture, faster)."""
    data = tmp_path / "data"
    shutil.copytree(starter_template, data)
    built = build_services(Settings(data_dir=data, timezone="UTC"), clock, seed=1)
    yield built
    built.close()


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the card reads the exam service makes, in any service of the test: every card
    ("raw_columns") or the changed ones ("rows_of")."""
    made: list[str] = []
    for name in ("raw_columns", "rows_of"):
        original = getattr(ExamCards, name)

        def counted(
            self: ExamCards, *args: object, _name: str = name, _f: object = original
        ) -> object:
            made.append(_name)
            return _f(self, *args)  # type: ignore[operator]

        monkeypatch.setattr(ExamCards, name, counted)
    return made
