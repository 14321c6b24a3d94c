"""Live answers through the study session with the load balancer, on a real SQLite file:
inside the fuzz range, away from breaks and easy weekdays, counted per preset, undoable."""

from __future__ import annotations

import datetime as dt

from pmstudy.clock import FixedClock
from pmstudy.domain.fmt import interval
from pmstudy.domain.model import CardState, Rating
from pmstudy.domain.scheduling import Scheduler
from pmstudy.services.container import Services
from tests.system.memory_chain import broken_links

WEDNESDAY_OFF = dt.date(2026, 12, 2)


def _scrum(services: Services) -> int:
    return next(n.id for n in services.study.deck_tree() if n.name == "Scrum")


def _study(services: Services, clock: FixedClock, days: int) -> list[tuple[dt.date, dt.date]]:
    """Answer up to 40 cards a day; (answer day, due day) of every answer ending in review
    three days or more ahead."""
    placed = []
    deck = _scrum(services)
    for day in range(days):
        session = services.study.start(deck)
        answered = 0
        while (card := session.next_card()) is not None and answered < 40:
            rating = [Rating.GOOD, Rating.GOOD, Rating.EASY, Rating.HARD][(card.id + day) % 4]
            result = session.answer(rating, duration_ms=1000)
            after = result.after
            if after.state == CardState.REVIEW and after.due is not None:
                today = services.days.day_of(clock.now())
                due_day = services.days.day_of(after.due)
                if (due_day - today).days >= 3:
                    placed.append((today, due_day))
            answered += 1
            clock.advance(minutes=2)
        clock.advance(days=1)
    return placed


def test_balanced_answers_avoid_breaks_and_stay_in_the_fuzz_range(
    services: Services, clock: FixedClock
) -> None:
    with services.db.read() as uow:
        preset = uow.repo.preset(uow.repo.deck(_scrum(services)).preset_id)
    assert preset.id is not None
    services.calendar.set_easy_days(preset.id, (1, 1, 1, 1, 1, 1, 0))  # Sundays off
    services.calendar.set_days([WEDNESDAY_OFF, WEDNESDAY_OFF + dt.timedelta(days=7)], 0.0)
    placed = _study(services, clock, 14)
    assert len(placed) > 50
    calendar = services.calendar.calendar(preset.id)
    on_breaks = [due for _, due in placed if calendar.is_break(due)]
    assert on_breaks == []
    # every answer is FSRS of the memory before it, its due day inside the fuzz range
    assert broken_links(services.settings.url, lambda _row: Scheduler(preset, services.days)) == []


def test_without_the_balancer_breaks_get_reviews(services: Services, clock: FixedClock) -> None:
    """The same study with the balancer off does put reviews on the break days (so the test
    above measures the balancer)."""
    services.calendar.set_balancing(False)
    services.calendar.set_days([WEDNESDAY_OFF, WEDNESDAY_OFF + dt.timedelta(days=7)], 0.0)
    with services.db.write() as uow:
        preset = uow.repo.preset(uow.repo.deck(_scrum(services)).preset_id)
    assert preset.id is not None
    services.calendar.set_easy_days(preset.id, (1, 1, 1, 1, 1, 1, 0))
    placed = _study(services, clock, 14)
    calendar = services.calendar.calendar(preset.id)
    assert [due for _, due in placed if calendar.is_break(due)] != []


def test_the_preview_shows_the_balanced_interval(services: Services, clock: FixedClock) -> None:
    """The interval a button shows is the one the answer gives, balancer included."""
    deck = _scrum(services)
    for _ in range(6):
        session = services.study.start(deck)
        while session.next_card() is not None:
            shown = session.intervals()[Rating.GOOD]
            result = session.answer(Rating.GOOD, duration_ms=1000)
            assert result.after.due is not None
            assert interval(result.after.due - clock.now()) == shown
            clock.advance(minutes=1)
        clock.advance(days=3)
