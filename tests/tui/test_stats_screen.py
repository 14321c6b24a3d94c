"""The statistics screen: every tab draws; periods switch; calibration and the calendar show."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from rich.console import Console
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static, TabbedContent

from pmstudy.domain.model import CardState, Rating
from pmstudy.services.container import Services
from pmstudy.tui.screens.stats import StatsScreen, heatmap_text
from tests.browse.support import log_review

SIZE = (120, 40)
DAY = dt.timedelta(days=1)
TABS = (
    "overview",
    "forecast",
    "reviews",
    "calendar",
    "intervals",
    "difficulty",
    "hours",
    "calibration",
)


class Host(App[None]):
    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self._first = screen

    def on_mount(self) -> None:
        self.push_screen(self._first)


async def settle(pilot: Pilot[Any]) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def text_of(screen: Screen[Any], selector: str) -> str:
    """What a Static shows, as plain text (tables included)."""
    content = screen.query_one(selector, Static).content
    console = Console(width=160, file=io.StringIO(), record=True, color_system=None)
    console.print(content)
    return console.export_text()


def add_history(services: Services) -> None:
    now = services.clock.now()
    card = services.browser.search("").ids[0]
    for days_ago, rating in (
        (0, Rating.GOOD),
        (1, Rating.AGAIN),
        (3, Rating.HARD),
        (40, Rating.GOOD),
    ):
        at = now - days_ago * DAY
        log_review(
            services,
            card,
            at=at,
            rating=rating,
            state_before=CardState.REVIEW,
            stability_before=5.0,
            last_review_before=at - 5 * DAY,
            due_before=at,
        )


async def test_every_tab_draws(services: Services) -> None:
    add_history(services)
    async with Host(StatsScreen(services)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, StatsScreen)
        assert screen.report is not None
        assert screen.calibration is not None
        overview = text_of(screen, "#stats-overview")
        assert "Today: 1 answers" in overview
        assert f"Cards ({screen.report.counts.total})" in overview
        assert "True retention" in overview
        tabs = screen.query_one(TabbedContent)
        for name in TABS:
            tabs.active = f"tab-{name}"
            await pilot.pause()
        calibration = text_of(screen, "#stats-calibration")
        assert "Last 30 days: 3 review answers" in calibration
        assert "Predicted vs actual recall" in calibration
        calendar = text_of(screen, "#stats-heatmap")
        assert "4 of 365 days studied, 4 answers" in calendar


async def test_periods_switch(services: Services) -> None:
    add_history(services)
    async with Host(StatsScreen(services)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, StatsScreen)
        assert screen.period == 30
        await pilot.press("p")
        assert screen.period == 90
        await pilot.press("p", "p")
        assert screen.period == 30
        await pilot.press("c")
        await settle(pilot)
        assert screen.calibration_days == 90
        assert "Last 90 days: 4 review answers" in text_of(screen, "#stats-calibration")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, StatsScreen)


async def test_an_empty_collection(empty_services: Services) -> None:
    async with Host(StatsScreen(empty_services)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, StatsScreen)
        assert "Cards (0)" in text_of(screen, "#stats-overview")
        assert "0 review answers" in text_of(screen, "#stats-calibration")


def test_heatmap_weeks_have_seven_rows(services: Services) -> None:
    add_history(services)
    heatmap = services.stats.report().heatmap
    lines = heatmap_text(heatmap).plain.splitlines()
    assert [line[:3] for line in lines[1:8]] == ["Mon", "   ", "Wed", "   ", "Fri", "   ", "Sun"]
    assert lines[8].strip().startswith("less")
