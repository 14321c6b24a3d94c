"""The deck options screen in a tiny host app: fields, validation, save, optimize."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.app import App
from textual.widgets import Input, Select, Static

from pmstudy.clock import FixedClock
from pmstudy.errors import NotFoundError, PmStudyError
from pmstudy.services.container import Services
from pmstudy.tui.screens.deck_options import DeckOptionsScreen
from pmstudy.tui.screens.dialogs import ConfirmScreen, PromptScreen
from tests.tui.support import deck_id
from tests.tuning.support import write_history
from tests.tuning.synthetic import START, generate

SIZE = (110, 50)


@pytest.fixture
def empty_tuning(empty_services: Services, clock: FixedClock) -> Services:
    """A collection with one deck, "Synthetic", holding a synthetic learner's 250 days."""
    clock.set(START + dt.timedelta(days=250, hours=10))
    write_history(empty_services, generate(300, 250, seed=9))
    return empty_services


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


async def test_every_field_shown_and_saved(services: Services) -> None:
    screen = DeckOptionsScreen(services, deck_id=deck_id(services, "Sample::Basics"))
    async with Host(screen).run_test(size=SIZE) as pilot:
        await pilot.pause()
        for name in (
            "new_per_day", "max_reviews_per_day", "desired_retention", "learning_steps",
            "relearning_steps", "max_interval_days", "leech_threshold", "fsrs_params",
        ):  # fmt: skip
            assert screen.query_one(f"#opt-{name}", Input)
        assert screen.query_one("#opt-learning_steps", Input).value == "1m 10m"
        screen.query_one("#opt-new_per_day", Input).value = "35"
        screen.query_one("#opt-learning_steps", Input).value = "2m 1h"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Saved" in _status(pilot.app)
    preset = services.presets.of_deck(deck_id(services, "Sample::Basics"))
    assert preset.new_per_day == 35
    assert preset.learning_steps == (120, 3600)


async def test_invalid_fields_get_a_clear_message(services: Services) -> None:
    screen = DeckOptionsScreen(services, deck_id=deck_id(services, "Sample::Basics"))
    async with Host(screen).run_test(size=SIZE) as pilot:
        await pilot.pause()
        retention = screen.query_one("#opt-desired_retention", Input)
        retention.value = "1.5"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "between 0.50 and 0.99" in _status(pilot.app)
        assert retention.has_class("-invalid")
        retention.value = "0.9"
        screen.query_one("#opt-fsrs_params", Input).value = "1, 2, 3"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "21 parameters" in _status(pilot.app)
        screen.query_one("#opt-fsrs_params", Input).value = ""
        screen.query_one("#opt-relearning_steps", Input).value = "soon"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "is not a step" in _status(pilot.app)
    assert services.presets.of_deck(deck_id(services, "Sample::Basics")).fsrs_params is None


async def test_optimize_button_runs_in_a_worker(empty_tuning: Services) -> None:
    services = empty_tuning
    screen = DeckOptionsScreen(services, deck_id=deck_id(services, "Synthetic"))
    async with Host(screen).run_test(size=SIZE) as pilot:
        await pilot.pause()
        # the form is taller than the window: bring the button into view first
        screen.query_one("#btn-optimize").scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click("#btn-optimize")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert "log loss" in _status(pilot.app)
        params = screen.query_one("#opt-fsrs_params", Input).value
        assert len(params.split(",")) == 21
    assert services.presets.of_deck(deck_id(services, "Synthetic")).fsrs_params


async def test_reschedule_preview_confirm_and_undo(empty_tuning: Services) -> None:
    services = empty_tuning
    services.optimizer.optimize()
    screen = DeckOptionsScreen(services, deck_id=deck_id(services, "Synthetic"))
    async with Host(screen).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        preview = str(pilot.app.screen.query_one("#confirm-preview", Static).render())
        assert "move to another day" in preview
        await pilot.press("y")
        await pilot.pause()
        assert "Rescheduled" in _status(pilot.app)
        await pilot.press("ctrl+u")
        await pilot.pause()
        assert "Undid the reschedule" in _status(pilot.app)


async def test_status_shows_above_the_form_at_120x40(services: Services) -> None:
    """Issue 21: errors and results showed below the visible area."""
    screen = DeckOptionsScreen(services, deck_id=deck_id(services, "Sample::Basics"))
    async with Host(screen).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen.query_one("#opt-desired_retention", Input).value = "1.5"
        await pilot.press("ctrl+s")
        await pilot.pause()
        status = screen.query_one("#options-status", Static)
        assert "between 0.50 and 0.99" in _status(pilot.app)
        assert status.region.height >= 1
        assert status.region.bottom <= screen.query_one("#options-body").region.y


async def test_escape_asks_before_dropping_changes(services: Services) -> None:
    """Issue 21: Esc dropped edits without asking."""
    screen = DeckOptionsScreen(services, deck_id=deck_id(services, "Sample::Basics"))
    async with Host(screen).run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen.query_one("#opt-new_per_day", Input).value = "35"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("n")  # stay
        await pilot.pause()
        assert pilot.app.screen is screen
        assert screen.query_one("#opt-new_per_day", Input).value == "35"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # leave
        await pilot.pause()
        assert pilot.app.screen is not screen
    assert services.presets.of_deck(deck_id(services, "Sample::Basics")).new_per_day != 35


async def test_escape_without_changes_leaves_at_once(services: Services) -> None:
    screen = DeckOptionsScreen(services, deck_id=deck_id(services, "Sample::Basics"))
    async with Host(screen).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is not screen


async def test_clone_the_preset_and_switch_back(services: Services) -> None:
    """Issue 21: no preset switch or clone."""
    deck = deck_id(services, "Sample::Basics")
    before = services.presets.of_deck(deck)
    screen = DeckOptionsScreen(services, deck_id=deck)
    async with Host(screen).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+k")
        await pilot.pause()
        prompt = pilot.app.screen
        assert isinstance(prompt, PromptScreen)
        prompt.query_one(Input).value = "Exam cram"
        await pilot.press("enter")
        await pilot.pause()
        assert "Cloned" in _status(pilot.app)
        copy = services.presets.of_deck(deck)
        assert copy.name == "Exam cram"
        assert copy.id != before.id
        assert copy.new_per_day == before.new_per_day
        screen.query_one("#opt-new_per_day", Input).value = "60"
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen.query_one("#opt-preset", Select).value = before.id
        await pilot.pause()
        assert services.presets.of_deck(deck).id == before.id
        assert screen.query_one("#opt-new_per_day", Input).value == str(before.new_per_day)
    assert services.presets.get(copy.id or 0).new_per_day == 60


def test_clone_and_use_presets(services: Services) -> None:
    deck = deck_id(services, "Sample::Basics")
    original = services.presets.of_deck(deck)
    copy = services.presets.clone(original.id or 0, "  Copy  ")
    assert copy.name == "Copy"
    assert copy.id is not None
    assert copy.id != original.id
    assert copy.desired_retention == original.desired_retention
    assert services.presets.of_deck(deck).id == original.id  # a clone is not used yet
    assert services.presets.use(deck, copy.id).id == copy.id
    assert services.presets.of_deck(deck).id == copy.id
    with pytest.raises(PmStudyError, match="exists already"):
        services.presets.clone(original.id or 0, "Copy")
    with pytest.raises(PmStudyError, match="needs a name"):
        services.presets.clone(original.id or 0, " ")
    with pytest.raises(NotFoundError):
        services.presets.use(deck, 9999)


async def test_opened_from_the_dashboard_it_names_the_deck_and_its_preset(
    services: Services,
) -> None:
    """'Deck options: Default' read as a deck named Default: the title names both."""
    from pmstudy.tui.app import PmStudyApp
    from pmstudy.tui.widgets.deck_table import DeckTable

    app = PmStudyApp(services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DeckTable)
        table.focus()
        nodes = services.study.deck_tree()
        row = next(i for i, n in enumerate(nodes) if n.name == "Sample::Basics")
        table.move_cursor(row=row)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, DeckOptionsScreen)
        preset = services.presets.of_deck(deck_id(services, "Sample::Basics"))
        assert app.screen.sub_title == f"Deck options: Sample::Basics (preset {preset.name})"
