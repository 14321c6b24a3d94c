"""The review flow: reveal, rate, undo, suspend, bury, end, waiting for learning cards."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from pmstudy.clock import FixedClock
from pmstudy.domain.model import CardState, Rating
from pmstudy.services.container import Services
from pmstudy.services.study import StudyService
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.dashboard import DashboardScreen
from pmstudy.tui.screens.review import ReviewScreen
from pmstudy.tui.screens.summary import SummaryScreen
from pmstudy.tui.widgets.card_view import CardView
from pmstudy.tui.widgets.rating_bar import RatingBar
from tests.tui.support import SIZE, open_deck, screen_text


def _answers(services: Services) -> int:
    return services.stats.overview().reviews_total


async def test_reveal_and_rate_saves_the_review(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_deck(pilot, "Sample::Basics")
        text = screen_text(app)
        assert "What is the longest a Sprint may last?" in text
        assert "One month" not in text
        assert review.session.counts().new == 3

        await pilot.press("space")
        text = screen_text(app)
        assert "One month. Shorter Sprints are allowed." in text
        assert "Source: SG2020 §The Sprint" in text
        # the rating bar shows every rating with its interval, as in Anki
        intervals = review.session.intervals()
        for rating, name in ((1, "Again"), (2, "Hard"), (3, "Good"), (4, "Easy")):
            assert f"{rating} {name}  {intervals[Rating(rating)]}" in text

        await pilot.press("3")
        assert _answers(services) == 1
        assert review.session.counts().new == 2
        assert review.session.counts().learning == 1
        assert "Daily Scrum" in screen_text(app)


async def test_rating_bar_buttons_answer_too(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        await open_deck(pilot, "Sample::Basics")
        await pilot.click("#show-answer")
        await pilot.click("#rate-4")
        assert _answers(services) == 1
        assert services.stats.overview().cards_review == 1


async def test_enter_reveals_then_rates_good(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_deck(pilot, "Sample::Basics")
        await pilot.press("enter")
        assert review.revealed
        await pilot.press("enter")
        assert review.session.summary.by_rating == {int(Rating.GOOD): 1}


async def test_undo_is_multi_level(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_deck(pilot, "Sample::Basics")
        first = review.session.current
        await pilot.press("space", "1", "space", "3")
        assert _answers(services) == 2
        await pilot.press("u")
        assert _answers(services) == 1
        await pilot.press("u")
        assert _answers(services) == 0
        assert review.session.current is not None
        assert first is not None
        assert review.session.current.id == first.id
        assert review.session.counts().new == 3
        assert not review.revealed
        assert "What is the longest a Sprint may last?" in screen_text(app)
        await pilot.press("u")  # nothing left to undo: nothing happens
        assert _answers(services) == 0


async def test_suspend_and_bury_take_the_card_out(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_deck(pilot, "Sample::Basics")
        await pilot.press("exclamation_mark")
        overview = services.stats.overview()
        assert overview.cards_suspended == 1
        assert review.session.counts().new == 2
        await pilot.press("minus")
        assert services.stats.overview().cards_buried == 1
        assert review.session.counts().new == 1
        assert "Name the five Scrum values." in screen_text(app)
        await pilot.press("u", "u")
        overview = services.stats.overview()
        assert (overview.cards_suspended, overview.cards_buried) == (0, 0)
        assert review.session.counts().new == 3


async def test_escape_shows_summary_then_dashboard_counts_refresh(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        await open_deck(pilot, "Sample::Basics")
        await pilot.press("space", "1", "space", "3")
        await pilot.press("escape")
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert "Cards done  2" in text
        assert "Again rate  50%" in text
        assert "Time        0 s" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        text = screen_text(app)
        assert "Reviewed 2 (0 min)" in text
        # Basics: one new card left, two in learning (all five decks: five new)
        assert "5 new · 2 learning · 0 due" in text
        assert re.search(r"Basics +1 +2 +0 +3", text)


async def test_done_message_when_the_deck_is_finished(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_deck(pilot, "Sample::Typing")
        await pilot.press("enter")  # submit an empty typed answer: reveals
        await pilot.press("4")  # Easy: graduates, nothing left today
        assert review.session.current is None
        assert "Congratulations! You have finished this deck for now." in screen_text(app)
        assert review.query_one(RatingBar).has_class("-idle")


async def test_waits_for_a_learning_card_then_shows_it(
    services: Services, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No learning ahead: the card answered Again (due in 1 minute) is not shown early.
    services.study = StudyService(
        services.db, clock, services.days, services.seed, learn_ahead=dt.timedelta(0)
    )
    monkeypatch.setattr(ReviewScreen, "POLL_SECONDS", 0.05)
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_deck(pilot, "Sample::Typing")
        await pilot.press("enter", "1")
        assert review.attempt is None
        assert "Next card in 1 min" in screen_text(app)
        assert review.session.counts().learning == 1
        clock.advance(seconds=30)
        await pilot.pause(0.1)
        assert review.attempt is None
        clock.advance(seconds=31)
        await pilot.pause(0.2)
        card = review.session.current
        assert card is not None
        assert card.memory.state == CardState.LEARNING
        assert "How many hours" in screen_text(app)
        assert review.query_one(CardView).face is not None
