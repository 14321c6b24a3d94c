"""A card's images in the review screen: drawn in half-block cells, or one line saying why not."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from pmstudy.clock import FixedClock
from pmstudy.settings import Settings
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.browser import BrowserScreen
from pmstudy.tui.widgets.card_images import CardImages, fit_cells, half_block_image
from tests.tui.images_support import (
    image_deck,
    images_services,
    media_folder,
    open_review,
    settle,
    write_png,
)

HalfcellImage = half_block_image()


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


async def test_browser_preview_draws_the_cards_images(
    tmp_path: Path, settings: Settings, clock: FixedClock
) -> None:
    with images_services(settings, clock, "inline") as services:
        image_deck(tmp_path, services)
        app = PmStudyApp(services=services)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            app.push_screen(BrowserScreen(services, "deck:images"))
            await settle(pilot)
            images = app.screen.query_one("#preview-images", CardImages)
            assert images.names == ["chart.png", "answer.png", "gone.png", "../x.png"]
            assert images.image_widget is not None
            assert "image 1/4" in _caption(images)
            await pilot.press("i")
            await settle(pilot)
            assert "image 2/4" in _caption(images)
            assert images.image_widget is not None


async def test_a_decompression_bomb_is_refused_before_decoding(
    tmp_path: Path, settings: Settings, clock: FixedClock
) -> None:
    with images_services(settings, clock, "inline") as services:
        card_id = image_deck(tmp_path, services)
        # 12,000 x 12,000 pixels (144 million) in a file of about 17 kB
        write_png(media_folder(services) / "chart.png", (12_000, 12_000), mode="1")
        app = PmStudyApp(services=services)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_review(app, pilot, card_id)
            front = screen.query_one("#card-front-images", CardImages)
            assert front.image_widget is None
            assert "chart.png: refused (too many pixels to decode safely)" in _caption(front)


async def test_off_shows_no_image_and_no_open_key(
    tmp_path: Path, settings: Settings, clock: FixedClock
) -> None:
    with images_services(settings, clock, "off") as services:
        card_id = image_deck(tmp_path, services)
        app = PmStudyApp(services=services)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_review(app, pilot, card_id)
            opened: list[Path] = []
            screen.app_opener = opened.append  # type: ignore[method-assign,assignment]
            front = screen.query_one("#card-front-images", CardImages)
            assert not front.display
            assert front.image_widget is None
            assert screen.check_action("open_media", ()) is False
            await pilot.press("o")
            await settle(pilot)
            assert opened == []
            assert "[image: chart.png]" in str(screen.query_one("#card-front", Static).render())


async def test_external_opens_with_o_and_draws_nothing(
    tmp_path: Path, settings: Settings, clock: FixedClock
) -> None:
    with images_services(settings, clock, "external") as services:
        card_id = image_deck(tmp_path, services)
        app = PmStudyApp(services=services)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_review(app, pilot, card_id)
            opened: list[Path] = []
            screen.app_opener = opened.append  # type: ignore[method-assign,assignment]
            assert not screen.query_one("#card-front-images", CardImages).display
            assert not screen.query(HalfcellImage)  # nothing drawn anywhere
            await pilot.press("o")
            await settle(pilot)
            assert [p.name for p in opened] == ["chart.png"]


def test_fit_cells_keeps_the_shape_and_never_grows() -> None:
    assert fit_cells(160, 100, 80, 8) == (16, 5)  # its own size: 10 x 20 pixels a cell
    assert fit_cells(2000, 1000, 72, 8) == (32, 8)  # the height limits
    assert fit_cells(2000, 100, 72, 8) == (72, 2)  # the width limits
    assert fit_cells(3, 3, 72, 8) == (1, 1)
