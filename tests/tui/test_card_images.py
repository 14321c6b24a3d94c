"""A card's images in the review screen: drawn in half-block cells, or one line saying why not."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from pmstudy.clock import FixedClock
from pmstudy.settings import Settings
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.widgets.card_images import CardImages
from tests.tui.images_support import image_deck, images_services, open_review, settle


def _caption(images: CardImages) -> str:
    return str(images.query_one("#images-caption", Static).render())


async def test_question_image_drawn_then_answer_images_one_at_a_time(
    tmp_path: Path, settings: Settings, clock: FixedClock
) -> None:
    with images_services(settings, clock, "inline") as services:
        card_id = image_deck(tmp_path, services)
        app = PmStudyApp(services=services)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_review(app, pilot, card_id)
            front = screen.query_one("#card-front-images", CardImages)
            drawn = front.image_widget
            assert drawn is not None
            assert type(drawn).__name__ == "HalfcellImage"
            assert drawn.region.height >= 2
            await pilot.press("space")
            await settle(pilot)
            back = screen.query_one("#card-back-images", CardImages)
            assert not front.display
            assert back.display
            assert back.image_widget is not None
            assert "image 1/3" in _caption(back)
            await pilot.press("i")
            await settle(pilot)
            assert back.image_widget is None
            assert "gone.png: cannot be read (not in the collection's media folder)" in _caption(
                back
            )
            await pilot.press("i")
            await settle(pilot)
            assert back.image_widget is None
            assert "../x.png: refused (the name points outside the media folder)" in _caption(back)
            await pilot.press("i")
            await settle(pilot)
            assert back.image_widget is not None  # round again to the first
