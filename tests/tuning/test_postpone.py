"""Postpone, advance and a break on a real database: one undoable step each, written as the
reschedule writes (a manual log row per card), undone row for row, cards answered since kept."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from pmstudy.clock import FixedClock
from pmstudy.db.models import CalendarDayRow, CardRow, ReviewLogRow
from pmstudy.domain.model import Rating
from pmstudy.domain.scheduling import MoveKind
from pmstudy.errors import PmStudyError
from pmstudy.services.container import Services
from pmstudy.services.tuning import MoveScope
from tests.tuning.support import write_history
from tests.tuning.synthetic import START, generate

NOW = START + dt.timedelta(days=200, hours=10)
ALL = MoveScope()


def _cards(services: Services) -> list[tuple[object, ...]]:
    with services.sessions() as session:
        rows = session.execute(
            select(
                CardRow.id, CardRow.deck_id, CardRow.state, CardRow.step, CardRow.stability,
                CardRow.difficulty, CardRow.due, CardRow.last_review, CardRow.reps,
            ).order_by(CardRow.id)
        ).all()  # fmt: skip
    return [tuple(r) for r in rows]


def _log(services: Services) -> list[tuple[object, ...]]:
    with services.sessions() as session:
        rows = session.execute(select(ReviewLogRow).order_by(ReviewLogRow.id)).scalars().all()
        return [(r.id, r.card_id, r.kind, r.answer, r.due_before, r.due_after) for r in rows]


def _calendar(services: Services) -> dict[dt.date, float]:
    with services.sessions() as session:
        return {r.day: r.load for r in session.scalars(select(CalendarDayRow)).all()}


@pytest.fixture
def studied(empty_services: Services, clock: FixedClock) -> Services:
    clock.set(NOW)
    write_history(empty_services, generate(150, 200, seed=6))
    write_history(empty_services, generate(60, 200, seed=7), deck="Other")
    return empty_services


def _due_day(services: Services, value: dt.datetime) -> dt.date:
    return services.days.day_of(value)


def test_postpone_is_one_step_and_undo_restores_every_row(studied: Services) -> None:
    cards, log = _cards(studied), _log(studied)
    preview = studied.postponer.postpone(MoveScope(deck="Synthetic"), count=5, dry_run=True)
    assert preview.plan.moved == 5
    assert not preview.applied
    assert (_cards(studied), _log(studied)) == (cards, log)
    done = studied.postponer.postpone(MoveScope(deck="Synthetic"), count=5)
    assert (done.applied, done.written) == (True, 5)
    moved = [a for a, b in zip(_cards(studied), cards, strict=True) if a != b]
    assert len(moved) == 5
    assert {m[1] for m in moved} == {cards[0][1]}  # only the deck's cards
    today = studied.days.day_of(NOW)
    assert all(_due_day(studied, m[6]) > today for m in moved)  # type: ignore[arg-type]
    added = _log(studied)[len(log) :]
    assert [(r[2], r[3]) for r in added] == [("manual", f"postpone {done.step}")] * 5
    assert all(r[4] != r[5] for r in added)  # before and after kept
    undone = studied.postponer.undo(MoveKind.POSTPONE)
    assert (undone.restored, undone.skipped) == (5, 0)
    assert (_cards(studied), _log(studied)) == (cards, log)
    with pytest.raises(PmStudyError, match="no postpone to undo"):
        studied.postponer.undo(MoveKind.POSTPONE)


def test_advance_and_undo_leave_a_card_answered_since(studied: Services, clock: FixedClock) -> None:
    done = studied.postponer.advance(ALL, count=4)
    assert done.written == 4
    assert done.plan.held > 0  # the safeguard keeps the cards that would lose too much
    with studied.sessions() as session:
        tagged = session.scalars(
            select(ReviewLogRow.card_id).where(ReviewLogRow.answer == f"advance {done.step}")
        ).all()
    clock.advance(minutes=5)
    run = studied.study.start_filtered([tagged[0]])
    assert run.next_card() is not None
    run.answer(Rating.GOOD, duration_ms=4000)
    answered = next(c for c in _cards(studied) if c[0] == tagged[0])
    undone = studied.postponer.undo(MoveKind.ADVANCE)
    assert (undone.restored, undone.skipped) == (3, 1)
    assert next(c for c in _cards(studied) if c[0] == tagged[0]) == answered


def test_undo_takes_back_the_newest_step_of_its_kind(studied: Services) -> None:
    first = studied.postponer.postpone(ALL, count=3)
    second = studied.postponer.advance(ALL, count=3)
    assert studied.postponer.undo(MoveKind.POSTPONE).step == first.step
    assert studied.postponer.undo().step == second.step
    assert studied.postponer.last() is None


def test_a_break_empties_its_days_writes_them_and_undoes_with_them(studied: Services) -> None:
    cards, log = _cards(studied), _log(studied)
    today = studied.days.day_of(NOW)
    start, end = today + dt.timedelta(days=2), today + dt.timedelta(days=4)
    studied.calendar.set_days([start], 0.5)  # an easy day the break replaces
    done = studied.postponer.schedule_break(MoveScope(), start, end)
    assert done.applied
    assert done.written == done.plan.candidates > 0
    assert done.plan.loads_after[2:5] == (0, 0, 0)
    assert _calendar(studied) == dict.fromkeys([start, start + dt.timedelta(1), end], 0.0)
    assert studied.postponer.breaks() == [(start, end)]
    for card in _cards(studied):
        if card[2] == 2:  # review cards: none due in the break
            assert not start <= _due_day(studied, card[6]) <= end  # type: ignore[arg-type]
    undone = studied.postponer.undo(MoveKind.BREAK)
    assert undone.days == (start, start + dt.timedelta(1), end)
    assert (_cards(studied), _log(studied)) == (cards, log)
    assert _calendar(studied) == {start: 0.5}


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s, t: s.postponer.postpone(MoveScope(deck="Nope")), "no deck named 'Nope'"),
        (lambda s, t: s.postponer.postpone(ALL, count=0), "at least 1"),
        (lambda s, t: s.postponer.schedule_break(ALL, t, t - dt.timedelta(1)), "before the start"),
        (lambda s, t: s.postponer.schedule_break(ALL, t - dt.timedelta(1), t), "before today"),
        (
            lambda s, t: s.postponer.schedule_break(MoveScope(deck="Nope"), t, t),
            "no deck named",
        ),
    ],
)
def test_bad_input_changes_nothing(studied: Services, call: object, message: str) -> None:
    cards, log = _cards(studied), _log(studied)
    today = studied.days.day_of(NOW)
    with pytest.raises(PmStudyError, match=message):
        call(studied, today)  # type: ignore[operator]
    assert (_cards(studied), _log(studied), _calendar(studied)) == (cards, log, {})


def test_the_browsers_postpone_and_advance_are_bulk_actions_with_undo(studied: Services) -> None:
    cards, log = _cards(studied), _log(studied)
    ids = [c[0] for c in cards if c[1] == cards[0][1]]  # the Synthetic deck's cards
    browser = studied.browser
    done = browser.postpone(ids, "0")
    assert done.action == "postpone"
    assert done.cards > 0
    assert done.skipped == len(ids) - done.cards
    assert browser.undo_label == "postpone"
    moved = browser.advance(ids)
    assert moved.cards > 0
    assert browser.undo() == "advance"
    assert browser.undo() == "postpone"
    assert (_cards(studied), _log(studied)) == (cards, log)
    with pytest.raises(PmStudyError, match="whole number"):
        browser.postpone(ids, "soon")
