"""The dashboard's deck actions: rename (a refusal keeps what was typed), delete with undo
(cards, notes and review history back exactly), move, exam links, export; keys, help, palette."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, OptionList, RadioButton, SelectionList, Static

from pmstudy.domain.model import Rating
from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.commands import help_rows, palette_commands
from pmstudy.tui.screens.dashboard import DashboardScreen
from pmstudy.tui.screens.deck_actions import ExamLinksScreen, MoveDeckScreen, RenameDeckScreen
from pmstudy.tui.screens.deck_export import ExportDeckScreen
from pmstudy.tui.screens.dialogs import ConfirmScreen
from pmstudy.tui.widgets.deck_table import DeckTable
from tests.tui.support import deck_id, screen_text

COUNTS = "SELECT (SELECT count(*) FROM cards), (SELECT count(*) FROM review_log)"


async def settle(pilot: Pilot[Any]) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def on_deck(pilot: Pilot[Any], name: str, *keys: str) -> None:
    """Highlight deck ``name`` on the dashboard, then press ``keys``."""
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, PmStudyApp)
    table = app.screen.query_one(DeckTable)
    table.move_cursor(row=table.get_row_index(str(deck_id(app.services, name))))
    await pilot.press(*keys)
    await settle(pilot)


def names(services: Services) -> list[str]:
    return [n.name for n in services.study.deck_tree()]


def rows(services: Services, sql: str) -> list[tuple[object, ...]]:
    with services.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text(sql))]


def error_of(app: PmStudyApp, widget_id: str) -> str:
    return str(app.screen.query_one(widget_id, Static).render())


def toasts(app: PmStudyApp) -> str:
    return "\n".join(n.message for n in app._notifications)


async def test_rename_keeps_what_was_typed_when_refused(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_deck(pilot, "Sample::Basics", "n")
        assert isinstance(app.screen, RenameDeckScreen)
        box = app.screen.query_one(Input)
        assert box.value == "Sample::Basics"
        box.value = "Sample::Typing"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RenameDeckScreen)
        assert box.value == "Sample::Typing"
        assert error_of(app, "#deck-error") == "a deck named 'Sample::Typing' exists already"
        box.value = "Sample::"
        await pilot.press("enter")
        assert "has an empty level" in error_of(app, "#deck-error")
        box.value = "Course::Basics"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert "Course::Basics" in names(services)
        assert "Sample::Basics" not in names(services)
        assert "Course" in screen_text(app)  # the table was refreshed


async def test_delete_then_undo_puts_cards_notes_and_history_back(services: Services) -> None:
    session = services.study.start(deck_id(services, "Sample::Basics"))
    for _ in range(3):
        assert session.next_card() is not None
        session.answer(Rating.GOOD, duration_ms=1200)
    services.exams.add("psm-1", "2027-01-10", decks=["Sample::Basics", "Sample::Typing"])
    tables = ("decks", "notes", "cards", "review_log", "exam_goal_decks")
    before = {t: rows(services, f"SELECT * FROM {t} ORDER BY 1, 2") for t in tables}
    review = rows(services, "SELECT * FROM review_log ORDER BY id DESC LIMIT 1")
    counts = rows(services, COUNTS)

    app = PmStudyApp(services=services)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_deck(pilot, "Sample::Basics", "d")
        assert isinstance(app.screen, ConfirmScreen)
        details = error_of(app, "#confirm-preview")
        assert "3 cards, 3 notes used only there and 3 reviews of history will be" in details
        assert "Professional Scrum Master I (PSM I) (exam 1, 2027-01-10) loses its link" in details
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert "Sample::Basics" not in names(services)
        assert rows(services, "SELECT count(*) FROM review_log") == [(0,)]
        assert services.exams.goal(1).deck_names == ("Sample::Typing",)
        assert "u undo delete" in screen_text(app)

        await pilot.press("u")
        await settle(pilot)
        after = {t: rows(services, f"SELECT * FROM {t} ORDER BY 1, 2") for t in tables}
        assert after == before
        assert rows(services, "SELECT * FROM review_log ORDER BY id DESC LIMIT 1") == review
        assert rows(services, COUNTS) == counts
        assert "Basics" in screen_text(app)
        assert "u undo delete" not in screen_text(app)
        assert not app.screen.check_action("undo_delete", ())


async def test_delete_kept_with_n_and_refused_for_an_exams_last_deck(
    services: Services,
) -> None:
    services.exams.add("psm-1", "2027-01-10", decks=["Sample::Choice"])
    app = PmStudyApp(services=services)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_deck(pilot, "Sample::Basics", "d", "n")
        assert isinstance(app.screen, DashboardScreen)
        assert "Sample::Basics" in names(services)
        await on_deck(pilot, "Sample::Choice", "d")
        assert isinstance(app.screen, DashboardScreen)  # no dialog: said at once
        assert "holds every deck of exam 1 (psm-1)" in toasts(app)
        assert "Sample::Choice" in names(services)


async def choose(pilot: Pilot[Any], label: str) -> str:
    """Pick option ``label`` of the move dialog; the error line after."""
    options = pilot.app.screen.query_one(OptionList)
    for index in range(options.option_count):
        if str(options.get_option_at_index(index).prompt) == label:
            options.highlighted = index
    await pilot.press("enter")
    await settle(pilot)
    if not isinstance(pilot.app.screen, MoveDeckScreen):
        return ""
    return str(pilot.app.screen.query_one("#deck-error", Static).render())


async def test_move_to_the_top_level_and_a_refusal_keeps_the_dialog(
    services: Services,
) -> None:
    services.browser.move(list(services.browser.search("deck:Sample::Choice").ids[:1]), "Typing")
    app = PmStudyApp(services=services)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_deck(pilot, "Sample::Typing", "v")
        assert isinstance(app.screen, MoveDeckScreen)
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert labels[0] == "(top level)"
        assert "Sample  (where it is now)" in labels
        assert "Sample::Typing" not in labels
        await pilot.press("enter")  # the top level: a deck named Typing is there
        await settle(pilot)
        assert isinstance(app.screen, MoveDeckScreen)
        assert error_of(app, "#deck-error") == "a deck named 'Typing' exists already"
        await pilot.press("down")
        assert "already under 'Sample'" in await choose(pilot, "Sample  (where it is now)")
        await choose(pilot, "Sample::Basics")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert "Sample::Basics::Typing" in names(services)


async def test_exam_links_tick_and_untick(services: Services) -> None:
    services.exams.add("psm-1", "2027-01-10", decks=["Sample::Typing"])
    app = PmStudyApp(services=services)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_deck(pilot, "Sample::Basics", "l")
        assert isinstance(app.screen, ExamLinksScreen)
        assert app.screen.query_one(SelectionList).selected == []
        await pilot.press("space", "s")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert services.exams.goal(1).deck_names == ("Sample::Basics", "Sample::Typing")

        await on_deck(pilot, "Sample::Typing", "l")
        assert app.screen.query_one(SelectionList).selected == [1]
        await pilot.press("space", "s")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert services.exams.goal(1).deck_names == ("Sample::Basics",)

        await on_deck(pilot, "Sample::Basics", "l", "space", "s")
        assert isinstance(app.screen, ExamLinksScreen)  # an exam keeps one deck
        assert "would have no deck left" in error_of(app, "#deck-error")
        await pilot.press("escape")
        assert services.exams.goal(1).deck_names == ("Sample::Basics",)


async def test_export_to_the_downloads_folder(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("XDG_DOWNLOAD_DIR", raising=False)
    app = PmStudyApp(services=services)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_deck(pilot, "Sample::Basics", "e")
        assert isinstance(app.screen, ExportDeckScreen)
        assert app.screen.query_one(Input).value == "~/Downloads/Sample - Basics.apkg"
        assert not (home / "Downloads").exists()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert (home / "Downloads" / "Sample - Basics.apkg").stat().st_size > 0
        assert "Exported 3 notes, 3 cards, 0 reviews to ~/Downloads/Sample - Basics.apkg." in (
            toasts(app)
        )

        await on_deck(pilot, "Sample::Basics", "e")
        screen = app.screen
        assert isinstance(screen, ExportDeckScreen)
        await pilot.press("enter")  # the file exists: asks first
        await settle(pilot)
        assert "exists: press ⏎ again to replace it" in error_of(app, "#export-error")
        screen.query(RadioButton)[1].value = True  # CSV
        await settle(pilot)
        assert screen.query_one(Input).value == "~/Downloads/Sample - Basics.csv"
        assert screen.query_one(Checkbox).disabled
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        csv = (home / "Downloads" / "Sample - Basics.csv").read_text(encoding="utf-8")
        assert len(csv.splitlines()) >= 3


async def test_the_deck_keys_are_in_help_and_the_palette(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert "deck: n rename · d delete · v move · l exams · e export" in screen_text(app)
        commands = {c.name: c.key for c in palette_commands(screen)}
        assert commands["Rename deck…"] == "n"
        assert commands["Delete deck… (cards, notes, history; undo with u)"] == "d"
        assert commands["Move deck… under another deck"] == "v"
        assert commands["Link deck to exams…"] == "l"
        assert commands["Export deck… (.apkg, CSV, deck file)"] == "e"
        assert "Undo the deck deletion" not in commands  # nothing deleted yet
        keys = {row.keys for row in help_rows(screen)}
        assert {"n", "d", "v", "l", "e", "u"} <= keys
        await pilot.press("ctrl+p")
        await pilot.press(*"rename deck")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RenameDeckScreen)
        assert app.screen.deck == "Sample"  # the highlighted deck
