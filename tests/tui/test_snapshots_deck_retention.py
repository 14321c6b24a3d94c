"""SVG snapshots of the deck options screen with this deck's own desired retention (0.85 beside
the preset's 0.90), scrolled to it, at 80x24 and 120x40.

Update with ``pytest tests/tui/test_snapshots_deck_retention.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from tests.tui.screen_shots import settle, steady

SnapCompare = Callable[..., bool]


async def _deck_options_at_this_decks_retention(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("o")  # the dashboard's first deck
    await settle(pilot)
    field = pilot.app.screen.query_one("#opt-deck_retention", Input)
    field.focus()
    field.scroll_visible(animate=False)
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_deck_options_with_this_decks_retention(
    snap_compare: SnapCompare, services: Services, size: tuple[int, int]
) -> None:
    first = services.study.deck_tree()[0]
    services.presets.set_deck_retention(first.id, 0.85)
    app = PmStudyApp(services=services)
    assert snap_compare(
        app, terminal_size=size, run_before=steady(_deck_options_at_this_decks_retention)
    )
