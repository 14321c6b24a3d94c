"""How the exams screen fills (issue 21: 0.7–1.9 s at 20k cards): it asked for the same exam's
readiness up to four times on opening (on mount, on resume, and once per highlight), each
worker simulating the plan, all at once. Now: one report, its plan simulated once, in worker
threads only; today's figures and the weakest tasks come first; a refresh with nothing changed
reuses the kept plan; the dashboard's plan is the screen's."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from textual.widgets import OptionList, Static

import pmstudy.services.exams.report as report_module
from pmstudy.services.container import Services
from pmstudy.services.exams.report import Reports
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.exams import ExamsScreen
from pmstudy.tui.widgets.plan_chart import PlanChart
from pmstudy.tui.widgets.readiness import ExamReadiness
from tests.tui.screen_shots import settle
from tests.tui.support import screen_text
from tests.tui.test_exams_screen import Host, _settle

SIZE = (120, 40)


class Calls:
    """Reports asked for (and from which thread), plans simulated: the real ones run."""

    def __init__(self) -> None:
        self.reports: list[tuple[bool, bool]] = []  # (with the plan, on the UI thread)
        self.simulations = 0


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Calls:
    found = Calls()
    report, simulate = Reports.report, report_module.simulate

    def counted_report(self: Reports, *args: Any, **kwargs: Any) -> Any:
        on_ui = threading.current_thread() is threading.main_thread()
        found.reports.append((kwargs.get("with_plan", True), on_ui))
        return report(self, *args, **kwargs)

    def counted_simulate(*args: Any, **kwargs: Any) -> Any:
        found.simulations += 1
        return simulate(*args, **kwargs)

    monkeypatch.setattr(Reports, "report", counted_report)
    monkeypatch.setattr(report_module, "simulate", counted_simulate)
    return found


async def test_opening_computes_one_report_in_a_worker(
    scrum_services: Services, calls: Calls
) -> None:
    goal = scrum_services.exams.add("psm-1", "2027-01-10")
    scrum_services.exams.add("csm", "2027-03-01")
    app = Host(scrum_services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _settle(app)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExamsScreen)
        assert screen.report is not None
        assert screen.report.goal.id == goal.id
        assert screen.query_one(PlanChart).plan is not None
        assert calls.reports == [(False, False), (True, False)]  # quick, then with the plan
        assert calls.simulations == 1
        await pilot.press("r")  # the day's point was written: simulated once more, then kept
        await _settle(app)
        await pilot.press("r")
        await _settle(app)
        assert calls.simulations == 2
        assert not any(on_ui for _, on_ui in calls.reports)
        await pilot.press("down")  # the other exam: its own report, once
        await _settle(app)
        await pilot.pause()
        assert screen.report is not None
        assert screen.report.spec.id == "csm"
        assert calls.simulations == 3
        assert screen.query_one("#exams-list", OptionList).highlighted == 1


async def test_todays_figures_and_weakest_tasks_come_before_the_plan(
    scrum_services: Services,
) -> None:
    scrum_services.exams.add("psm-1", "2027-01-10")
    app = Host(scrum_services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _settle(app)
        screen = app.screen
        assert isinstance(screen, ExamsScreen)
        panel = screen.query_one(ExamReadiness)
        final = panel.report
        assert final is not None
        # what the quick report brings, shown while the plan is simulated
        quick = scrum_services.exams.report(final.goal.id, with_plan=False)
        panel.report = None
        screen.query_one(PlanChart).clear()
        screen.query_one("#exams-weakest", Static).update("")
        assert "Weakest tasks" not in screen_text(app)
        panel.post_message(ExamReadiness.Computed(quick, final=False))
        await pilot.pause()
        assert screen.query_one(PlanChart).plan is None
        shown = screen_text(app)
        assert "Weakest tasks" in shown
        assert "…" in shown  # the plan column waits for the plan


async def test_the_dashboards_plan_is_the_screens(mock_services: Services, calls: Calls) -> None:
    goal = mock_services.exams.add("capm", "2027-02-15")
    mock_services.exams.report(goal.id, backtest=True)  # the day's point: the next is kept
    calls.simulations = 0
    app = PmStudyApp(services=mock_services)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert calls.simulations == 1  # the dashboard's panel
        await pilot.press("x")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExamsScreen)
        assert screen.query_one(PlanChart).plan is not None
        assert calls.simulations == 1
