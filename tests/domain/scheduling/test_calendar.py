"""The study calendar: weekday loads, specific dates over them, breaks, ranges."""

from __future__ import annotations

import datetime as dt

import pytest

from pmstudy.domain.scheduling import StudyCalendar, days_between

MONDAY = dt.date(2026, 12, 7)


def test_weekday_loads_apply_monday_first_and_dates_override_them() -> None:
    calendar = StudyCalendar.of(
        (1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.0), {MONDAY + dt.timedelta(days=6): 1.0}
    )
    assert calendar.load_on(MONDAY) == 1.0
    assert calendar.load_on(MONDAY + dt.timedelta(days=5)) == 0.5  # Saturday
    assert calendar.is_break(MONDAY + dt.timedelta(days=13))  # next Sunday
    assert not calendar.is_break(MONDAY + dt.timedelta(days=6))  # this Sunday set to normal
    assert calendar.loads(MONDAY, 3) == (1.0, 1.0, 1.0)


def test_a_break_date_and_a_plain_calendar() -> None:
    assert StudyCalendar().plain
    calendar = StudyCalendar(dates={MONDAY: 0.0})
    assert not calendar.plain
    assert calendar.is_break(MONDAY)
    assert calendar.with_weekdays(None).dates == {MONDAY: 0.0}


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan")])
def test_a_load_outside_zero_to_one_is_refused(bad: float) -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        StudyCalendar(dates={MONDAY: bad})
    with pytest.raises(ValueError, match="between 0 and 1"):
        StudyCalendar((bad,) * 7)


def test_weekdays_take_seven_loads() -> None:
    with pytest.raises(ValueError, match="seven"):
        StudyCalendar((1.0,) * 6)


def test_days_between_is_inclusive_and_forward() -> None:
    assert days_between(MONDAY, MONDAY + dt.timedelta(days=2)) == [
        MONDAY,
        MONDAY + dt.timedelta(days=1),
        MONDAY + dt.timedelta(days=2),
    ]
    with pytest.raises(ValueError, match="forward"):
        days_between(MONDAY, MONDAY - dt.timedelta(days=1))
