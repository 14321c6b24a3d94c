"""Readiness over time on a real migrated SQLite file: one point per exam and day, the last
report of the day kept, adherence from the points, points gone with their exam."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from pmstudy.clock import FixedClock
from pmstudy.db.exams import ReadinessHistory
from pmstudy.db.models import ReadinessHistoryRow
from pmstudy.domain.exam import Estimate, ReadinessPoint, adherence, kept
from pmstudy.domain.model import Rating
from pmstudy.services.container import Services, build_services
from pmstudy.settings import Settings

DAY = dt.date(2026, 11, 22)


def _rows(services: Services) -> int:
    with services.engine.connect() as connection:
        return int(connection.execute(select(func.count(ReadinessHistoryRow.id))).scalar_one())


def _answer(services: Services, count: int) -> None:
    deck = next(n.id for n in services.study.deck_tree() if n.name == "Scrum")
    session = services.study.start(deck)
    for _ in range(count):
        if session.next_card() is None:
            break
        session.answer(Rating.EASY, duration_ms=6000)


def test_one_point_per_day_the_last_report_wins(services: Services, clock: FixedClock) -> None:
    goal = services.exams.add("psm-1", "2027-01-10")
    quick = services.exams.report(goal.id, with_plan=False)
    services.exams.record_history(quick)
    assert services.exams.history(goal.id) == []  # no plan: nothing kept

    first = services.exams.report(goal.id)
    services.exams.record_history(first)
    [point] = services.exams.history(goal.id)
    r = first.readiness
    assert point.goal_id == goal.id
    assert point.day == first.today == DAY
    assert point.recorded_at == first.now
    assert r.plan is not None
    assert (point.today, point.plan) == (kept(r.today), kept(r.plan))
    assert point.today.value == round(r.today.value, 3)
    assert point.today.level == r.today.level
    for stored, shown in ((point.pass_today, r.pass_today), (point.pass_plan, r.pass_plan)):
        assert stored == (None if shown is None else kept(shown))
    p = first.progress
    assert point.answers_planned == p.new_target + p.reviews_due > 0
    assert point.answers_done == 0

    clock.advance(hours=2)
    _answer(services, 10)
    later = services.exams.report(goal.id)
    services.exams.record_history(later)
    [point] = services.exams.history(goal.id)
    assert point.recorded_at == later.now
    assert point.answers_done == later.progress.new_done + later.progress.reviews_done == 10
    assert point.today == kept(later.readiness.today)

    clock.advance(days=1)
    services.exams.record_history(services.exams.report(goal.id))
    days = [q.day for q in services.exams.history(goal.id)]
    assert days == [DAY, DAY + dt.timedelta(days=1)]
    assert _rows(services) == 2


def test_the_same_figures_are_not_written_again(services: Services, clock: FixedClock) -> None:
    """A report asked again later with nothing changed gives the same figures to 0.1 point
    (the plan projection drifts a little as the day runs out): no commit, so the report cache
    (emptied by any commit) survives."""
    goal = services.exams.add("psm-1", "2027-01-10")
    services.exams.record_history(services.exams.report(goal.id))
    watch = services.engine.connect()
    try:
        before = watch.exec_driver_sql("PRAGMA data_version").scalar()
        clock.advance(minutes=5)
        services.exams.record_history(services.exams.report(goal.id))
        assert watch.exec_driver_sql("PRAGMA data_version").scalar() == before
    finally:
        watch.close()
    [point] = services.exams.history(goal.id)
    assert point.recorded_at == dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC)


def test_adherence_sums_the_fourteen_days_before_today(
    services: Services, clock: FixedClock
) -> None:
    goal = services.exams.add("psm-1", "2027-01-10")
    for done in (10, 0, 5):
        report = services.exams.report(goal.id)
        services.exams.record_history(report)
        _answer(services, done)
        services.exams.record_history(services.exams.report(goal.id))
        clock.advance(days=1)
    points = services.exams.history(goal.id)
    assert [q.answers_done for q in points] == [10, 0, 5]
    today = DAY + dt.timedelta(days=3)
    done, planned = services.exams.adherence(goal.id, today)
    assert done == 15.0
    assert planned == sum(q.answers_planned for q in points) > done
    # Today is left out, and days more than 14 days back.
    assert services.exams.adherence(goal.id, DAY + dt.timedelta(days=2))[0] == 10.0
    last = float(points[2].answers_planned)
    assert services.exams.adherence(goal.id, DAY + dt.timedelta(days=16)) == (5.0, last)
    assert services.exams.adherence(goal.id, DAY) == (0.0, 0.0)


def test_points_go_with_their_exam(services: Services) -> None:
    goal = services.exams.add("psm-1", "2027-01-10")
    other = services.exams.add("csm", "2026-12-20", decks=["Scrum"], exam_mode=False)
    services.exams.record_history(services.exams.report(goal.id))
    services.exams.record_history(services.exams.report(other.id))
    assert _rows(services) == 2
    services.exams.remove(goal.id)
    assert services.exams.history(goal.id) == []
    assert [q.goal_id for q in services.exams.history(other.id)] == [other.id]


def test_adherence_of_points_golden() -> None:
    at = dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC)

    def point(day: int, planned: int, done: int) -> ReadinessPoint:
        return ReadinessPoint(
            goal_id=1,
            day=DAY + dt.timedelta(days=day),
            recorded_at=at,
            today=Estimate(0.5, 0.4, 0.6),
            plan=None,
            pass_today=None,
            pass_plan=None,
            answers_planned=planned,
            answers_done=done,
        )

    points = [point(-15, 100, 100), point(-14, 40, 20), point(-3, 50, 45), point(0, 60, 1)]
    assert adherence(points, DAY) == (65.0, 90.0)
    assert adherence(points, DAY, days=3) == (45.0, 50.0)
    assert adherence([], DAY) == (0.0, 0.0)


def test_a_point_stored_meanwhile_by_another_process_is_updated(
    services: Services, clock: FixedClock, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two windows on one database: both see no point for the day, the other stores its
    point first; ours must update that row, not fail on the exam-and-day key."""
    goal = services.exams.add("psm-1", "2027-01-10")
    other = build_services(settings, clock, seed=1)
    try:
        other.exams.record_history(other.exams.report(goal.id))
    finally:
        other.close()
    looked = ReadinessHistory._row
    calls = 0

    def missed_it(self: ReadinessHistory, goal_id: int, day: dt.date) -> ReadinessHistoryRow | None:
        nonlocal calls
        calls += 1
        return None if calls == 1 else looked(self, goal_id, day)

    clock.advance(hours=1)
    _answer(services, 5)
    later = services.exams.report(goal.id, with_plan=False)
    monkeypatch.setattr(ReadinessHistory, "_row", missed_it)
    later = services.exams.report(goal.id)  # records the day's point
    assert calls >= 2  # missed, then found after the insert hit the key
    monkeypatch.undo()
    [point] = services.exams.history(goal.id)
    assert point.recorded_at == later.now
    assert point.answers_done == 5
    assert _rows(services) == 1
