"""The dashboard: deck tree and counts, starting a review, installing bundled decks."""

from __future__ import annotations

import re

from textual.widgets import SelectionList

from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.dashboard import DashboardScreen
from pmstudy.tui.screens.install import InstallDecksScreen
from pmstudy.tui.screens.review import ReviewScreen
from pmstudy.tui.widgets.deck_table import DeckTable
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
