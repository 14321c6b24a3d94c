"""SVG snapshots of the dashboard's deck-action dialogs at 80x24 and 120x40: rename (refused,
with what was typed), delete (what goes, the exam it unlinks), move, exam links, export.

Update the baselines with ``pytest tests/tui --snapshot-update`` after a deliberate change.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from tests.tui.screen_shots import steady
from tests.tui.test_deck_actions import on_deck, settle

SnapCompare = Callable[..., bool]
SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


def _on(name: str, *keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run(pilot: Pilot[Any]) -> None:
        await on_deck(pilot, name, *keys)

    return steady(run)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder of its own (the export dialog offers ~/Downloads)."""
    folder = tmp_path / "home"
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return folder


@SIZES
def test_rename_refused(
    snap_compare: SnapCompare, services: Services, size: tuple[int, int]
) -> None:
    async def refused(pilot: Pilot[Any]) -> None:
        await on_deck(pilot, "Sample::Basics", "n")
        pilot.app.screen.query_one(Input).value = "Sample::Typing"
        await pilot.press("enter")
        await settle(pilot)

    app = PmStudyApp(services=services)
    assert snap_compare(app, terminal_size=size, run_before=steady(refused))


@SIZES
def test_delete(snap_compare: SnapCompare, services: Services, size: tuple[int, int]) -> None:
    services.exams.add("psm-1", "2027-01-10", decks=["Sample::Basics", "Sample::Typing"])
    app = PmStudyApp(services=services)
    assert snap_compare(app, terminal_size=size, run_before=_on("Sample::Basics", "d"))


@SIZES
def test_move(snap_compare: SnapCompare, services: Services, size: tuple[int, int]) -> None:
    app = PmStudyApp(services=services)
    assert snap_compare(app, terminal_size=size, run_before=_on("Sample::Typing", "v"))


@SIZES
def test_exam_links(snap_compare: SnapCompare, services: Services, size: tuple[int, int]) -> None:
    services.exams.add("psm-1", "2027-01-10", decks=["Sample"])
    services.exams.add("capm", "2027-03-01", decks=["Sample::Basics", "Sample::Typing"])
    app = PmStudyApp(services=services)
    assert snap_compare(app, terminal_size=size, run_before=_on("Sample::Basics", "l"))


@SIZES
def test_export(
    snap_compare: SnapCompare, services: Services, home: Path, size: tuple[int, int]
) -> None:
    app = PmStudyApp(services=services)
    assert snap_compare(app, terminal_size=size, run_before=_on("Sample::Basics", "e"))
