"""SVG snapshots of the plan-driven day at 80x24 and 120x40: the dashboard with a deck under
its exam plan ('New by' plan) and one with the learner's number for today, the t dialog, the
exams screen's f dialog (final pass, plan option) and the workload simulator's advice for the
exam the deck serves.

Update with ``pytest tests/tui/test_snapshots_plan_day.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from tests.tui.screen_shots import settle, steady

SnapCompare = Callable[..., bool]
SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


def _plan(services: Services) -> None:
    services.exams.add("psm-1", "2027-01-21", final_pass_days=7)


async def _dashboard(pilot: Pilot[Any]) -> None:
    await settle(pilot)


async def _today_dialog(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("t")
    await settle(pilot)


async def _goal_options(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("x")
    await settle(pilot)
    await pilot.press("f")
    await settle(pilot)


async def _simulator_advice(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("w")
    await settle(pilot)
    screen = pilot.app.screen
    screen.query_one("#sim-days").value = "60"  # type: ignore[attr-defined]
    await pilot.press("ctrl+r")
    await settle(pilot)
    result = screen.query_one("#sim-result")
    result.scroll_visible(animate=False)
    await settle(pilot)


@SIZES
def test_dashboard_under_the_plan(
    snap_compare: SnapCompare, scrum_services: Services, size: tuple[int, int]
) -> None:
    _plan(scrum_services)
    app = PmStudyApp(services=scrum_services)
    assert snap_compare(app, terminal_size=size, run_before=steady(_dashboard))


@SIZES
def test_todays_number_dialog(
    snap_compare: SnapCompare, scrum_services: Services, size: tuple[int, int]
) -> None:
    _plan(scrum_services)
    app = PmStudyApp(services=scrum_services)
    assert snap_compare(app, terminal_size=size, run_before=steady(_today_dialog))


@SIZES
def test_dashboard_with_todays_number(
    snap_compare: SnapCompare, scrum_services: Services, size: tuple[int, int]
) -> None:
    _plan(scrum_services)
    scrum_services.study.set_new_limit_today("Scrum", 30)
    app = PmStudyApp(services=scrum_services)
    assert snap_compare(app, terminal_size=size, run_before=steady(_dashboard))


@SIZES
def test_goal_options_dialog(
    snap_compare: SnapCompare, scrum_services: Services, size: tuple[int, int]
) -> None:
    _plan(scrum_services)
    app = PmStudyApp(services=scrum_services)
    assert snap_compare(app, terminal_size=size, run_before=steady(_goal_options))


@SIZES
def test_simulator_advice_for_the_exam(
    snap_compare: SnapCompare, scrum_services: Services, size: tuple[int, int]
) -> None:
    _plan(scrum_services)
    app = PmStudyApp(services=scrum_services)
    assert snap_compare(app, terminal_size=size, run_before=steady(_simulator_advice))
