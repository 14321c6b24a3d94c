"""An imported card with an image: 'o' hands the stored file to the system viewer."""

from __future__ import annotations

from pathlib import Path

from pmstudy.errors import NotFoundError
from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.review import ReviewScreen
from tests.conftest import anki_package


async def test_o_opens_the_cards_image(empty_services: Services) -> None:
    package = anki_package()
    empty_services.imports.import_file(package)
    empty_services.decks.choose_exams([])
    card_id = next(c for c in range(1, 200) if _has_image(empty_services, c))
    card = empty_services.library.card(card_id)
    opened: list[Path] = []
    app = PmStudyApp(services=empty_services)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        session = empty_services.study.start_filtered([card.id])
        screen = ReviewScreen(empty_services, session, card.deck_name)
        screen.app_opener = opened.append  # type: ignore[method-assign,assignment]
        app.push_screen(screen)
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
    assert len(opened) == 1
    assert opened[0].is_file()
    assert opened[0].name.endswith(".png")


def _has_image(services: Services, card_id: int) -> bool:
    try:
        return any(m.path for m in services.imports.media_for_card(card_id))
    except NotFoundError:
        return False
