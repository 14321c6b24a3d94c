"""Help, the command palette, quitting, and the quick note edit."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, TextArea

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


async def test_the_palette_lists_quit_once(services: Services) -> None:
    """Issue 21: Textual's Quit and the app's q binding were both listed."""
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        names = [c.name for c in palette_commands(app.screen)]
        names += [c.title for c in app.get_system_commands(app.screen)]
        assert [n for n in names if "quit" in n.lower()] == ["Quit pmstudy"]
        assert names.count("Screenshot") == 1


@pytest.mark.parametrize("width", [80, 120])
async def test_help_fits_the_terminal(services: Services, width: int) -> None:
    """Issue 21: the help's "Where" column was cut."""
    app = PmStudyApp(services=services)
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.press("b")  # the browser has the most keys
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        used = sum(column.get_render_width(table) for column in table.columns.values())
        assert used <= table.content_region.width
        assert "this screen" in screen_text(app)


async def test_screenshot_goes_to_the_data_folder(services: Services) -> None:
    """Issue 21: Screenshot failed silently without ~/Downloads."""
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        path = app.take_screenshot()
        await pilot.pause()
        assert path is not None
        assert path.parent == services.settings.data_dir
        assert path.read_text(encoding="utf-8").startswith("<svg")
        assert any(str(path) in str(n.message) for n in app._notifications)


async def test_a_failed_screenshot_says_why(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(PmStudyApp, "data_dir", property(lambda self: blocked / "sub"))
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.take_screenshot() is None
        await pilot.pause()
        (note,) = list(app._notifications)
        assert note.severity == "error"
        assert "Screenshot not saved" in note.message


async def test_the_chosen_theme_is_kept(services: Services) -> None:
    """Issue 21: the chosen theme was forgotten at the next start."""
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme != "nord"
        app.theme = "nord"
        await pilot.pause()
    again = PmStudyApp(services=services)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "nord"
