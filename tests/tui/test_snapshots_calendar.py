"""SVG snapshots of the dashboard's calendar dialog (k) with a break, an easy day and a normal
day set, and of the deck options scrolled to the easy days, at 80x24 and 120x40.

Update with ``pytest tests/tui/test_snapshots_calendar.py --snapshot-update``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from tests.tui.screen_shots import settle, steady

SnapCompare = Callable[..., bool]
SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


async def _calendar(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("k")
    await settle(pilot)


async def _easy_days(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("o")
    await settle(pilot)
    field = pilot.app.screen.query_one("#opt-easy_days", Input)
    field.focus()
    field.scroll_visible(animate=False)
    await settle(pilot)


@SIZES
def test_calendar_dialog(
    snap_compare: SnapCompare, services: Services, size: tuple[int, int]
) -> None:
    today = services.calendar.today()
    services.calendar.set_days([today + dt.timedelta(days=d) for d in range(30, 33)], 0.0)
    services.calendar.set_days([today + dt.timedelta(days=40)], 0.5)
    services.calendar.set_days([today + dt.timedelta(days=47)], 1.0)
    services.calendar.set_days([today - dt.timedelta(days=3)], 0.0)  # past: not listed
    app = PmStudyApp(services=services)
    assert snap_compare(app, terminal_size=size, run_before=steady(_calendar))


@SIZES
def test_deck_options_easy_days(
    snap_compare: SnapCompare, services: Services, size: tuple[int, int]
) -> None:
    first = services.study.deck_tree()[0]
    preset = services.presets.of_deck(first.id)
    assert preset.id is not None
    services.calendar.set_easy_days(preset.id, (1, 1, 1, 1, 1, 0.5, 0))
    app = PmStudyApp(services=services)
    assert snap_compare(app, terminal_size=size, run_before=steady(_easy_days))
