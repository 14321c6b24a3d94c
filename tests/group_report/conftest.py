"""The study group of ``support.py``, written once per session, copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.group_report.support import prepare_group


@pytest.fixture(scope="session")
def group_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three profiles, as their own pmstudy left them."""
    return prepare_group(tmp_path_factory.mktemp("group") / "data")


@pytest.fixture
def group_data(group_template: Path, tmp_path: Path) -> Path:
    """A copy of the group's data folder for one test."""
    data = tmp_path / "data"
    shutil.copytree(group_template, data)
    return data
