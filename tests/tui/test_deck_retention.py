"""This deck's desired retention on the deck options screen: shown beside the preset's, saved,
cleared, and a bad value refused on the status line with nothing saved."""

from __future__ import annotations

from textual.widgets import Input, Static

from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.deck_options import DeckOptionsScreen
from tests.tui.support import deck_id
from tests.tui.test_deck_options import SIZE, Host

DECK = "Sample::Basics"


def _status(screen: DeckOptionsScreen) -> str:
    return str(screen.query_one("#options-status", Static).render())


async def test_this_decks_retention_is_saved_cleared_and_checked(services: Services) -> None:
    deck = deck_id(services, DECK)
    screen = DeckOptionsScreen(services, deck_id=deck)
    async with Host(screen).run_test(size=SIZE) as pilot:
        await pilot.pause()
        field = screen.query_one("#opt-deck_retention", Input)
        assert field.value == ""  # the preset's
        assert screen.query_one("#opt-desired_retention", Input).value == "0.90"
        field.value = "0.85"
        assert screen.unsaved()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Saved. Reschedule (ctrl+r)" in _status(screen)
        assert services.presets.deck_retention(deck).own == 0.85
        assert services.presets.of_deck(deck).desired_retention == 0.90  # the preset keeps its
        assert not screen.unsaved()

        for bad, message in (
            ("1.2", "must lie between 0.50 and 0.99"),
            ("lots", "must be a number"),
        ):
            field.value = bad
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert f"This deck's retention: desired retention {message}" in _status(screen)
            assert field.has_class("-invalid")
            assert services.presets.deck_retention(deck).own == 0.85

        field.value = " "
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not field.has_class("-invalid")
        assert services.presets.deck_retention(deck).own is None


async def test_a_preset_opened_on_its_own_has_no_deck_field(services: Services) -> None:
    preset = services.presets.of_deck(deck_id(services, DECK))
    screen = DeckOptionsScreen(services, preset_id=preset.id)
    async with Host(screen).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not screen.query("#opt-deck_retention")


async def test_the_simulator_starts_at_the_decks_own_retention(services: Services) -> None:
    first = services.study.deck_tree()[0]
    services.presets.set_deck_retention(first.id, 0.85)
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        assert app.screen.query_one("#sim-retention", Input).value == "0.85"
