"""SVG snapshots of the dashboard and of a revealed card (pytest-textual-snapshot).

Update the baselines with ``pytest tests/tui --snapshot-update`` after a deliberate change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from tests.tui.support import SIZE, open_deck

SnapCompare = Callable[..., bool]


def test_dashboard(snap_compare: SnapCompare, services: Services) -> None:
    assert snap_compare(PmStudyApp(services=services), terminal_size=SIZE)


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
