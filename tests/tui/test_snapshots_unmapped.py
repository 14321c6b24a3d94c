"""SVG snapshots (issue 17): the exams screen with a linked deck not on the blueprint yet (no
card of it mapped: a sentence instead of figures) and beside a mapped one (the figures, then the
deck's unmapped cards and what maps them), at 80x24 and 120x40.

Update the baselines with ``pytest tests/tui --snapshot-update`` after a deliberate change.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from pmstudy.domain.cards import ImportOptions
from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.widgets.readiness import ExamReadiness
from pmstudy.tui.widgets.readiness_view import CLASSIFY_HINT
from tests.tui.screen_shots import settle, steady
from tests.tui.support import screen_text

SnapCompare = Callable[..., bool]
SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
DECK = "My [b]Quiz[/b]"  # deck names are shown as written, never as markup


def _own_deck(services: Services, tmp_path: Path) -> None:
    """A learner's own export: 14 notes with no exam tag."""
    path = tmp_path / "export.tsv"
    path.write_text("".join(f"term {i}?\tmeaning {i}\n" for i in range(14)), encoding="utf-8")
    services.imports.import_file(path, ImportOptions(deck=DECK))


async def _open_exams(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("x")
    await settle(pilot)


@SIZES
def test_exams_with_only_an_unmapped_deck(
    snap_compare: SnapCompare, mock_services: Services, tmp_path: Path, size: tuple[int, int]
) -> None:
    _own_deck(mock_services, tmp_path)
    mock_services.exams.add("capm", "2027-02-15", decks=[DECK])
    app = PmStudyApp(services=mock_services)
    assert snap_compare(app, terminal_size=size, run_before=steady(_open_exams))


@SIZES
def test_exams_with_a_mapped_and_an_unmapped_deck(
    snap_compare: SnapCompare, mock_services: Services, tmp_path: Path, size: tuple[int, int]
) -> None:
    _own_deck(mock_services, tmp_path)
    mock_services.exams.add("capm", "2027-02-15", decks=[DECK, "Sample::Mock"])
    app = PmStudyApp(services=mock_services)
    assert snap_compare(app, terminal_size=size, run_before=steady(_open_exams))


async def test_the_panel_names_the_deck_and_the_fix(
    mock_services: Services, tmp_path: Path
) -> None:
    _own_deck(mock_services, tmp_path)
    mock_services.exams.add("capm", "2027-02-15", decks=[DECK])
    app = PmStudyApp(services=mock_services)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_exams(pilot)
        text = screen_text(app)
        # the exams screen has a classify key (c) and names it
        assert f"{DECK}: 14 cards not on the blueprint yet — press c to classify" in text
        assert "No readiness figure yet" in text
        assert "Whole exam" not in text  # no figure without a mapped card
        # a screen without one names the screen
        panel = app.screen.query_one(ExamReadiness)
        panel.classify_hint = CLASSIFY_HINT
        panel.refresh()
        await settle(pilot)
        assert f"{DECK}: 14 cards not on the blueprint yet — {CLASSIFY_HINT}" in screen_text(app)
