"""A CSV deck whose card shows images, real PNG files (made with Pillow) in its media folder."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from textual.pilot import Pilot

from pmstudy.clock import FixedClock
from pmstudy.io.media import folder_for, stored_name
from pmstudy.services.container import Services, build_services
from pmstudy.settings import Settings
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.review import ReviewScreen

# One card: the question shows chart.png; the answer shows answer.png, a missing file and a
# name that climbs out of the media folder.
DECK = (
    "Front,Back\n"
    '"Which way does <img src=""chart.png""> trend?",'
    '"Up: <img src=""answer.png""><img src=""gone.png""><img src=""../x.png"">"\n'
)
SOURCE = "csv:images"


def media_folder(services: Services) -> Path:
    """Where the deck's media files are stored."""
    return services.settings.media_dir / folder_for(SOURCE)


def write_png(path: Path, size: tuple[int, int] = (160, 100), mode: str = "RGB") -> Path:
    """A real PNG: a blue field with a red square and a yellow band (colours to see)."""
    from PIL import Image, ImageDraw

    image = Image.new(mode, size, (30, 60, 200) if mode == "RGB" else 0)
    if mode == "RGB":
        draw = ImageDraw.Draw(image)
        width, height = size
        draw.rectangle((width // 4, height // 4, width // 2, height // 2), fill=(220, 30, 30))
        draw.rectangle((0, height * 3 // 4, width, height), fill=(240, 220, 40))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path


def image_deck(tmp_path: Path, services: Services) -> int:
    """Import the deck, store chart.png and answer.png, put a PNG outside the media folder
    (where ``../x.png`` would point); the card's id."""
    csv = tmp_path / "images.csv"
    csv.write_text(DECK, encoding="utf-8")
    services.imports.import_file(csv)
    services.decks.choose_exams([])
    folder = media_folder(services)
    write_png(folder / stored_name("chart.png"))
    write_png(folder / stored_name("answer.png"), (80, 160))
    write_png(folder.parent / "x.png")
    card = services.library.card(1)  # the first card of an empty database
    assert card.note.source == SOURCE
    return card.id


@contextmanager
def images_services(settings: Settings, clock: FixedClock, mode: str) -> Iterator[Services]:
    """Services whose ``images`` setting is ``mode``."""
    built = build_services(
        settings.model_copy(update={"images": mode}), clock, seed=1, sync_decks=False
    )
    try:
        yield built
    finally:
        built.close()


async def settle(pilot: Pilot[None]) -> None:
    """Let the image workers finish and their results reach the screen."""
    for _ in range(3):  # a preview worker, then the image's
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def open_review(app: PmStudyApp, pilot: Pilot[None], card_id: int) -> ReviewScreen:
    """The review screen over the one card, its images drawn."""
    services = app.services
    await pilot.pause()
    card = services.library.card(card_id)
    screen = ReviewScreen(services, services.study.start_filtered([card_id]), card.deck_name)
    app.push_screen(screen)
    await settle(pilot)
    return screen
