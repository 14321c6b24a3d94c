"""SVG snapshots of every screen at 80x24 and 120x40 (tests/tui/screen_shots.py): review in
each state, the session summary, help, deck options, import, simulator, editor, statistics,
back-test, exams, the add-exam dialog and the first run.

Update the baselines with ``pytest tests/tui --snapshot-update`` after a deliberate change; look
at them as PNGs with ``python -m tests.tui.make_screenshots DIR snapshots``.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from tests.tui.screen_shots import SHOTS, Shot, steady

SnapCompare = Callable[..., bool]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("shot", SHOTS, ids=[shot.name for shot in SHOTS])
def test_screen(
    snap_compare: SnapCompare,
    request: pytest.FixtureRequest,
    shot: Shot,
    size: tuple[int, int],
) -> None:
    services: Services = request.getfixturevalue(shot.collection)
    app = PmStudyApp(services=services)
    assert snap_compare(app, terminal_size=size, run_before=steady(shot.steps))
