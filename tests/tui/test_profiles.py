"""The learner profile in the TUI: the header says who is studying; the palette's "Switch
learner profile…" picks another (or a new) profile and closes the app for the command line to
reopen it there."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList
from textual.widgets._header import HeaderTitle

from pmstudy.clock import FixedClock
from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.commands import palette_commands
from pmstudy.tui.screens.profile_switch import ProfileSwitcher
from tests.tui.conftest import make_services
from tests.tui.profile_data import ana_services
from tests.tui.screen_shots import settle

__all__ = ["ana_services"]  # the fixture


def _header(app: PmStudyApp) -> str:
    return str(app.screen.query_one(HeaderTitle).render())


async def test_the_header_names_the_learner(ana_services: Services) -> None:
    app = PmStudyApp(services=ana_services)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "learner: ana" in _header(app)


async def test_the_default_profile_is_named_once_other_profiles_exist(
    tmp_path: Path, clock: FixedClock
) -> None:
    data = tmp_path / "data"
    services = make_services(data, clock, sync_decks=False)
    services.decks.choose_exams([])  # past the first-run question
    try:
        alone = PmStudyApp(services=services)
        assert alone.title == "pmstudy"  # no profiles here: the title it always had
        (data / "profiles" / "ana").mkdir(parents=True)
        app = PmStudyApp(services=services)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert "learner: default" in _header(app)
    finally:
        services.close()


async def test_switching_to_a_listed_profile_closes_for_the_command_line(
    ana_services: Services,
) -> None:
    app = PmStudyApp(services=ana_services)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        # the palette's entry: the dashboard's L key (tests/tui/test_profile_switch_key.py)
        titles = [c.name for c in palette_commands(app.screen)]
        assert "Switch learner profile…" in titles
        app.action_switch_profile()
        await pilot.pause()
        assert isinstance(app.screen, ProfileSwitcher)
        listing = app.screen.query_one(OptionList)
        assert [str(listing.get_option_at_index(i).id) for i in range(3)] == ["", "ana", "ben"]
        assert listing.highlighted == 1  # ana, studying now
        await pilot.press("down", "enter")
        await pilot.pause()
    assert app.switch_to == "ben"


async def test_a_new_profile_name_is_checked_before_switching(ana_services: Services) -> None:
    app = PmStudyApp(services=ana_services)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_switch_profile()
        await pilot.pause()
        await pilot.press("tab", *"no way", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ProfileSwitcher)  # refused, still open
        assert "profile name" in str(app.screen.query_one("#profile-error").render())
        app.screen.query_one(Input).value = "carla"
        await pilot.press("enter")
        await pilot.pause()
    assert app.switch_to == "carla"


async def test_escape_or_the_same_profile_does_not_switch(ana_services: Services) -> None:
    app = PmStudyApp(services=ana_services)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_switch_profile()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        app.action_switch_profile()
        await pilot.pause()
        await pilot.press("enter")  # ana again
        await pilot.pause()
        assert not isinstance(app.screen, ProfileSwitcher)
        assert app.switch_to is None
        assert app.is_running
