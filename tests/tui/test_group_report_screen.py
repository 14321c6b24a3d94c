"""The group report screen: read in a worker, every learner shown literally, the keys, the
palette entry."""

from __future__ import annotations

import shutil
from pathlib import Path

from pmstudy.clock import FixedClock
from pmstudy.services.container import Services, build_services
from pmstudy.settings import Settings
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.dashboard import DashboardScreen
from pmstudy.tui.screens.group_report import GroupReportScreen
from pmstudy.tui.screens.group_report_text import NO_LEARNERS
from tests.group_report.support import LATER
from tests.tui.group_data import group_tui_template, trainer_services
from tests.tui.test_stats_screen import Host, settle, text_of

__all__ = ["group_tui_template", "trainer_services"]  # the fixtures

SIZE = (120, 44)


async def test_every_learner_and_the_weakest_tasks(trainer_services: Services) -> None:
    async with Host(GroupReportScreen(trainer_services)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, GroupReportScreen)
        assert screen.report is not None
        assert [x.name for x in screen.report.learners] == ["ana", "ben", "carl"]
        text = " ".join(text_of(screen, "#group-report-text").split())
        assert "Group report, 2026-11-22: 3 learners" in text
        assert "ana psm-1 1% (1–1%) no number yet 94% 11-22 49 25 2" in text
        assert "ben none 3 0" in text
        assert "carl: schema 0009, run pmstudy group upgrade" in text
        assert "ana · Professional Scrum Master I (PSM I)" in text
        assert "Pass today: no number yet: review about" in text
        assert "Weakest tasks · Professional Scrum Master I (PSM I) · 1 learner(s)" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, GroupReportScreen)


async def test_what_the_report_says_is_shown_literally(
    group_tui_template: Path, tmp_path: Path
) -> None:
    # a learner without a database is named with its path, brackets and all: never markup
    data = tmp_path / "[b]data[/b]"
    shutil.copytree(group_tui_template, data)
    (data / "profiles" / "dora").mkdir()
    settings = Settings(data_dir=data, timezone="UTC")
    with build_services(settings, FixedClock(LATER), seed=1, sync_decks=False) as trainer:
        async with Host(GroupReportScreen(trainer)).run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = pilot.app.screen
            assert isinstance(screen, GroupReportScreen)
            text = "".join(text_of(screen, "#group-report-text").split())
    assert "dora:nodatabaseyetat" in text
    assert "[b]data[/b]/profiles/dora/pmstudy.sqlite3" in text


async def test_the_palette_opens_it_and_no_profiles_is_one_line(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("ctrl+p")
        await pilot.press(*"group report")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, GroupReportScreen)
        assert NO_LEARNERS in text_of(screen, "#group-report-text")
        await pilot.press("r")
        await settle(pilot)
        assert NO_LEARNERS in text_of(screen, "#group-report-text")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_p_adds_and_removes_the_figures_with_the_plan(trainer_services: Services) -> None:
    async with Host(GroupReportScreen(trainer_services)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, GroupReportScreen)
        assert "With the plan" not in text_of(screen, "#group-report-text")
        await pilot.press("p")
        await settle(pilot)
        text = " ".join(text_of(screen, "#group-report-text").split())
        assert screen.with_plan
        assert "With the plan: " in text
        assert "Pass, plan: " in text
        assert "Pass today: no number yet" in text  # today's figures stay
        await pilot.press("p")
        await settle(pilot)
        assert "With the plan" not in text_of(screen, "#group-report-text")
