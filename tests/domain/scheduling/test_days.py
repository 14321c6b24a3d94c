"""The study day follows the learner's time zone and rollover hour."""

from __future__ import annotations

import datetime as dt

import pytest

from pmstudy.domain.scheduling import DayClock


def test_rollover_at_four_am_local() -> None:
    days = DayClock.named("Europe/Berlin", 4)
    # 02:30 UTC on 22 Nov = 03:30 in Berlin: still the study day of 21 Nov
    assert days.day_of(dt.datetime(2026, 11, 22, 2, 30, tzinfo=dt.UTC)) == dt.date(2026, 11, 21)
    # 03:30 UTC = 04:30 Berlin: the new day
    assert days.day_of(dt.datetime(2026, 11, 22, 3, 30, tzinfo=dt.UTC)) == dt.date(2026, 11, 22)
    assert days.start_of(dt.date(2026, 11, 22)) == dt.datetime(2026, 11, 22, 3, tzinfo=dt.UTC)


def test_daylight_saving_change_keeps_local_rollover() -> None:
    days = DayClock.named("America/New_York", 4)
    # the night of 1 Nov 2026 ends summer time: day starts at 08:00 UTC then 09:00 UTC
    assert days.start_of(dt.date(2026, 10, 31)) == dt.datetime(2026, 10, 31, 8, tzinfo=dt.UTC)
    assert days.start_of(dt.date(2026, 11, 2)) == dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)


def test_next_day_start_and_bad_hour() -> None:
    days = DayClock(dt.UTC, 0)
    assert days.next_day_start(dt.datetime(2026, 1, 1, 23, 59, tzinfo=dt.UTC)) == dt.datetime(
        2026, 1, 2, tzinfo=dt.UTC
    )
    with pytest.raises(ValueError, match="rollover"):
        DayClock(dt.UTC, 24)
    with pytest.raises(ValueError, match="aware"):
        days.day_of(dt.datetime(2026, 1, 1))


def test_elapsed_days_counts_study_days_not_hours() -> None:
    days = DayClock.named("Europe/Berlin", 4)

    def at(text: str) -> dt.datetime:
        return dt.datetime.fromisoformat(text).astimezone(dt.UTC)

    # 6 h apart across the 4 am rollover: the next study day
    assert days.elapsed_days(at("2027-01-04T23:00+01:00"), at("2027-01-05T05:00+01:00")) == 1
    # 2 h apart, 3 am then 5 am: the next study day too
    assert days.elapsed_days(at("2027-01-05T03:00+01:00"), at("2027-01-05T05:00+01:00")) == 1
    # 12 h apart, 10 am then 10 pm: the same study day
    assert days.elapsed_days(at("2027-01-05T10:00+01:00"), at("2027-01-05T22:00+01:00")) == 0
    # 47 h apart, 5 am then 3:59 am two days later: one study day
    assert days.elapsed_days(at("2027-01-05T05:00+01:00"), at("2027-01-07T03:59+01:00")) == 1
    # a later instant on an earlier day (a clock set back) is never a negative gap
    assert days.elapsed_days(at("2027-01-07T05:00+01:00"), at("2027-01-05T05:00+01:00")) == 0
