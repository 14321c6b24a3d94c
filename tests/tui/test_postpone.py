"""The dashboard's p menu (postpone, advance, break, undo) and the browser's p / A bulk actions,
driven by key presses on a real database."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Input

from pmstudy.clock import FixedClock
from pmstudy.db.models import CalendarDayRow, CardRow
from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.browser import BrowserScreen
from pmstudy.tui.screens.dialogs import ConfirmScreen, PromptScreen
from pmstudy.tui.screens.postpone import PostponeMenu, parse_break
from tests.tui.test_browser import Host, status
from tests.tui.test_deck_actions import on_deck, settle
from tests.tuning.support import write_history
from tests.tuning.synthetic import START, generate

NOW = START + dt.timedelta(days=200, hours=10)
DECK = "Sample::Studied"


@pytest.fixture
def studied(services: Services, clock: FixedClock) -> Services:
    """The sample decks and a deck of 120 cards with 200 days of answers, at the end of them."""
    clock.set(NOW)
    write_history(services, generate(120, 200, seed=6), deck=DECK)
    return services


def due_of(services: Services) -> dict[int, object]:
    with services.sessions() as session:
        rows = session.execute(select(CardRow.id, CardRow.due)).all()
    return {int(c): due for c, due in rows}


async def _answer(pilot: Pilot[Any], value: str) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, PromptScreen)
    screen.query_one(Input).value = value
    await pilot.press("enter")
    await settle(pilot)


async def test_postpone_from_the_dashboard_previews_confirms_and_undoes(
    studied: Services,
) -> None:
    before = due_of(studied)
    app = PmStudyApp(services=studied)
    async with app.run_test(size=(120, 40)) as pilot:
        await on_deck(pilot, DECK, "p")
        assert isinstance(app.screen, PostponeMenu)
        await pilot.press("p")
        await settle(pilot)
        await _answer(pilot, "5")
        assert isinstance(app.screen, ConfirmScreen)
        assert due_of(studied) == before  # the preview writes nothing
        await pilot.press("y")
        await settle(pilot)
        changed = [c for c, due in due_of(studied).items() if before[c] != due]
        assert len(changed) == 5
        await pilot.press("p", "u")
        await settle(pilot)
    assert due_of(studied) == before


async def test_a_break_from_the_dashboard_writes_the_calendar(studied: Services) -> None:
    today = studied.postponer.today()
    start, end = today + dt.timedelta(days=2), today + dt.timedelta(days=3)
    app = PmStudyApp(services=studied)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_deck(pilot, DECK, "p", "b")
        await _answer(pilot, "2020-01-01 2020-01-02")
        assert isinstance(app.screen, PromptScreen)  # refused: before today; still asking
        await _answer(pilot, f"{start} {end}")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
    with studied.sessions() as session:
        days = session.scalars(select(CalendarDayRow.day).where(CalendarDayRow.load == 0)).all()
    assert sorted(days) == [start, end]


async def test_advance_and_postpone_are_browser_bulk_actions(studied: Services) -> None:
    before = due_of(studied)
    screen = BrowserScreen(studied, f'"deck:{DECK}"')
    async with Host(screen).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a", "A")  # mark all, advance
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        advanced = {c for c, due in due_of(studied).items() if before[c] != due}
        assert advanced
        assert "advance: " in status(pilot)
        await pilot.press("p")
        await settle(pilot)
        await _answer(pilot, "0")
        postponed = {c for c, due in due_of(studied).items() if before[c] != due} - advanced
        assert postponed
        await pilot.press("u")
        await settle(pilot)
        assert {c for c, due in due_of(studied).items() if before[c] != due} == advanced
        await pilot.press("u")
        await settle(pilot)
    assert due_of(studied) == before


def test_break_dates_are_checked() -> None:
    today = dt.date(2026, 5, 4)
    assert parse_break("2026-05-10 2026-05-12", today) == (
        dt.date(2026, 5, 10),
        dt.date(2026, 5, 12),
    )
    assert parse_break("2026-05-10", today) == (dt.date(2026, 5, 10), dt.date(2026, 5, 10))
    for bad, reason in [
        ("2026-05-12 2026-05-10", "comes before"),
        ("2026-05-01 2026-05-02", "before today"),
        ("soon", "YYYY-MM-DD"),
        ("", "first and the last day"),
    ]:
        with pytest.raises(ValueError, match=reason):
            parse_break(bad, today)
