"""SVG snapshots of the group report at 80x24 and 120x40: its top (every learner at a glance)
and its end (the group's weakest tasks), over the study group of tests/group_report.

Update with ``pytest tests/tui/test_snapshots_group.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from pmstudy.services.container import Services
from pmstudy.tui.screens.group_report import GroupReportScreen
from tests.tui.group_data import group_tui_template, trainer_services
from tests.tui.screen_shots import settle, steady
from tests.tui.test_stats_screen import Host

__all__ = ["group_tui_template", "trainer_services"]  # the fixtures

SnapCompare = Callable[..., bool]
SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


async def _to_the_end(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("end")
    await settle(pilot)


@SIZES
def test_group_report_top(
    snap_compare: SnapCompare, trainer_services: Services, size: tuple[int, int]
) -> None:
    app = Host(GroupReportScreen(trainer_services))
    assert snap_compare(app, terminal_size=size, run_before=steady(settle))


@SIZES
def test_group_report_end(
    snap_compare: SnapCompare, trainer_services: Services, size: tuple[int, int]
) -> None:
    app = Host(GroupReportScreen(trainer_services))
    assert snap_compare(app, terminal_size=size, run_before=steady(_to_the_end))
