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
from pmstudy.tui.screens.stats import StatsScreen, count_ticks, heatmap_text
from tests.browse.support import log_review
from tests.tui.support import screen_text

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


def test_count_ticks_are_whole_numbers() -> None:
    """Issue 21: count axes showed ticks at 0.83 and 1.67."""
    assert count_ticks(0) == [0, 1]
    assert count_ticks(2) == [0, 1, 2]
    assert count_ticks(7) == [0, 2, 4, 6, 8]
    assert count_ticks(23) == [0, 5, 10, 15, 20, 25]
    assert count_ticks(240) == [0, 50, 100, 150, 200, 250]
    for top in range(0, 2000, 7):
        ticks = count_ticks(top)
        assert ticks[0] == 0
        assert ticks[-1] >= top
        assert len(ticks) <= 7
        assert all(isinstance(t, int) for t in ticks)


async def test_charts_count_from_zero_in_whole_numbers(empty_services: Services) -> None:
    """Issue 21: an empty forecast spanned -1 to 1; now it says so, on an axis from 0."""
    async with Host(StatsScreen(empty_services)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        tabs = screen.query_one(TabbedContent)
        tabs.active = "tab-forecast"
        await pilot.pause()
        text = screen_text(pilot.app)  # type: ignore[arg-type]
        assert "No reviews due in the next 30 days" in text
        assert "-1.0" not in text
        assert "0.5" not in text
        assert "0.8" not in text
