"""Help, the command palette, quitting, and the quick note edit."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.commands import help_rows, own_bindings, palette_commands
from pmstudy.tui.screens.editor import EditorScreen
from pmstudy.tui.screens.help import HelpScreen
from tests.tui.support import SIZE, open_deck, screen_text

REVIEW_ACTIONS = (
    "Show answer",
    "Next card (Good, or Again)",
    "Rate: Again, Hard, Good, Easy",
    "Pick: A, B, C, D, E",
    "Undo the last answer, suspension or burial",
    "Suspend this card",
    "Bury this card until tomorrow",
    "Edit this card's note",
    "End the session and show its summary",
    "Quit pmstudy",
    "Show every key",
    "Command palette",
)


async def test_help_lists_every_binding_of_the_review(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=(80, 24)) as pilot:
        review = await open_deck(pilot, "Sample::Basics")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for action in REVIEW_ACTIONS:
            assert action in text, action
        for binding in own_bindings(review):
            assert (binding.tooltip or binding.description.removeprefix("Pick ")) in text
            assert app.get_key_display(binding) in text
        assert "space / ⏎" in text  # both keys of one action on one line
        assert "1 2 3 4" in text
        assert "^p" in text
        await pilot.press("escape")
        assert app.screen_stack[-1] is review


async def test_help_on_the_dashboard(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        rows = {row.description for row in help_rows(app.screen_stack[-2])}
        assert {"Study the highlighted deck", "Add (install) bundled decks"} <= rows
        assert {"Refresh the deck counts", "Quit pmstudy", "Show every key"} <= rows
        text = screen_text(app)
        assert "Study the highlighted deck" in text
        assert "Add (install) bundled decks" in text


async def test_palette_offers_the_screen_actions_and_runs_them(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_deck(pilot, "Sample::Basics")
        names = {command.name for command in palette_commands(review)}
        assert {"Show answer", "Suspend this card", "Edit this card's note"} <= names
        assert {"Bury this card until tomorrow", "Quit pmstudy", "Show every key"} <= names
        assert "Again" not in names  # not before the answer is shown
        assert "Focus Next" not in names  # Textual's own keys are not pmstudy actions
        await pilot.press("ctrl+p")
        await pilot.press(*"bury")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is review
        assert services.stats.overview().cards_buried == 1


async def test_q_quits(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        assert not app.is_running


async def test_quick_edit_saves_the_note(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_deck(pilot, "Sample::Basics")
        card = review.session.current
        assert card is not None
        await pilot.press("space", "e")
        editor = app.screen
        assert isinstance(editor, EditorScreen)  # the browser's editor: one edit path
        next(iter(editor.query(TextArea))).load_text("How long is a Sprint at most?")
        editor.query_one("#editor-tags", Input).value = "topic::events  psm"
        await pilot.press("ctrl+s")
        assert app.screen is review
        note = services.library.card(card.id).note
        assert note.fields["Front"] == "How long is a Sprint at most?"
        assert note.fields["Back"] == card.note.fields["Back"]
        assert note.tags == ("topic::events", "psm")
        text = screen_text(app)
        assert "How long is a Sprint at most?" in text
        assert review.revealed  # still showing the answer
        assert "One month." in text
        await pilot.press("3")
        assert services.stats.overview().reviews_total == 1


async def test_quick_edit_cancel_changes_nothing(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_deck(pilot, "Sample::Basics")
        card = review.session.current
        assert card is not None
        await pilot.press("e")
        next(iter(app.screen.query(TextArea))).load_text("changed")
        await pilot.press("escape")
        assert app.screen is review
        assert services.library.card(card.id).note.fields == card.note.fields


async def test_quick_edit_refuses_an_empty_note(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_deck(pilot, "Sample::Basics")
        card = review.session.current
        assert card is not None
        await pilot.press("e")
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        for area in editor.query(TextArea):
            area.load_text("")
        await pilot.press("ctrl+s")
        assert app.screen is editor  # refused in place: what was typed stays to be fixed
        assert "at least one non-empty field" in screen_text(app)
        await pilot.press("escape")
        assert app.screen is review
        assert services.library.card(card.id).note.fields == card.note.fields
