"""SVG snapshots of the dashboard, a revealed card and the mock-exam screens
(pytest-textual-snapshot).

Update the baselines with ``pytest tests/tui --snapshot-update`` after a deliberate change.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from tests.tui.conftest import DECKS
from tests.tui.mock_screenshots import MOCK_SHOTS
from tests.tui.screen_shots import steady
from tests.tui.support import SIZE, open_deck

SnapCompare = Callable[..., bool]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_dashboard(
    snap_compare: SnapCompare, services: Services, tmp_path: Path, size: tuple[int, int]
) -> None:
    """The deck table fits (a long name ends in an ellipsis) and so does the footer."""
    text = (DECKS / "basics.toml").read_text(encoding="utf-8")
    text = text.replace('id = "tui-basics"', 'id = "tui-long"')
    long = "PMP Question Bank::Agile and Hybrid Approaches to Delivery in Practice"
    path = tmp_path / "long.toml"
    path.write_text(text.replace('"Sample::Basics"', f'"{long}"'), encoding="utf-8")
    services.decks.import_file(path)
    assert snap_compare(PmStudyApp(services=services), terminal_size=size)


def test_review_with_the_answer_shown(snap_compare: SnapCompare, services: Services) -> None:
    async def reveal(pilot: Pilot[Any]) -> None:
        await open_deck(pilot, "Sample::Basics")
        await pilot.press("space")

    assert snap_compare(PmStudyApp(services=services), terminal_size=SIZE, run_before=reveal)


def test_multiple_choice_after_a_wrong_pick(snap_compare: SnapCompare, services: Services) -> None:
    async def pick_wrong(pilot: Pilot[Any]) -> None:
        review = await open_deck(pilot, "Sample::Choice")
        face = review.card_view.face
        assert face is not None
        wrong = next(c.letter for c in face.rendered.choices if not c.correct)
        await pilot.press(wrong.lower(), "enter")

    assert snap_compare(PmStudyApp(services=services), terminal_size=SIZE, run_before=pick_wrong)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("shot", [name for name, _ in MOCK_SHOTS])
def test_mock_screens(
    snap_compare: SnapCompare, mock_services: Services, shot: str, size: tuple[int, int]
) -> None:
    """The mock start screen, the practice-set dialog, a mock under way, its item navigator, its
    break, its results, the item review and the history (of the twelve test items: the bundled
    CAPM deck changes as its content is written)."""
    steps = steady(dict(MOCK_SHOTS)[shot])
    assert snap_compare(PmStudyApp(services=mock_services), terminal_size=size, run_before=steps)
