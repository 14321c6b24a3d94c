"""The profile switch has a key on the dashboard (``L``): it opens the switcher, ? help lists
it, the palette lists it once (with its key), and a hint line names it once profiles exist."""

from __future__ import annotations

from textual.widgets import OptionList

from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.commands import help_rows, palette_commands
from pmstudy.tui.screens.dashboard import DashboardScreen
from pmstudy.tui.screens.help import HelpScreen
from pmstudy.tui.screens.profile_switch import SWITCH_HINT, SWITCH_TITLE, ProfileSwitcher
from tests.tui.profile_data import ana_services
from tests.tui.screen_shots import settle
from tests.tui.support import screen_text

__all__ = ["ana_services"]  # the fixture


async def test_l_opens_the_switcher_and_switches(ana_services: Services) -> None:
    app = PmStudyApp(services=ana_services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert SWITCH_HINT in screen_text(app)
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, ProfileSwitcher)
        assert app.screen.query_one(OptionList).highlighted == 1  # ana, studying now
        await pilot.press("down", "enter")
        await pilot.pause()
    assert app.switch_to == "ben"


async def test_help_and_palette_list_the_key_once(ana_services: Services) -> None:
    app = PmStudyApp(services=ana_services)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        rows = [(r.keys, r.description) for r in help_rows(screen)]
        assert ("L", SWITCH_TITLE) in rows
        keyed = [c for c in palette_commands(screen) if c.name == SWITCH_TITLE]
        assert [c.key for c in keyed] == ["L"]
        # the app's own entry (for screens without the key) is not listed twice here
        assert SWITCH_TITLE not in [c.title for c in app.get_system_commands(screen)]
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("b")  # the browser: no key there, the app's entry serves it
        await settle(pilot)
        assert SWITCH_TITLE in [c.title for c in app.get_system_commands(app.screen)]


async def test_without_profiles_the_key_works_and_no_hint_line_is_added(
    services: Services,
) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert SWITCH_HINT not in screen_text(app)
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, ProfileSwitcher)
