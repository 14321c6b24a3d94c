"""SVG snapshots of a card's images in half-block cells at 80x24 and 120x40: the review
screen's question (its image under the text), its answer (the first of three images, then a
missing one as one line) and the browser's preview.

textual-image is imported with no terminal to ask (``half_block_image``), so the half-block
renderer draws every snapshot. Update with ``pytest tests/tui --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from pmstudy.clock import FixedClock
from pmstudy.services.container import Services
from pmstudy.settings import Settings
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.browser import BrowserScreen
from pmstudy.tui.screens.review import ReviewScreen
from tests.tui.images_support import image_deck, images_services, settle

SnapCompare = Callable[..., bool]
SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


@pytest.fixture
def deck(tmp_path: Path, settings: Settings, clock: FixedClock) -> Iterator[Services]:
    with images_services(settings, clock, "inline") as services:
        image_deck(tmp_path, services)
        yield services


def _review(keys: tuple[str, ...]) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        services: Services = app.services  # type: ignore[attr-defined]
        await settle(pilot)
        session = services.study.start_filtered([1])
        app.push_screen(ReviewScreen(services, session, "images"))
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


@SIZES
def test_review_question_image(snap_compare: SnapCompare, deck: Services, size: Any) -> None:
    assert snap_compare(PmStudyApp(services=deck), terminal_size=size, run_before=_review(()))


@SIZES
def test_review_answer_image(snap_compare: SnapCompare, deck: Services, size: Any) -> None:
    run_before = _review(("space",))
    assert snap_compare(PmStudyApp(services=deck), terminal_size=size, run_before=run_before)


@SIZES
def test_review_missing_image(snap_compare: SnapCompare, deck: Services, size: Any) -> None:
    run_before = _review(("space", "i"))
    assert snap_compare(PmStudyApp(services=deck), terminal_size=size, run_before=run_before)


@SIZES
def test_browser_preview_image(snap_compare: SnapCompare, deck: Services, size: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        pilot.app.push_screen(BrowserScreen(deck, "deck:images"))
        await settle(pilot)

    assert snap_compare(PmStudyApp(services=deck), terminal_size=size, run_before=run_before)
