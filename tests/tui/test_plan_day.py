"""The plan drives the day in the TUI: the dashboard says where each deck's new number comes
from, t sets today's number (a refusal keeps what was typed), the exams screen's f sets a
goal's final pass and plan option, the simulator's advice names the exam; keys in help and the
palette."""

from __future__ import annotations

from typing import Any

from textual.widgets import Checkbox, Input, Static

from pmstudy.domain.exam import NewFrom
from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.commands import help_rows, palette_commands
from pmstudy.tui.screens.dashboard import DashboardScreen
from pmstudy.tui.screens.plan_day import GoalOptionsScreen, TodayLimitScreen
from pmstudy.tui.widgets.deck_table import DeckTable
from tests.tui.screen_shots import settle
from tests.tui.support import screen_text


def _scrum(services: Services) -> Any:
    return next(n for n in services.study.deck_tree() if n.name == "Scrum")


async def test_t_sets_todays_new_cards_over_the_plan(scrum_services: Services) -> None:
    services = scrum_services
    services.exams.add("psm-1", "2027-01-21")
    app = PmStudyApp(services=services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        row = next(line for line in screen_text(app).splitlines() if "Scrum" in line)
        assert row.split()[-1] == "plan"  # "New by": the exam plan's number
        assert row.split()[1] == "16"
        await pilot.press("t")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, TodayLimitScreen)
        assert "16 new today (the exam plan's number)" in screen_text(app)
        field = dialog.query_one("#limit-new", Input)
        field.value = "many"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TodayLimitScreen)  # refused, kept
        assert "'many' is not a whole number" in screen_text(app)
        assert _scrum(services).new_limit.source == NewFrom.PLAN  # nothing written
        field.value = "4"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        node = _scrum(services)
        assert (node.new_limit.source, node.counts.new) == (NewFrom.TODAY, 4)
        row = next(line for line in screen_text(app).splitlines() if "Scrum" in line)
        assert row.split()[1] == "4"
        assert row.split()[-1] == "today"
        # empty: back to the plan
        await pilot.press("t")
        await settle(pilot)
        app.screen.query_one("#limit-new", Input).value = ""
        await pilot.press("enter")
        await settle(pilot)
        assert _scrum(services).new_limit.source == NewFrom.PLAN
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert screen.query_one(DeckTable).selected is not None
        assert any(r.keys == "t" for r in help_rows(screen))
        assert any(c.action == "today_limit" for c in palette_commands(screen))


async def test_f_on_the_exams_screen_sets_the_final_pass_and_the_plan_option(
    scrum_services: Services,
) -> None:
    services = scrum_services
    goal = services.exams.add("psm-1", "2027-01-21")
    app = PmStudyApp(services=services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, GoalOptionsScreen)
        field = dialog.query_one("#goal-final-pass", Input)
        field.value = "30"  # longer than the 14-day buffer: refused, kept
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GoalOptionsScreen)
        error = str(dialog.query_one("#goal-error", Static).render())
        assert "longer than the buffer of 14 day(s)" in error
        assert services.exams.goal(goal.id).final_pass_days is None
        field.value = "7"
        dialog.query_one("#goal-plan-sets-new", Checkbox).value = False
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, GoalOptionsScreen)
        saved = services.exams.goal(goal.id)
        assert (saved.final_pass_days, saved.plan_sets_new) == (7, False)
        assert _scrum(services).new_limit.source == NewFrom.PRESET
        assert any(r.keys == "f" for r in help_rows(app.screen))
        # the plan below the readiness says the final pass and its load
        await settle(pilot)
        note = str(app.screen.query_one("#plan-chart-note", Static).render())
        assert note.startswith("Final pass: every card seen again from 2027-01-14")
        assert "review(s) into it" in note
