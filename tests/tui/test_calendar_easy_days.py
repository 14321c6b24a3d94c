"""Easy days in the deck options screen: shown, checked, saved on the preset."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Input, Static

from pmstudy.services.container import Services
from pmstudy.tui.screens.deck_options import DeckOptionsScreen
from tests.tui.support import deck_id

SIZE = (110, 50)


class Host(App[None]):
    """Shows one screen."""

    def __init__(self, screen: DeckOptionsScreen) -> None:
        super().__init__()
        self.first = screen

    def on_mount(self) -> None:
        """Push the screen under test."""
        self.push_screen(self.first)


def _status(app: App[None]) -> str:
    return str(app.screen.query_one("#options-status", Static).render())


async def test_easy_days_are_shown_checked_and_saved(services: Services) -> None:
    deck = deck_id(services, "Sample::Basics")
    screen = DeckOptionsScreen(services, deck_id=deck)
    async with Host(screen).run_test(size=SIZE) as pilot:
        await pilot.pause()
        field = screen.query_one("#opt-easy_days", Input)
        assert field.value == "1 1 1 1 1 1 1"
        field.value = "1 1 1 1 1 reduced 2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "easy days, Sun: load '2'" in _status(pilot.app)
        assert field.has_class("-invalid")
        assert services.presets.of_deck(deck).easy_days is None
        field.value = "1 1 1"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "seven loads" in _status(pilot.app)
        field.value = "1, 1, 1, 1, 0.8, reduced, minimum"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Saved" in _status(pilot.app)
    assert services.presets.of_deck(deck).easy_days == (1.0, 1.0, 1.0, 1.0, 0.8, 0.5, 0.0)
