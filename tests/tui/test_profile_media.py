"""Media are shared by the profiles of a data directory (docs/profiles.md): a card's image
imported in profile ana is drawn in profile ben once ben imports the same deck, from the one
file in ``DATA_DIR/media`` (no copy in ben's folder)."""

from __future__ import annotations

from pathlib import Path

from pmstudy.clock import FixedClock
from pmstudy.settings import Settings
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.widgets.card_images import CardImages
from tests.tui.images_support import image_deck, images_services, media_folder, open_review


async def test_an_image_imported_by_ana_is_drawn_for_ben(tmp_path: Path, clock: FixedClock) -> None:
    data = tmp_path / "data"
    ana = Settings(data_dir=data, timezone="UTC", profile="ana")
    with images_services(ana, clock, "inline") as services:
        image_deck(tmp_path, services)  # imports images.csv, stores its PNGs
        shared = media_folder(services)
    assert shared.parent == data / "media"
    ben = Settings(data_dir=data, timezone="UTC", profile="ben")
    with images_services(ben, clock, "inline") as services:
        services.imports.import_file(tmp_path / "images.csv")  # the same deck, no files
        services.decks.choose_exams([])
        assert media_folder(services) == shared
        card_id = services.library.card(1).id
        app = PmStudyApp(services=services)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_review(app, pilot, card_id)
            front = screen.query_one("#card-front-images", CardImages)
            assert front.image_widget is not None
    assert not list((data / "profiles" / "ben").rglob("*.png"))
