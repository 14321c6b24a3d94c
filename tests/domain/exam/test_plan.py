"""The study plan: new cards before the buffer, review load, budget warning, re-planning."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmstudy.domain.exam import (
    CardTable,
    CardTags,
    ExamDomain,
    ExamSpec,
    Groups,
    NewSchedule,
    PassKind,
    PassRule,
    SimulationResult,
    SimulationSetup,
    build_plan,
    membership,
    new_schedule,
    simulate,
)
from pmstudy.domain.scheduling import LearnerProfile, learner_from_log
from tests.exams.tables import new_cards

TODAY = dt.date(2026, 11, 22)


@given(
    st.integers(min_value=0, max_value=3000),
    st.integers(min_value=0, max_value=40),
    st.integers(min_value=1, max_value=200),
    st.integers(min_value=0, max_value=30),
)
def test_every_card_is_introduced_before_the_buffer(
    remaining: int, done_today: int, days_left: int, buffer: int
) -> None:
    exam = TODAY + dt.timedelta(days=days_left)
    schedule = new_schedule(remaining, done_today, TODAY, exam, buffer)
    assert len(schedule.days) == days_left
    assert schedule.total == remaining
    if days_left > buffer:
        assert not schedule.inside_buffer
        assert all(n == 0 for n in schedule.days[days_left - buffer :])
        if schedule.introduce_by is not None:
            assert schedule.introduce_by < exam - dt.timedelta(days=buffer)
    else:
        assert schedule.inside_buffer
    assert max(schedule.days, default=0) <= max(schedule.per_day, 0)


def test_todays_cards_count_towards_todays_quota() -> None:
    exam = TODAY + dt.timedelta(days=24)
    fresh = new_schedule(100, 0, TODAY, exam, 14)
    assert fresh.per_day == 10
    assert fresh.days[:2] == (10, 10)
    later = new_schedule(94, 6, TODAY, exam, 14)
    assert later.per_day == 10
    assert later.days[0] == 4
    ahead = new_schedule(80, 20, TODAY, exam, 14)
    assert ahead.days[0] == 0


def test_exam_today_or_past_has_no_days() -> None:
    assert new_schedule(10, 0, TODAY, TODAY, 14).days == ()


def _table(cards: int) -> CardTable:
    return new_cards(cards)


SPEC = ExamSpec(
    "x",
    "x",
    "p",
    "1",
    "current",
    60,
    60,
    60,
    4,
    PassRule(PassKind.COUNT, 36, 60),
    (ExamDomain("d", "D", 100.0),),
)


def _simulate(
    cards: int, days: int, buffer: int, seed: int = 1
) -> tuple[NewSchedule, SimulationResult]:
    groups = Groups.of(SPEC)
    member = membership(CardTags.of([("exam::x::d",)] * cards), "x", groups)
    schedule = new_schedule(cards, 0, TODAY, TODAY + dt.timedelta(days=days), buffer)
    setup = SimulationSetup(
        0.0, 3600.0, (days + 0.2) * 86_400, days, schedule.days, LearnerProfile()
    )
    result = simulate(_table(cards), groups, member, [100.0], setup, np.random.default_rng(seed))
    return schedule, result


def test_simulation_introduces_every_card_before_the_buffer() -> None:
    _schedule, result = _simulate(500, 60, 14)
    assert result.new_per_day.sum() == pytest.approx(500)
    assert np.all(result.new_per_day[-14:] == 0)
    assert np.all(result.card_recall > 0)
    assert result.reviews_per_day[-14:].sum() > 0


def test_plan_is_seeded_and_stable_to_a_point() -> None:
    _, a = _simulate(300, 45, 14, seed=1)
    _, b = _simulate(300, 45, 14, seed=1)
    _, c = _simulate(300, 45, 14, seed=2)
    assert a.overall == b.overall
    assert abs(a.overall - c.overall) < 0.01
    assert a.stderr * 2 < 0.01


def test_budget_warning_with_options() -> None:
    schedule = new_schedule(600, 0, TODAY, TODAY + dt.timedelta(days=20), 14)
    plan = build_plan(
        schedule,
        TODAY,
        TODAY + dt.timedelta(days=20),
        600,
        [100.0] * 6 + [0.0] * 14,
        [50.0] * 20,
        8.0,
        10,
    )
    assert plan.warning is not None
    assert plan.peak_minutes == pytest.approx(150 * 8 / 60)
    assert plan.warning.days_over == 6
    options = plan.warning.options()
    assert len(options) == 3
    assert "20 min" in options[0]
    assert "later" in options[1]
    assert "fewer" in options[2]
    fine = build_plan(
        schedule, TODAY, TODAY + dt.timedelta(days=20), 600, [1.0] * 20, [1.0] * 20, 8.0, 10
    )
    assert fine.warning is None


def test_learner_profile_from_the_log() -> None:
    default = learner_from_log([])
    assert default.seconds_per_answer == 8.0
    assert not default.own_pass
    rows = [(2, 3, 4000)] * 40 + [(2, 2, 6000)] * 10 + [(0, 1, 5000)] * 40
    mine = learner_from_log(rows)
    assert mine.own_pass
    assert mine.own_first
    assert mine.own_seconds
    assert mine.pass_mix == pytest.approx((0.2, 0.8, 0.0))
    assert mine.first_mix == pytest.approx((1.0, 0.0, 0.0, 0.0))
    assert mine.seconds_per_answer == pytest.approx((40 * 4 + 10 * 6 + 40 * 5) / 90)


def test_plan_by_week_keeps_every_day_and_its_busiest() -> None:
    exam = TODAY + dt.timedelta(days=17)
    schedule = new_schedule(30, 0, TODAY, exam, 3)
    plan = build_plan(
        schedule, TODAY, exam, 30, [float(d % 5) for d in range(17)], [10.0] * 17, 6.0, None
    )
    weeks = plan.weeks()
    assert [w.days for w in weeks] == [7, 7, 3]
    assert weeks[0].first == TODAY
    assert weeks[-1].last == plan.days[-1].day
    assert sum(w.new for w in weeks) == pytest.approx(sum(d.new for d in plan.days))
    assert sum(w.reviews for w in weeks) == pytest.approx(sum(d.reviews for d in plan.days))
    assert sum(w.minutes for w in weeks) == pytest.approx(sum(d.minutes for d in plan.days))
    assert max(w.peak_minutes for w in weeks) == pytest.approx(plan.peak_minutes)
