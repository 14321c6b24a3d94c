"""The dashboard shows each upcoming exam's readiness and opens the exams screen."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.exams import ExamsScreen
from pmstudy.tui.widgets.readiness import ExamReadiness
from tests.tui.support import screen_text


async def _settle(app: PmStudyApp, pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_dashboard_shows_readiness_per_exam(scrum_services: Services) -> None:
    scrum_services.exams.add("psm-1", "2027-01-15", "10:00")
    app = PmStudyApp(services=scrum_services)
    async with app.run_test(size=(110, 40)) as pilot:
        await _settle(app, pilot)
        panels = list(app.screen.query(ExamReadiness))
        assert len(panels) == 1
        assert panels[0].report is not None
        text = screen_text(app)
        assert "With the plan" in text
        assert "Whole exam" in text
        pass_row = next(line for line in text.splitlines() if "Pass (68 of 80 needed)" in line)
        assert "not enough evidence yet" in pass_row
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExamsScreen)


async def test_dashboard_without_exam_invites_to_add_one(scrum_services: Services) -> None:
    app = PmStudyApp(services=scrum_services)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        assert "press x to add one" in screen_text(app)


async def test_dashboard_opens_deck_options_and_simulator(scrum_services: Services) -> None:
    from pmstudy.tui.screens.deck_options import DeckOptionsScreen
    from pmstudy.tui.screens.simulator import SimulatorScreen

    app = PmStudyApp(services=scrum_services)
    async with app.run_test(size=(100, 34)) as pilot:
        await _settle(app, pilot)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, DeckOptionsScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, SimulatorScreen)


async def test_dashboard_import_refreshes_the_tree(scrum_services: Services, tmp_path: Any) -> None:
    from pmstudy.tui.screens.import_screen import ImportScreen

    deck = tmp_path / "extra.toml"
    deck.write_text(
        'schema_version = 1\nid = "extra"\nname = "Extra"\n\n'
        '[[cards]]\nid = "e1"\nfront = "Q"\nback = "A"\n',
        encoding="utf-8",
    )
    app = PmStudyApp(services=scrum_services)
    async with app.run_test(size=(100, 34)) as pilot:
        await _settle(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)
        summary = scrum_services.imports.import_file(deck)
        assert summary.notes_added == 1
        await pilot.press("escape")
        await _settle(app, pilot)
        assert "Extra" in screen_text(app)


async def test_dashboard_opens_browser_and_stats(scrum_services: Services) -> None:
    from pmstudy.tui.screens.browser import BrowserScreen
    from pmstudy.tui.screens.stats import StatsScreen

    app = PmStudyApp(services=scrum_services)
    async with app.run_test(size=(100, 34)) as pilot:
        await _settle(app, pilot)
        await pilot.press("b")
        await _settle(app, pilot)
        assert isinstance(app.screen, BrowserScreen)
        await pilot.press("escape")
        await _settle(app, pilot)
        await pilot.press("s")
        await _settle(app, pilot)
        assert isinstance(app.screen, StatsScreen)


async def test_exam_on_untagged_deck_starts_and_shows_a_sentence(services: Services) -> None:
    """Regression: an exam linked to a deck without its tags once killed the TUI at start."""
    services.exams.add("capm", "2027-02-05", decks=["Sample::Basics"])
    app = PmStudyApp(services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(app, pilot)
        panel = app.screen.query_one(ExamReadiness)
        assert panel.report is not None
        assert "CAPM" in screen_text(app)
        await pilot.press("x")
        await _settle(app, pilot)
        assert isinstance(app.screen, ExamsScreen)


async def test_a_failing_readiness_stays_in_its_panel(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected error in readiness is one line in the panel, logged; the app goes on."""
    services.exams.add("capm", "2027-02-05", decks=["Sample::Basics"])

    def broken(*args: object, **kwargs: object) -> object:
        raise ZeroDivisionError("injected fault")

    monkeypatch.setattr(services.exams, "report", broken)
    app = PmStudyApp(services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(app, pilot)
        text = screen_text(app)
        assert "Readiness could not be computed: ZeroDivisionError: injected fault" in text
        assert (services.settings.data_dir / "crash.log").exists()
        await pilot.press("b")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "BrowserScreen"
