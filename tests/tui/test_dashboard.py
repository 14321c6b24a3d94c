"""The dashboard: deck tree and counts, starting a review, installing bundled decks."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import SelectionList

from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.commands import help_rows, palette_commands
from pmstudy.tui.screens.dashboard import DashboardScreen
from pmstudy.tui.screens.install import InstallDecksScreen
from pmstudy.tui.screens.review import ReviewScreen
from pmstudy.tui.widgets.deck_table import DeckTable
from tests.tui.conftest import DECKS
from tests.tui.support import SIZE, open_deck, screen_text


async def test_deck_tree_with_counts(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        text = screen_text(app)
        assert "Today  7 new · 0 learning · 0 due    Reviewed 0 (0 min)    Streak 0 days" in text
        lines = text.splitlines()
        sample = next(line for line in lines if re.search(r"\bSample\b", line))
        basics = next(line for line in lines if "Basics" in line)
        # sub-decks are indented under their parent
        assert basics.index("Basics") == sample.index("Sample") + 2
        assert re.search(r"Sample +7 +0 +0 +7", sample)
        assert re.search(r"Basics +3 +0 +0 +3", basics)


async def test_enter_starts_a_review_and_escape_comes_back(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # the cursor starts on the top deck
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.deck_name == "Sample"
        await pilot.press("space", "3", "escape", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert "Reviewed 1 (0 min)    Streak 1 day" in screen_text(app)


async def test_cursor_stays_on_the_deck_after_a_review(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_deck(pilot, "Sample::Choice")
        await pilot.press("escape", "escape")
        await pilot.pause()
        table = app.screen.query_one(DeckTable)
        assert table.selected is not None
        assert table.selected.name == review.deck_name


async def test_install_a_bundled_deck(services: Services) -> None:
    smallest = min(services.decks.bundled(), key=lambda deck: deck.cards)
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, InstallDecksScreen)
        text = screen_text(app)
        for deck in services.decks.bundled():
            assert deck.name in text
        listing: SelectionList[str] = app.screen.query_one(SelectionList)
        listing.select(smallest.id)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        installed = {deck.id for deck in services.decks.bundled() if deck.installed}
        assert installed == {smallest.id}
        top = {node.name for node in services.study.deck_tree() if node.depth == 0}
        assert smallest.name.split("::")[0] in top
        assert smallest.name.split("::")[-1] in screen_text(app)


async def test_install_cancelled_installs_nothing(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", "escape")
        assert isinstance(app.screen, DashboardScreen)
        assert not any(deck.installed for deck in services.decks.bundled())


async def test_the_bundled_scrum_deck_can_be_studied(scrum_services: Services) -> None:
    app = PmStudyApp(services=scrum_services)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_deck(pilot, "Scrum")
        for _ in range(5):
            face = review.query_one("#review-card").face  # type: ignore[attr-defined]
            if face.rendered.choices:
                await pilot.press(next(c.letter for c in face.rendered.choices).lower())
            await pilot.press("enter", "enter")  # reveal (or submit), then the default
        assert scrum_services.stats.overview().reviews_total == 5


async def test_the_deck_table_has_focus_whenever_the_dashboard_is_shown(
    services: Services,
) -> None:
    """At start, after help and after a session, ↑/↓ move the deck cursor at once (issue 21:
    the scroll container had the focus, so the arrows did nothing until Tab)."""
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DeckTable)

        async def arrows_move_the_cursor() -> None:
            assert isinstance(app.screen, DashboardScreen)
            assert app.focused is table
            row = table.cursor_row
            await pilot.press("down")
            assert table.cursor_row == row + 1
            await pilot.press("up")
            assert table.cursor_row == row

        await arrows_move_the_cursor()
        await pilot.press("question_mark")
        assert not isinstance(app.screen, DashboardScreen)
        await pilot.press("escape")
        await pilot.pause()
        await arrows_move_the_cursor()
        await open_deck(pilot, "Sample::Basics")
        await pilot.press("space", "3", "escape", "escape")
        await pilot.pause()
        await arrows_move_the_cursor()
        await pilot.press("tab")  # away from the table and back to a screen on top
        await pilot.press("question_mark", "escape")
        await pilot.pause()
        await arrows_move_the_cursor()


async def test_at_80_columns_rows_fit_and_the_footer_keeps_help(
    services: Services, tmp_path: Path
) -> None:
    """Long deck names end in an ellipsis inside the screen; the footer holds the daily keys
    and ? help; every other key (w, r, a, i, o) is in help and the palette (issue 21)."""
    long = "Agile and Hybrid Approaches to Delivery in Practice"
    text = (DECKS / "basics.toml").read_text(encoding="utf-8")
    text = text.replace('id = "tui-basics"', 'id = "tui-long"')
    path = tmp_path / "long.toml"
    path.write_text(text.replace('"Sample::Basics"', f'"PMP Question Bank::{long}"'))
    services.decks.import_file(path)
    app = PmStudyApp(services=services)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        row = next(line for line in lines if "Agile and Hybrid" in line)
        assert long not in row
        assert re.search(r"Agile and Hybrid.*… +3 +0 +0 +3 +preset *$", row)
        footer = lines[-1]
        for key in ("⏎ Study deck", "x Exams", "m Mock", "b Browse", "s Stats", "? Help"):
            assert key in footer
        assert footer.rstrip().endswith("palette")
        screen = app.screen
        keys = {row.keys for row in help_rows(screen)}
        palette = {command.key for command in palette_commands(screen)}
        for key in ("a", "i", "o", "w", "r", "x", "m", "b", "s"):
            assert key in keys
            assert key in palette
