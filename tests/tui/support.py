"""Helpers shared by the TUI tests."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from textual.pilot import Pilot

from pmstudy.db.repo import Repository
from pmstudy.domain.deck_tree import DeckNode
from pmstudy.domain.model import ReviewEntry
from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.attempt import Attempt
from pmstudy.tui.screens.review import ReviewScreen
from pmstudy.tui.widgets.deck_table import DeckTable

SIZE = (100, 34)


def deck_id(services: Services, name: str) -> int:
    """The id of the deck called ``name``."""
    return next(node.id for node in services.study.deck_tree() if node.name == name)


def screen_text(app: PmStudyApp) -> str:
    """What the terminal shows now, as plain text (the screen and any screens under it)."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), record=True, legacy_windows=False
    )
    # The same composition export_screenshot() renders, as text instead of SVG.
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


def attempt_of(review: ReviewScreen) -> Attempt:
    """The attempt at the card on the review screen (there must be one)."""
    assert review.attempt is not None
    return review.attempt


async def open_deck(pilot: Pilot[Any], name: str) -> ReviewScreen:
    """Highlight deck ``name`` on the dashboard and press enter; return the review screen."""
    app = pilot.app
    assert isinstance(app, PmStudyApp)
    await pilot.pause()  # the dashboard may still be mounting
    table = app.screen.query_one(DeckTable)
    table.move_cursor(row=table.get_row_index(str(deck_id(app.services, name))))
    await pilot.press("enter")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


def review_log(services: Services, card_id: int) -> list[ReviewEntry]:
    """A card's review log (read straight from the database: tests may, the TUI may not)."""
    with services.sessions() as session:
        return Repository(session).reviews_of(card_id)


class ReadAheadAnswer:
    """The read-ahead child's answer (services/opening.py), as ``ReadAhead.result`` gives it,
    for a test app whose Textual threads run (forking then is what the app never does)."""

    def __init__(self, nodes: list[DeckNode]) -> None:
        self.nodes = nodes

    def result(self) -> list[DeckNode]:
        return self.nodes

    def cancel(self) -> None:
        pass
