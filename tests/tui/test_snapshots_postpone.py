"""SVG snapshots of postpone / advance / break at 80x24 and 120x40: the dashboard's p menu, the
preview of a postpone and of a break (cards moved, daily loads before and after), and the
browser's p prompt.

Update the baselines with ``pytest tests/tui --snapshot-update`` after a deliberate change.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.browser import BrowserScreen
from tests.tui.screen_shots import steady
from tests.tui.test_browser import Host
from tests.tui.test_deck_actions import on_deck, settle
from tests.tui.test_postpone import DECK, studied  # noqa: F401 (the fixture)

SnapCompare = Callable[..., bool]
SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


def _steps(*keys: str, value: str | None = None) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run(pilot: Pilot[Any]) -> None:
        await on_deck(pilot, DECK, *keys)
        if value is not None:
            pilot.app.screen.query_one(Input).value = value
            await pilot.press("enter")
            await settle(pilot)

    return steady(run)


@SIZES
def test_menu(snap_compare: SnapCompare, studied: Services, size: tuple[int, int]) -> None:  # noqa: F811
    app = PmStudyApp(services=studied)
    assert snap_compare(app, terminal_size=size, run_before=_steps("p"))


@SIZES
def test_postpone_preview(
    snap_compare: SnapCompare,
    studied: Services,  # noqa: F811
    size: tuple[int, int],
) -> None:
    app = PmStudyApp(services=studied)
    assert snap_compare(app, terminal_size=size, run_before=_steps("p", "p", value="all"))


@SIZES
def test_break_prompt(
    snap_compare: SnapCompare,
    studied: Services,  # noqa: F811
    size: tuple[int, int],
) -> None:
    app = PmStudyApp(services=studied)
    assert snap_compare(app, terminal_size=size, run_before=_steps("p", "b"))


@SIZES
def test_break_preview_confirm(
    snap_compare: SnapCompare,
    studied: Services,  # noqa: F811
    size: tuple[int, int],
) -> None:
    app = PmStudyApp(services=studied)
    assert snap_compare(app, terminal_size=size, run_before=steady(_confirm_break))


async def _confirm_break(pilot: Pilot[Any]) -> None:
    await on_deck(pilot, DECK, "p", "b")
    await pilot.press("enter")  # the dates offered: a week from today, three days
    await settle(pilot)


@SIZES
def test_browser_postpone_prompt(
    snap_compare: SnapCompare,
    studied: Services,  # noqa: F811
    size: tuple[int, int],
) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("a", "p")
        await settle(pilot)

    app = Host(BrowserScreen(studied, f'"deck:{DECK}"'))
    assert snap_compare(app, terminal_size=size, run_before=steady(run))
