"""Breaks (calendar days with load 0) in the plan's new-card schedule and in exam mode."""

from __future__ import annotations

import datetime as dt

from pmstudy.domain.exam import ExamModeRule
from pmstudy.domain.exam.exam_mode import apply_exam_mode, choose_day
from pmstudy.domain.exam.plan import new_schedule
from pmstudy.domain.model import CardState, Memory
from pmstudy.domain.scheduling import DEFAULT_PARAMETERS, DayClock

TODAY = dt.date(2026, 3, 2)


def _day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def test_break_days_get_no_new_cards_and_the_others_share_them() -> None:
    plain = new_schedule(100, 0, TODAY, _day(12), 2)
    assert plain.days[:10] == (10,) * 10
    breaks = {_day(3), _day(4)}
    schedule = new_schedule(100, 0, TODAY, _day(12), 2, breaks)
    assert schedule.days[3] == schedule.days[4] == 0
    assert schedule.total == 100
    assert schedule.per_day == 13  # 100 over 8 study days
    assert max(schedule.days) == 13


def test_a_break_today_leaves_todays_answers_out_of_the_share() -> None:
    schedule = new_schedule(40, 5, TODAY, _day(6), 2, {TODAY})
    assert schedule.days[0] == 0
    assert schedule.days[1:4] == (14, 14, 12)


def test_every_day_a_break_puts_the_cards_after_it_inside_the_buffer() -> None:
    breaks = {_day(i) for i in range(4)}
    schedule = new_schedule(10, 0, TODAY, _day(6), 2, breaks)
    assert schedule.days == (0, 0, 0, 0, 5, 5)


def test_exam_mode_never_chooses_a_break_day() -> None:
    load = {10: 5}
    assert choose_day(load, 8, 12, 3) == 12
    assert choose_day(load, 8, 12, 3, closed={12, 11}) == 9  # 10 is full, 9 is free
    assert choose_day(load, 8, 12, 3, closed={8, 9, 11, 12}) == 10  # full, but open
    assert choose_day(load, 8, 12, 3, closed={8, 9, 10, 11, 12}) is None


def test_apply_exam_mode_keeps_off_the_break() -> None:
    days = DayClock()
    exam_at = dt.datetime(2026, 3, 20, 9, tzinfo=dt.UTC)
    now = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    exam_day = days.day_of(exam_at).toordinal()
    after = Memory(
        state=CardState.REVIEW,
        stability=3.0,
        difficulty=5.0,
        due=dt.datetime(2026, 4, 30, 9, tzinfo=dt.UTC),
        last_review=now,
        reps=3,
    )
    closed = frozenset(exam_day - i for i in (1, 2))
    rule = ExamModeRule(exam_at, 0.9, 5, 50, closed=closed)
    moved, day = apply_exam_mode(
        after, now=now, rule=rule, days=days, parameters=DEFAULT_PARAMETERS, load={}
    )
    assert day == exam_day - 3
    assert moved.due == days.start_of(dt.date.fromordinal(exam_day - 3))
