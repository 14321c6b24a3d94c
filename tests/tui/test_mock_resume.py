"""A mock left open when pmstudy closed: on the next start the dashboard offers to resume it
(same items, answers, flags and time left) or to end and score it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from pmstudy.clock import FixedClock
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.mock import MockScreen
from pmstudy.tui.screens.mock_results import MockResultsScreen
from pmstudy.tui.screens.mock_resume import ResumeScreen
from tests.tui.conftest import make_services
from tests.tui.support import screen_text
from tests.tui.test_mock_screens import letters, open_start


async def _leave_a_mock_open(data: Path, clock: FixedClock) -> tuple[int, list[str]]:
    """Start the CAPM mock, answer item 1, flag item 2, spend 70 s, quit; the mock's id and
    its items' card order."""
    services = make_services(data, clock, sync_decks=False)
    try:
        app = PmStudyApp(services=services)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_start(pilot)
            await pilot.press("enter")
            await pilot.pause()
            mock = app.screen
            assert isinstance(mock, MockScreen)
            right, _ = letters(mock)
            await pilot.press(right, "n", "f")
            clock.advance(seconds=70)
            mock.tick()
            order = [str(i.drawn.card_id) for i in mock.run.items]
            await pilot.press("q")
        return mock.run.id, order
    finally:
        services.close()


async def _offered(app: PmStudyApp, pilot: Pilot[Any]) -> ResumeScreen:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    offer = app.screen
    assert isinstance(offer, ResumeScreen)
    return offer


async def test_resume_takes_the_mock_up_where_it_stood(mock_data: Path, clock: FixedClock) -> None:
    mock_id, order = await _leave_a_mock_open(mock_data, clock)
    clock.advance(hours=3)  # pmstudy was closed: not charged
    services = make_services(mock_data, clock, sync_decks=False)
    try:
        app = PmStudyApp(services=services)
        async with app.run_test(size=(80, 24)) as pilot:
            offer = await _offered(app, pilot)
            assert offer.unfinished.id == mock_id
            text = screen_text(app)
            assert "A mock was left unfinished" in text
            assert "1 of 12 answered, 13:50 left" in text
            await pilot.press("r")
            await pilot.pause()
            mock = app.screen
            assert isinstance(mock, MockScreen)
            assert [str(i.drawn.card_id) for i in mock.run.items] == order
            state = mock.state
            assert state.position == 1
            assert state.items[0].answered
            assert state.items[1].flagged
            assert state.remaining_ms() == 830_000
            assert "13:50" in screen_text(app)
            clock.advance(seconds=10)
            mock.tick()
            assert mock.state.remaining_ms() == 820_000
    finally:
        services.close()


async def test_ending_an_open_mock_scores_it_as_it_stood(
    mock_data: Path, clock: FixedClock
) -> None:
    mock_id, _ = await _leave_a_mock_open(mock_data, clock)
    services = make_services(mock_data, clock, sync_decks=False)
    try:
        app = PmStudyApp(services=services)
        async with app.run_test(size=(80, 24)) as pilot:
            await _offered(app, pilot)
            await pilot.press("e")
            await pilot.pause()
            results = app.screen
            assert isinstance(results, MockResultsScreen)
            assert results.result.summary.id == mock_id
            assert results.result.score.unanswered == 11
            assert "ended without resuming" in screen_text(app)
        assert services.mocks.unfinished() is None
    finally:
        services.close()


async def test_later_keeps_it_open(mock_data: Path, clock: FixedClock) -> None:
    mock_id, _ = await _leave_a_mock_open(mock_data, clock)
    services = make_services(mock_data, clock, sync_decks=False)
    try:
        app = PmStudyApp(services=services)
        async with app.run_test(size=(80, 24)) as pilot:
            await _offered(app, pilot)
            await pilot.press("escape")
            await pilot.pause()
            start = await open_start(pilot)
            assert "Unfinished: CAPM (ECO 2023) mock exam" in screen_text(app)
            await pilot.press("u")
            await pilot.pause()
            assert isinstance(app.screen, MockScreen)
            assert app.screen.run.id == mock_id
            assert start.unfinished is not None
    finally:
        services.close()
