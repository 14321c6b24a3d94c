"""Two windows on one database, in one process: two Services objects, two sessions.

Each session reads its cards ahead; an answer to a card the other window changed since must be
computed from the stored memory (and logged so), never written over it, and undo must not take
back an answer another window has built on. The same scenarios run on SQLite
(test_concurrent_answers.py) and PostgreSQL (tests/pg).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import select

from pmstudy.clock import FixedClock
from pmstudy.db.convert import entry_from_row
from pmstudy.db.models import ReviewLogRow
from pmstudy.domain.model import Memory, Rating, ReviewEntry
from pmstudy.domain.scheduling import DayClock, Scheduler, fuzz_rng, plan_reschedule
from pmstudy.services.container import Services
from pmstudy.services.session import AnswerResult, StudySession
from pmstudy.services.tuning import reschedule as reschedule_module
from pmstudy.settings import Settings
from tests.system.memory_chain import broken_links


def _scrum(services: Services) -> int:
    return next(n.id for n in services.study.deck_tree() if n.name == "Scrum")


def _stored(services: Services, card_id: int) -> Memory:
    session = services.study.start_filtered([card_id])
    card = session.next_card()
    assert card is not None
    assert card.id == card_id
    return card.memory


def _two_windows(services: Services, other: Services) -> tuple[StudySession, StudySession]:
    deck = _scrum(services)
    return services.study.start(deck), other.study.start(deck)


def _log(services: Services, card_id: int) -> list[ReviewEntry]:
    with services.sessions() as session:
        rows = session.scalars(
            select(ReviewLogRow).where(ReviewLogRow.card_id == card_id).order_by(ReviewLogRow.id)
        ).all()
        return [entry_from_row(r) for r in rows]


def answer_from_the_stored_memory(
    services: Services, other: Services, settings: Settings, clock: FixedClock
) -> None:
    """Both windows answer one card: the second answer is FSRS of the first's result, logged so,
    and the second window's copy of the card is refreshed."""
    first, second = _two_windows(services, other)
    card = first.next_card()
    assert card is not None
    assert second.next_card() == card
    clock.advance(seconds=30)
    mine = first.answer(Rating.GOOD, duration_ms=1000)
    assert not mine.recomputed
    clock.advance(seconds=90)
    theirs = second.answer(Rating.GOOD, duration_ms=1000)
    assert theirs.recomputed
    preset = services.presets.of_deck(card.deck_id)
    scheduler = Scheduler(preset, DayClock.named(settings.zone_name, 4))
    expected = scheduler.review(
        mine.after, Rating.GOOD, now=clock.now(), rng=fuzz_rng(1, card.id, mine.after.reps)
    )
    assert theirs.after == expected
    assert _stored(services, card.id) == expected
    # the log says what the second answer was really computed from
    log = _log(services, card.id)
    assert [e.before.stability for e in log] == [None, mine.after.stability]
    assert log[1].before.due == mine.after.due
    # the second window's copy is refreshed
    refreshed = second._ahead.get(card.id)
    assert refreshed is not None
    assert refreshed.memory == expected


def undo_keeps_an_answer_built_on(
    services: Services, other: Services, settings: Settings, clock: FixedClock
) -> None:
    """Undo of an answer the other window has answered over changes nothing and says so; the
    other window's own undo still works."""
    first, second = _two_windows(services, other)
    card = first.next_card()
    assert card is not None
    assert second.next_card() == card
    first.answer(Rating.AGAIN, duration_ms=1000)
    clock.advance(seconds=90)
    theirs = second.answer(Rating.GOOD, duration_ms=1000)
    step = first.undo()
    assert step is not None
    assert not step.restored
    assert _stored(services, card.id) == theirs.after
    assert len(_log(services, card.id)) == 2  # both answers stay logged
    # the other window's own answer is still its to take back: to the first answer's state
    undone = second.undo()
    assert undone is not None
    assert undone.restored
    assert _stored(services, card.id) == undone.before
    assert undone.before != card.memory
    assert len(_log(services, card.id)) == 1


def bury_undo_keeps_an_answer_made_since(
    services: Services, other: Services, settings: Settings, clock: FixedClock
) -> None:
    """Undo of a bury puts the flags back but not the memory: the other window answered since."""
    first, second = _two_windows(services, other)
    card = first.next_card()
    assert card is not None
    assert second.next_card() == card
    first.bury()
    theirs = second.answer(Rating.EASY, duration_ms=1000)
    step = first.undo()
    assert step is not None
    assert step.restored
    assert _stored(services, card.id) == theirs.after


def answer_while_a_reschedule_plans(
    services: Services, other: Services, settings: Settings, clock: FixedClock
) -> None:
    """The other window answers a card after a reschedule read the cards and before it
    writes: the reschedule leaves that card alone (no log row), the answer stays."""
    deck = next(n.id for n in services.study.deck_tree() if n.name == "Scrum")
    old = services.presets.save(replace(services.presets.of_deck(deck), new_per_day=40))
    session = services.study.start(deck)
    while session.next_card() is not None:
        session.answer(Rating.EASY, duration_ms=1000)
    setup_rows = services.stats.overview().reviews_total
    clock.advance(days=30)
    new = services.presets.save(replace(old, desired_retention=0.75))
    window = other.study.start(deck)
    card = window.next_card()
    assert card is not None
    answered: list[AnswerResult] = []

    def plan_then_answer(*args: Any, **kwargs: Any) -> Any:
        plan = plan_reschedule(*args, **kwargs)
        # the other window answers after the reschedule read the cards, before it writes
        answered.append(window.answer(Rating.GOOD, duration_ms=1000))
        return plan

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reschedule_module, "plan_reschedule", plan_then_answer)
        report = services.rescheduler.reschedule()
    assert report.changed >= 20
    assert [a.card_id for a in answered] == [card.id]
    stored = services.study.start_filtered([card.id]).next_card()
    assert stored is not None
    assert stored.memory == answered[0].after
    days = DayClock.named(settings.zone_name, settings.day_rollover_hour)
    setup, current = Scheduler(old, days), Scheduler(new, days)
    assert broken_links(settings.url, lambda row: setup if row <= setup_rows else current) == []
