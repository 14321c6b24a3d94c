"""Readiness over time on the exams screen: a sentence before two days are known, then the
plot of readiness with its interval, the target and the exam date, at two terminal sizes."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.app import App
from textual.widgets import Static
from textual_plotext import PlotextPlot

from pmstudy.clock import FixedClock
from pmstudy.services.container import Services
from pmstudy.tui.screens.exams import ExamsScreen
from pmstudy.tui.widgets.readiness_chart import TOO_FEW, ReadinessChart, day_ticks
from tests.tui.test_exams_screen import Host


async def _settle(app: App[None]) -> None:
    for _ in range(4):
        await app.workers.wait_for_complete()


def test_day_ticks_keep_both_ends() -> None:
    first = dt.date(2026, 11, 22)
    assert day_ticks(first, first) == ([0], ["11-22"])
    assert day_ticks(first, first + dt.timedelta(days=2)) == (
        [0, 1, 2],
        ["11-22", "11-23", "11-24"],
    )
    ticks, labels = day_ticks(first, dt.date(2027, 1, 10))
    assert ticks == [0, 10, 20, 29, 39, 49]
    assert (labels[0], labels[-1]) == ("11-22", "01-10")


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_one_day_of_history_is_a_sentence(
    scrum_services: Services, size: tuple[int, int]
) -> None:
    services = scrum_services
    goal = services.exams.add("psm-1", "2027-01-10")
    services.exams.record_history(services.exams.report(goal.id))
    app = Host(services)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await _settle(app)
        await pilot.pause()
        chart = app.screen.query_one(ReadinessChart)
        assert len(chart.points) == 1
        assert str(chart.query_one("#readiness-chart-note", Static).render()) == TOO_FEW
        assert not chart.query_one(PlotextPlot).display


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_several_days_are_plotted_with_target_and_exam_date(
    scrum_services: Services, clock: FixedClock, size: tuple[int, int]
) -> None:
    services = scrum_services
    goal = services.exams.add("psm-1", "2027-01-10")
    for _ in range(3):
        services.exams.record_history(services.exams.report(goal.id))
        clock.advance(days=1)
    app = Host(services)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await _settle(app)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExamsScreen)
        chart = screen.query_one(ReadinessChart)
        # The screen's own report may add today's point (2026-11-25) to the three recorded.
        assert [p.day for p in chart.points][:3] == [
            dt.date(2026, 11, 22),
            dt.date(2026, 11, 23),
            dt.date(2026, 11, 24),
        ]
        assert not chart.query_one("#readiness-chart-note").display
        plot = chart.query_one(PlotextPlot)
        assert plot.display
        assert plot.size.width >= size[0] - 10
        assert plot.size.height == 16
        drawn = str(plot.render())
        assert "Readiness by day" in drawn
        for label in ("11-22", "01-10", "100%", " 0%"):  # first day, exam day, y from 0 to 100
            assert label in drawn
        assert "target 90%" in drawn or size[0] < 100  # the title is cut at 80 columns
