"""SVG snapshots of the learner profile at 80x24 and 120x40: the dashboard's header naming
the learner, and the "Switch learner profile…" dialog.

Update with ``pytest tests/tui/test_snapshots_profiles.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from tests.tui.profile_data import ana_services
from tests.tui.screen_shots import settle, steady

__all__ = ["ana_services"]  # the fixture

SnapCompare = Callable[..., bool]
SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


async def _switcher(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, PmStudyApp)
    app.action_switch_profile()
    await settle(pilot)


@SIZES
def test_dashboard_names_the_learner(
    snap_compare: SnapCompare, ana_services: Services, size: tuple[int, int]
) -> None:
    app = PmStudyApp(services=ana_services)
    assert snap_compare(app, terminal_size=size, run_before=steady(settle))


@SIZES
def test_switch_profile_dialog(
    snap_compare: SnapCompare, ana_services: Services, size: tuple[int, int]
) -> None:
    app = PmStudyApp(services=ana_services)
    assert snap_compare(app, terminal_size=size, run_before=steady(_switcher))
