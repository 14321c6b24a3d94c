"""SVG snapshots of custom study at 80x24 and 120x40: the dialog from the dashboard (a search,
the flagged cards, an exam's weakest tasks and domains), from the browser (the marked cards),
from the exams screen (with its source list open), and the review screen over a preview.

Update with ``pytest tests/tui/test_snapshots_custom_study.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, Select

from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from tests.tui.screen_shots import settle, steady

SnapCompare = Callable[..., bool]
SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


async def _dashboard_dialog(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("c")
    await settle(pilot)


async def _browser_dialog(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("b")
    await settle(pilot)
    await pilot.press("space", "space", "space", "c")
    await settle(pilot)


async def _exams_dialog_list_open(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("x")
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)
    await pilot.press("enter")  # the source list opens
    await settle(pilot)


async def _preview_review(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("c")
    await settle(pilot)
    dialog = pilot.app.screen
    labels = [c.label for c in dialog.choices]  # type: ignore[attr-defined]
    dialog.query_one("#custom-source", Select).value = labels.index("Flagged cards")
    dialog.query_one("#custom-reschedule", Checkbox).value = False
    dialog.query_one("#custom-new", Checkbox).value = True
    await pilot.press("ctrl+s")
    await settle(pilot)
    await pilot.press("space")  # the answer and the preview's intervals
    await settle(pilot)


@pytest.fixture
def with_exam(scrum_services: Services) -> Services:
    """The Scrum deck, a PSM I exam on it, two flagged cards."""
    scrum_services.exams.add("psm-1", "2027-01-20")
    ids = scrum_services.browser.search("deck:Scrum").ids
    scrum_services.browser.set_flag([ids[0], ids[5]], 1)
    return scrum_services


@SIZES
def test_dashboard_custom_study_dialog(
    snap_compare: SnapCompare, with_exam: Services, size: tuple[int, int]
) -> None:
    app = PmStudyApp(services=with_exam)
    assert snap_compare(app, terminal_size=size, run_before=steady(_dashboard_dialog))


@SIZES
def test_browser_custom_study_dialog(
    snap_compare: SnapCompare, with_exam: Services, size: tuple[int, int]
) -> None:
    app = PmStudyApp(services=with_exam)
    assert snap_compare(app, terminal_size=size, run_before=steady(_browser_dialog))


@SIZES
def test_exams_custom_study_sources(
    snap_compare: SnapCompare, with_exam: Services, size: tuple[int, int]
) -> None:
    app = PmStudyApp(services=with_exam)
    assert snap_compare(app, terminal_size=size, run_before=steady(_exams_dialog_list_open))


@SIZES
def test_custom_study_preview_review(
    snap_compare: SnapCompare, with_exam: Services, size: tuple[int, int]
) -> None:
    app = PmStudyApp(services=with_exam)
    assert snap_compare(app, terminal_size=size, run_before=steady(_preview_review))
