"""The workload simulator screen in a tiny host app."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Input, Static

from pmstudy.services.container import Services
from pmstudy.tui.screens.simulator import SimulatorScreen, column_chart

SIZE = (100, 40)


class Host(App[None]):
    """Shows one screen."""

    def __init__(self, screen: SimulatorScreen) -> None:
        super().__init__()
        self.first = screen

    def on_mount(self) -> None:
        """Push the screen under test."""
        self.push_screen(self.first)


def _result(app: App[None]) -> str:
    return str(app.screen.query_one("#sim-result", Static).render())


async def test_simulate_and_show_chart(services: Services) -> None:
    screen = SimulatorScreen(services, days=30, new_per_day=5)
    async with Host(screen).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        text = _result(pilot.app)
        assert "Answers per day" in text
        assert "Advice: desired retention" in text
        assert screen.report is not None
        assert len(screen.report.result.reviews) == 30
        assert screen.report.result.new.sum() > 0


async def test_bad_input_is_explained(services: Services) -> None:
    screen = SimulatorScreen(services)
    async with Host(screen).run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen.query_one("#sim-retention", Input).value = "2"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "between 0.50 and 0.99" in _result(pilot.app)
        screen.query_one("#sim-retention", Input).value = "0.9"
        screen.query_one("#sim-days", Input).value = "lots"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "whole numbers" in _result(pilot.app)
        assert screen.report is None


def test_column_chart() -> None:
    lines = column_chart([0.0, 4.0, 8.0], width=3, height=2)
    assert lines == ["  █", " ██"]
    assert column_chart([0.0, 1.0], width=2, height=1) == [" █"]
    assert column_chart([1.0, 8.0], width=2, height=1) == ["▁█"]
    assert column_chart([], width=5, height=3) == []
    assert column_chart([1.0] * 100, width=10, height=1) == ["█" * 10]
