"""Undo on the review screen when another window has answered the card since."""

from __future__ import annotations

from pmstudy.domain.model import Rating
from pmstudy.services.container import Services, build_services
from pmstudy.tui.app import PmStudyApp
from tests.tui.support import SIZE, open_deck, screen_text


async def test_undo_says_so_when_another_window_answered_the_card_since(
    services: Services,
) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_deck(pilot, "Sample::Basics")
        card = review.session.current
        assert card is not None
        await pilot.press("space", "1")
        other = build_services(services.settings, services.study.clock, seed=1)
        try:
            window = other.study.start_filtered([card.id])
            assert window.next_card() is not None
            theirs = window.answer(Rating.GOOD, duration_ms=1000)
        finally:
            other.close()
        before = services.stats.overview().reviews_total
        await pilot.press("u")
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any(m.startswith("Not undone: another window") for m in messages)
        assert "Show answer" in screen_text(app)  # the card on screen stays
        assert services.stats.overview().reviews_total == before
        stored = services.study.start_filtered([card.id]).next_card()
        assert stored is not None
        assert stored.memory == theirs.after
