"""The calendar service on a real migrated SQLite file: dates, undo, easy days, the switch."""

from __future__ import annotations

import datetime as dt

import pytest

from pmstudy.errors import PmStudyError
from pmstudy.services.container import Services

DAY = dt.date(2026, 12, 24)


def test_set_clear_and_restore_dates(empty_services: Services) -> None:
    calendar = empty_services.calendar
    first = calendar.set_days([DAY, DAY + dt.timedelta(days=1)], 0.0)
    assert first.before == {DAY: None, DAY + dt.timedelta(days=1): None}
    second = calendar.set_days([DAY], 0.5)
    assert second.before == {DAY: 0.0}
    assert calendar.calendar().dates == {DAY: 0.5, DAY + dt.timedelta(days=1): 0.0}
    calendar.restore(second)
    assert calendar.calendar().is_break(DAY)
    cleared = calendar.clear_days([DAY])
    assert cleared.before == {DAY: 0.0}
    assert DAY not in calendar.calendar().dates
    calendar.restore(cleared)
    assert calendar.calendar().dates[DAY] == 0.0


def test_a_bad_load_changes_nothing(empty_services: Services) -> None:
    with pytest.raises(PmStudyError, match="between 0 and 1"):
        empty_services.calendar.set_days([DAY], 2.0)
    assert empty_services.calendar.calendar().dates == {}


def test_easy_days_are_saved_on_the_preset(empty_services: Services) -> None:
    with empty_services.db.write() as uow:
        preset_id = uow.repo.default_preset_id()
    calendar = empty_services.calendar
    assert calendar.easy_days(preset_id) == (1.0,) * 7
    calendar.set_easy_days(preset_id, (1, 1, 1, 1, 1, 0.5, 0))
    assert calendar.easy_days(preset_id) == (1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.0)
    assert calendar.calendar(preset_id).is_break(dt.date(2026, 12, 13))  # a Sunday
    with pytest.raises(PmStudyError, match="easy days"):
        calendar.set_easy_days(preset_id, (1, 1))
    calendar.set_easy_days(preset_id, (1,) * 7)
    with empty_services.db.read() as uow:
        assert uow.repo.preset(preset_id).easy_days is None


def test_the_balancer_switch(empty_services: Services) -> None:
    assert empty_services.calendar.balancing()
    empty_services.calendar.set_balancing(False)
    assert not empty_services.calendar.balancing()
