"""SVG snapshots (issue 21): the exams screen with no exam, and a session summary with the graded
accuracy and the exam domains, at 80x24 and 120x40.

Update the baselines with ``pytest tests/tui --snapshot-update`` after a deliberate change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from tests.tui.support import open_deck

SnapCompare = Callable[..., bool]
SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


@SIZES
def test_exams_with_no_exam(
    snap_compare: SnapCompare, services: Services, size: tuple[int, int]
) -> None:
    async def open_exams(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()

    assert snap_compare(PmStudyApp(services=services), terminal_size=size, run_before=open_exams)


@SIZES
def test_session_summary(
    snap_compare: SnapCompare, mock_services: Services, size: tuple[int, int]
) -> None:
    async def answer_two(pilot: Pilot[Any]) -> None:
        review = await open_deck(pilot, "Sample::Mock")
        for want_right in (True, False, True):
            attempt = review.attempt
            assert attempt is not None
            choices = attempt.face.rendered.choices
            pick = next(c.letter for c in choices if c.correct is want_right)
            await pilot.press(pick.lower(), "enter", "enter")
        await pilot.press("escape")
        await pilot.pause()

    app = PmStudyApp(services=mock_services)
    assert snap_compare(app, terminal_size=size, run_before=answer_two)
