"""The dashboard's calendar dialog (k): add a range with a load, remove, undo, the switch."""

from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable, Input, Static

from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.calendar import CalendarScreen
from pmstudy.tui.screens.dialogs import PromptScreen
from tests.tui.support import SIZE


async def test_add_remove_undo_and_switch(services: Services) -> None:
    today = services.calendar.today()
    first = today + dt.timedelta(days=10)
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, CalendarScreen)
        assert app.screen.query_one("#calendar-empty", Static).display
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        field = app.screen.query_one(Input)
        field.value = f"{first}..{first + dt.timedelta(days=2)} sometimes"
        await pilot.press("enter")
        await pilot.pause()
        error = str(app.screen.query_one("#prompt-error", Static).render())
        assert "load 'sometimes'" in error
        field.value = f"{first}..{first + dt.timedelta(days=2)} break"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CalendarScreen)
        assert services.calendar.calendar().dates == {
            first + dt.timedelta(days=d): 0.0 for d in range(3)
        }
        assert app.screen.query_one(DataTable).row_count == 3
        await pilot.press("d")  # the highlighted (first) date
        await pilot.pause()
        assert first not in services.calendar.calendar().dates
        await pilot.press("u")
        await pilot.pause()
        assert services.calendar.calendar().dates[first] == 0.0
        await pilot.press("b")
        await pilot.pause()
        assert not services.calendar.balancing()
        assert "off" in str(app.screen.query_one("#calendar-balancer", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CalendarScreen)
