"""A break (calendar days with load 0) in the exam plan and in exam mode: the plan schedules no
study on its days, and exam mode moves no review onto them."""

from __future__ import annotations

import datetime as dt

import pytest

from pmstudy.clock import FixedClock
from pmstudy.services.container import Services
from pmstudy.services.tuning import MoveScope
from tests.tuning.support import write_history
from tests.tuning.synthetic import START, generate

NOW = START + dt.timedelta(days=200, hours=10)


@pytest.fixture
def planned(empty_services: Services, clock: FixedClock) -> tuple[Services, int]:
    clock.set(NOW)
    write_history(empty_services, generate(150, 200, seed=6))
    exam = (NOW + dt.timedelta(days=20)).date().isoformat()
    goal = empty_services.exams.add("psm-1", exam, decks=["Synthetic"])
    return empty_services, goal.id


def _plan_days(services: Services, goal_id: int) -> dict[dt.date, tuple[float, float]]:
    report = services.exams.report(goal_id)
    assert report.plan is not None
    return {d.day: (d.new, d.reviews) for d in report.plan.days}


def test_the_plan_shows_no_study_on_a_break(planned: tuple[Services, int]) -> None:
    services, goal_id = planned
    today = services.postponer.today()
    start, end = today + dt.timedelta(days=4), today + dt.timedelta(days=7)
    before = _plan_days(services, goal_id)
    assert any(before[start + dt.timedelta(days=i)][1] > 0 for i in range(4))
    services.postponer.schedule_break(MoveScope(deck="Synthetic"), start, end)
    after = _plan_days(services, goal_id)
    for i in range(4):
        assert after[start + dt.timedelta(days=i)] == (0.0, 0.0)
    assert after[end + dt.timedelta(days=1)][1] > 0  # reviews come back after it
    services.postponer.undo()
    assert any(_plan_days(services, goal_id)[start + dt.timedelta(days=i)][1] > 0 for i in range(4))


def test_exam_mode_moves_no_review_onto_a_break(planned: tuple[Services, int]) -> None:
    services, goal_id = planned
    goal = next(g for g in services.exams.goals() if g.id == goal_id)
    exam_day = services.days.day_of(goal.exam_at)
    start, end = exam_day - dt.timedelta(days=3), exam_day - dt.timedelta(days=1)
    services.postponer.schedule_break(MoveScope(), start, end)
    moved = services.exams.set_exam_mode(goal_id, True)
    assert moved > 0
    with services.sessions() as session:
        from sqlalchemy import select

        from pmstudy.db.models import CardRow

        dues = session.scalars(select(CardRow.due).where(CardRow.state == 2)).all()
    assert not any(start <= services.days.day_of(d) <= end for d in dues)
