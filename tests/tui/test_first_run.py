"""First run: the learner picks exams and their decks are installed."""

from __future__ import annotations

from pathlib import Path

from textual.color import Color
from textual.widgets import SelectionList

from pmstudy.clock import FixedClock
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.first_run import FirstRunScreen
from pmstudy.tui.widgets.deck_table import DeckTable
from tests.tui.conftest import DECKS, make_services
from tests.tui.support import screen_text


async def test_first_run_asks_for_exams_and_installs_their_decks(
    tmp_path: Path, clock: FixedClock
) -> None:
    services = make_services(tmp_path / "data", clock, sync_decks=True)
    app = PmStudyApp(services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, FirstRunScreen)
        choices = [c.id for c in app.screen.choices]
        assert {"pmp-2026", "capm", "psm-1", "csm", "prince2-7-foundation"} <= set(choices)
        for _ in range(choices.index("psm-1")):
            await pilot.press("down")
        await pilot.press("space", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, FirstRunScreen)
    assert services.decks.exams_chosen() == ["psm-1"]
    names = {n.name for n in services.study.deck_tree()}
    assert "Scrum" in names
    services.close()

    # the question is asked once only
    again = make_services(tmp_path / "data", clock, sync_decks=True)
    app = PmStudyApp(services=again)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not isinstance(app.screen, FirstRunScreen)
    again.close()


async def test_first_run_can_be_skipped(tmp_path: Path, clock: FixedClock) -> None:
    services = make_services(tmp_path / "data", clock, sync_decks=True)
    app = PmStudyApp(services=services)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert services.decks.exams_chosen() == []
    assert {b.id for b in services.decks.bundled() if b.installed} == {"scrum"}
    services.close()


async def test_first_run_says_scrum_is_installed_only_when_it_is(
    tmp_path: Path, clock: FixedClock
) -> None:
    """The data folder was made by importing another file first: the starter deck was not
    installed, and the first run does not claim it was (issue 21)."""
    first = make_services(tmp_path / "data", clock, sync_decks=False)
    first.decks.import_file(DECKS / "basics.toml")
    first.close()
    services = make_services(tmp_path / "data", clock, sync_decks=True)
    assert not any(b.installed for b in services.decks.bundled())
    app = PmStudyApp(services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, FirstRunScreen)
        text = screen_text(app)
        assert "already installed" not in text
        assert "You can add decks any time" in text
    services.close()


async def test_first_run_lists_notes_and_unselected_marks_are_readable(
    tmp_path: Path, clock: FixedClock
) -> None:
    services = make_services(tmp_path / "data", clock, sync_decks=True)
    app = PmStudyApp(services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, FirstRunScreen)
        text = screen_text(app)
        assert "The Scrum deck is already installed." in text
        # a deck file's entries are notes (Scrum: a cloze or reversed note makes more cards)
        scrum = next(b for b in services.decks.bundled() if b.id == "scrum")
        assert f"Scrum · {scrum.cards} notes" in text
        assert " cards" not in text
        # the unselected check mark was $panel-darken-2 on $panel: near-black on navy
        listing = app.screen.query_one(SelectionList)
        for component in ("selection-list--button", "selection-list--button-highlighted"):
            style = listing.get_component_rich_style(component)
            assert style.color is not None
            assert style.bgcolor is not None
            mark = Color.from_rich_color(style.color)
            ground = Color.from_rich_color(style.bgcolor)
            assert abs(mark.brightness - ground.brightness) > 0.3, component
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.focused, DeckTable)  # the dashboard is ready for the arrows
    services.close()
