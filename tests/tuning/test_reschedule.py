"""Rescheduling: nothing moves with unchanged options; one undoable step otherwise."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import select

from pmstudy.clock import FixedClock
from pmstudy.db.models import CardRow, ReviewLogRow
from pmstudy.domain.model import Rating
from pmstudy.errors import PmStudyError
from pmstudy.services.container import Services
from tests.tuning.support import write_history
from tests.tuning.synthetic import START, TRUE_PARAMETERS, generate

NOW = START + dt.timedelta(days=200, hours=10)


def _cards(services: Services) -> list[tuple[object, ...]]:
    with services.sessions() as session:
        rows = session.execute(
            select(
                CardRow.id, CardRow.state, CardRow.step, CardRow.stability,
                CardRow.difficulty, CardRow.due, CardRow.last_review, CardRow.reps,
            ).order_by(CardRow.id)
        ).all()  # fmt: skip
    return [tuple(r) for r in rows]


@pytest.fixture
def studied(empty_services: Services, clock: FixedClock) -> Services:
    clock.set(NOW)
    write_history(empty_services, generate(150, 200, seed=6))
    return empty_services


def _set_parameters(services: Services, values: tuple[float, ...], retention: float) -> None:
    preset = services.presets.scopes(preset="Default")[0].preset
    services.presets.save(replace(preset, fsrs_params=values, desired_retention=retention))


def test_unchanged_options_move_nothing(studied: Services) -> None:
    report = studied.rescheduler.reschedule(dry_run=True)
    assert report.plan["cards_considered"] == 150
    assert report.plan["cards_changed"] == 0
    assert report.plan["forecast_before"] == report.plan["forecast_after"]


def test_reschedule_and_undo_round_trip(studied: Services) -> None:
    before = _cards(studied)
    _set_parameters(studied, TRUE_PARAMETERS, 0.85)
    preview = studied.rescheduler.reschedule(dry_run=True)
    assert preview.plan["cards_changed"] > 100
    assert preview.plan["cards_moving"] > 50
    assert sum(preview.plan["forecast_after"]) != sum(preview.plan["forecast_before"]) or (
        preview.plan["forecast_after"] != preview.plan["forecast_before"]
    )
    assert _cards(studied) == before  # a dry run writes nothing
    done = studied.rescheduler.reschedule()
    assert done.applied
    assert done.changed == preview.plan["cards_changed"]
    last = studied.rescheduler.last()
    assert last is not None
    assert (last["step"], last["cards"], last["scopes"]) == (
        done.step,
        done.changed,
        ["preset Default"],
    )
    after = _cards(studied)
    assert after != before
    assert studied.rescheduler.reschedule(dry_run=True).plan["cards_changed"] == 0
    undone = studied.rescheduler.undo()
    assert (undone.restored, undone.skipped) == (done.changed, 0)
    assert _cards(studied) == before
    assert studied.rescheduler.last() is None
    with studied.sessions() as session:
        manual = session.scalars(select(ReviewLogRow.id).where(ReviewLogRow.kind == "manual")).all()
    assert manual == []
    with pytest.raises(PmStudyError, match="no reschedule to undo"):
        studied.rescheduler.undo()


def test_undo_leaves_cards_answered_since(studied: Services, clock: FixedClock) -> None:
    _set_parameters(studied, TRUE_PARAMETERS, 0.9)
    done = studied.rescheduler.reschedule()
    deck_id = next(n.id for n in studied.study.deck_tree() if n.name == "Synthetic")
    clock.advance(minutes=5)
    session = studied.study.start(deck_id)
    card = session.next_card()
    assert card is not None
    session.answer(Rating.GOOD, duration_ms=4000)
    undone = studied.rescheduler.undo()
    assert undone.skipped == 1
    assert undone.restored == done.changed - 1
