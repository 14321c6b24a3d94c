"""SVG snapshots of the card browser and its key help at 80x24 and 120x40 (issue 21: the
footer, the columns and the help's "Where" column were cut).

Update the baselines with ``pytest tests/tui --snapshot-update`` after a deliberate change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp

SnapCompare = Callable[..., bool]
SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


async def settle(pilot: Pilot[Any]) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def open_browser(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.app.run_action("screen.browse")
    await settle(pilot)


@SIZES
def test_browser(snap_compare: SnapCompare, services: Services, size: tuple[int, int]) -> None:
    assert snap_compare(PmStudyApp(services=services), terminal_size=size, run_before=open_browser)


@SIZES
def test_browser_help(snap_compare: SnapCompare, services: Services, size: tuple[int, int]) -> None:
    async def help_of_the_browser(pilot: Pilot[Any]) -> None:
        await open_browser(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(
        PmStudyApp(services=services), terminal_size=size, run_before=help_of_the_browser
    )
